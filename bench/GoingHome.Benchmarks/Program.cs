using GoingHome.Benchmarks;

// Usage: bench/case.sh and bench/notifications.sh run these against ./run.sh's suite; see the usage lines below.
var options = new Dictionary<string, List<string>>();
for (var i = 1; i + 1 < args.Length; i += 2)
{
    options.TryAdd(args[i].TrimStart('-'), []);
    options[args[i].TrimStart('-')].Add(args[i + 1]);
}

string Option(string name) => options.TryGetValue(name, out var values) ? values[0] : throw new ArgumentException($"--{name} is required");

int Number(string name, int fallback) => options.ContainsKey(name) ? int.Parse(Option(name), System.Globalization.CultureInfo.InvariantCulture) : fallback;

var processes = (options.GetValueOrDefault("pid") ?? []).Select(SuiteProcess.Parse).ToList();
IReadOnlyList<string> lines;
switch (args.FirstOrDefault())
{
    case "case":
        lines = await RunCaseAsync();
        break;
    case "notifications":
        Console.WriteLine($"Notifications benchmark: {Environment.ProcessorCount} cores");
        lines = await new NotificationsBenchmark(
            new Uri(Option("grpc")), new Uri(Option("case")), Option("redis"), File.ReadAllText(Option("key-file")).Trim(),
            Number("rate", 500), TimeSpan.FromSeconds(Number("seconds", 60)), Number("streams", 1000),
            () => string.Join(", ", processes.Select(p => $"{p.Name} {p.ResidentMegabytes()} MiB"))).RunAsync();
        break;
    case "suite":
        Console.WriteLine($"Suite load: {Number("children", 100)} children, {Number("concurrency", 32)} concurrent callers, {Number("streams", 100)} streams, {Number("seconds", 30)}s, {Environment.ProcessorCount} cores");
        lines = await new SuiteLoadBenchmark(
            options["service"].Select(s => s.Split('=', 2)).ToDictionary(s => s[0], s => new Uri(s[1])), File.ReadAllText(Option("key-file")).Trim(),
            Number("children", 100), Number("concurrency", 32), Number("streams", 100), TimeSpan.FromSeconds(Number("seconds", 30)),
            processes, options.GetValueOrDefault("other") ?? [], Number("flood-concurrency", 0)).RunAsync();
        break;
    case "sync":
        var shape = options.GetValueOrDefault("shape")?.FirstOrDefault() ?? "v1";
        Console.WriteLine($"SyncChildren: {Number("children", 10000)} children ({(shape == "ssda903" ? "whole synthetic SSDA903 histories" : "an episode, a placement, three allocations each")}), batches of {Number("batch", 500)}, {Number("concurrency", 2)} at once, {Environment.ProcessorCount} cores");
        lines = await new SyncBenchmark(new Uri(Option("grpc")), File.ReadAllText(Option("key-file")).Trim(), Option("casedb"),
            Number("children", 10000), Number("batch", 500), Number("concurrency", 2), shape).RunAsync();
        break;
    default:
        Console.Error.WriteLine("usage: GoingHome.Benchmarks case --grpc URL --key-file PATH --casedb CONNECTION [--seconds N] [--concurrency N] [--pid PID]...");
        Console.Error.WriteLine("       GoingHome.Benchmarks suite --service NAME=URL... --key-file PATH [--children N] [--concurrency N] [--streams N] [--seconds N] [--pid NAME=PID]... [--other NAME=REGEX]... [--flood-concurrency N]");
        Console.Error.WriteLine("       GoingHome.Benchmarks sync --grpc URL --key-file PATH --casedb CONNECTION [--children N] [--batch N] [--concurrency N] [--shape v1|ssda903]");
        Console.Error.WriteLine("       GoingHome.Benchmarks notifications --grpc URL --case URL --redis HOST:PORT --key-file PATH [--rate N] [--seconds N] [--streams N] [--pid PID]...");
        return 2;
}

foreach (var line in lines)
{
    Console.WriteLine(line);
}

foreach (var process in processes)
{
    Console.WriteLine($"resident memory of {process.Name} (pid {process.Pid}) after the run: {process.ResidentMegabytes()} MiB (aim <= 200)");
}

return 0;

async Task<IReadOnlyList<string>> RunCaseAsync()
{
    var seconds = Number("seconds", 10);
    var concurrency = Number("concurrency", 16);
    var benchmark = new CaseBenchmark(new Uri(Option("grpc")), File.ReadAllText(Option("key-file")).Trim(), Option("casedb"), concurrency, TimeSpan.FromSeconds(seconds));
    Console.WriteLine($"Case service benchmark: {concurrency} concurrent calls, {seconds}s per measurement, {Environment.ProcessorCount} cores");
    return await benchmark.RunAsync();
}
