using System.Text.Json;

namespace GoingHome.AppHost;

/// <summary>suite.json: the services, their databases, ports and calls, and the web app; the one table the AppHost and the Kubernetes generator read.</summary>
public sealed record SuiteModel(InfrastructureEntry Postgres, InfrastructureEntry Redis, IReadOnlyList<ServiceEntry> Services, InfrastructureEntry WebApp)
{
    public static SuiteModel Load(string appHostDirectory) => JsonSerializer.Deserialize<SuiteModel>(
        File.ReadAllText(Path.Combine(appHostDirectory, "suite.json")), JsonSerializerOptions.Web)
        ?? throw new InvalidOperationException("suite.json is empty.");
}

public sealed record InfrastructureEntry(string Name, int Port);

public sealed record ServiceEntry(string Name, string Project, string Database, int GrpcPort, int WebPort, IReadOnlyList<string> Calls);
