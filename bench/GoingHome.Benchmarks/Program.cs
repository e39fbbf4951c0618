using GoingHome.Benchmarks;

// Usage (bench/case.sh does all of this): GoingHome.Benchmarks case --grpc http://127.0.0.1:5101
//   --key-file .run/signing-key --casedb "Host=...;Database=casedb" [--seconds 10] [--concurrency 16] [--pid 1234 ...]
var options = new Dictionary<string, List<string>>();
for (var i = 1; i + 1 < args.Length; i += 2)
{
    options.TryAdd(args[i].TrimStart('-'), []);
    options[args[i].TrimStart('-')].Add(args[i + 1]);
}

string Option(string name) => options.TryGetValue(name, out var values) ? values[0] : throw new ArgumentException($"--{name} is required");

if (args.FirstOrDefault() != "case")
{
    Console.Error.WriteLine("usage: GoingHome.Benchmarks case --grpc URL --key-file PATH --casedb CONNECTION [--seconds N] [--concurrency N] [--pid PID]...");
    return 2;
}

var seconds = options.ContainsKey("seconds") ? int.Parse(Option("seconds"), System.Globalization.CultureInfo.InvariantCulture) : 10;
var concurrency = options.ContainsKey("concurrency") ? int.Parse(Option("concurrency"), System.Globalization.CultureInfo.InvariantCulture) : 16;
var benchmark = new CaseBenchmark(new Uri(Option("grpc")), File.ReadAllText(Option("key-file")).Trim(), Option("casedb"), concurrency, TimeSpan.FromSeconds(seconds));

Console.WriteLine($"Case service benchmark: {concurrency} concurrent calls, {seconds}s per measurement, {Environment.ProcessorCount} cores");
foreach (var line in await benchmark.RunAsync())
{
    Console.WriteLine(line);
}

foreach (var pid in options.GetValueOrDefault("pid") ?? [])
{
    Console.WriteLine($"resident memory of pid {pid} after the run: {ResidentMegabytes(pid)} MiB (aim < 256)");
}

return 0;

static long ResidentMegabytes(string pid)
{
    var line = File.ReadLines($"/proc/{pid}/status").First(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
    return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], System.Globalization.CultureInfo.InvariantCulture) / 1024;
}
