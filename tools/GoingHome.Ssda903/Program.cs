using GoingHome.Case.V1;
using Grpc.Core;
using Grpc.Core.Interceptors;
using Grpc.Net.Client;

namespace GoingHome.Ssda903;

/// <summary>The command line: import a CLA return file, or export a collection year (README, "The SSDA903 return").</summary>
internal static class Cli
{
    public static async Task<int> Main(string[] args)
    {
        // goinghome-903 import (--xml FILE | --header FILE --episodes FILE) [--source-system lcs]
        // goinghome-903 export --year 2026 --out FILE
        // goinghome-903 generate --children 250 [--seed 903] --out FILE   (a synthetic return for trial loads)
        // Case's address from --address or GOINGHOME_CASE_URL; an integrator's token from --token or GOINGHOME_TOKEN.
        var options = Options(args.Skip(1));
        string Option(string name, string? environment = null) =>
            options.GetValueOrDefault(name) ?? (environment is null ? null : Environment.GetEnvironmentVariable(environment))
            ?? throw new ArgumentException($"--{name} is required");

        try
        {
            if (args.FirstOrDefault() == "generate")
            {
                var seed = int.Parse(options.GetValueOrDefault("seed") ?? "903", System.Globalization.CultureInfo.InvariantCulture);
                var count = int.Parse(Option("children"), System.Globalization.CultureInfo.InvariantCulture);
                var synthetic = new SyntheticReturn(seed, DateOnly.FromDateTime(DateTime.UtcNow).AddDays(-1)).Children(count, "S");
                ClaFile.ToXml(synthetic.Select(c => new ClaChild(c.SourceId, c.Ssda903))).Save(Option("out"));
                Console.WriteLine($"generated {count} children (seed {seed})");
                return 0;
            }

            using var channel = GrpcChannel.ForAddress(Option("address", "GOINGHOME_CASE_URL"));
            var token = Option("token", "GOINGHOME_TOKEN");
            var cases = new CaseService.CaseServiceClient(channel.Intercept(metadata => { metadata.Add("authorization", $"Bearer {token}"); return metadata; }));
            var transfer = new Ssda903Transfer(cases);
            switch (args.FirstOrDefault())
            {
                case "import":
                    var children = options.TryGetValue("xml", out var xml)
                        ? ClaFile.ReadXml(File.OpenRead(xml))
                        : ClaFile.ReadCsv(File.OpenText(Option("header")), File.OpenText(Option("episodes")));
                    var report = await transfer.ImportAsync(options.GetValueOrDefault("source-system") ?? "ssda903", children, CancellationToken.None);
                    Console.WriteLine($"created {report.Created}, updated {report.Updated}, unchanged {report.Unchanged}, refused {report.Refused.Count}");
                    foreach (var line in report.Refused)
                    {
                        Console.WriteLine($"refused {line}");
                    }

                    return report.Refused.Count == 0 ? 0 : 3;
                case "export":
                    var incomplete = new List<string>();
                    var year = int.Parse(Option("year"), System.Globalization.CultureInfo.InvariantCulture);
                    var document = ClaFile.ToXml(await transfer.ExportAsync(year, incomplete, CancellationToken.None));
                    var errors = ClaFile.Validate(document, Path.Combine(AppContext.BaseDirectory, "CLA.xsd"));
                    document.Save(Option("out"));
                    Console.WriteLine($"exported {document.Root!.Elements("CHILD").Count()} children for {year - 1}-{year}; left out {incomplete.Count}; schema errors {errors.Count}");
                    foreach (var line in incomplete.Concat(errors))
                    {
                        Console.Error.WriteLine(line);
                    }

                    return errors.Count == 0 ? 0 : 4;
                default:
                    Console.Error.WriteLine("usage: import (--xml FILE | --header FILE --episodes FILE) [--source-system NAME] | export --year YYYY --out FILE; --address URL --token JWT | generate --children N [--seed S] --out FILE");
                    return 2;
            }
        }
        catch (Exception e) when (e is ArgumentException or RpcException or IOException or FormatException or System.Xml.XmlException)
        {
            Console.Error.WriteLine(e.Message);
            return 1;
        }
    }

    private static Dictionary<string, string> Options(IEnumerable<string> args)
    {
        var list = args.ToList();
        var options = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i + 1 < list.Count; i += 2)
        {
            options[list[i].TrimStart('-')] = list[i + 1];
        }

        return options;
    }
}
