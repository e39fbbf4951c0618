using GoingHome.Testing;

namespace GoingHome.Suite.Tests;

/// <summary>
/// All six services as plain processes started by the test (their own build output, Kestrel, migrations on start) on
/// one throwaway PostgreSQL and Redis, wired by the configuration names the AppHost gives them. For what the AppHost
/// does not do: SIGKILL a service and start it again (faults, gates with a dependency down), run
/// <paramref name="instances"/> copies of every service on one database and Redis, or set a service's log level.
/// </summary>
public class ProcessSuite(int instances) : Suite
{
    private readonly Dictionary<string, string> _databases = [];

    public ProcessSuite()
        : this(1)
    {
    }

    public PostgresServer Postgres { get; private set; } = null!;

    public RedisServer Redis { get; private set; } = null!;

    /// <summary>Every running copy of every service, by service name.</summary>
    public Dictionary<string, List<ServiceProcess>> Processes { get; } = [];

    /// <summary>Further configuration every service process gets (environment variable names).</summary>
    protected virtual IReadOnlyDictionary<string, string> Settings { get; } = new Dictionary<string, string>();

    public override async Task InitializeAsync()
    {
        Postgres = await PostgresServer.StartAsync();
        Redis = await RedisServer.StartAsync();
        foreach (var (_, _, database) in Services)
        {
            _databases[database] = await Postgres.CreateDatabaseAsync(database);
        }

        var ports = Services.ToDictionary(s => s.Name, _ => Enumerable.Range(0, instances).Select(_ => (Grpc: LocalProcess.FreePort(), Web: LocalProcess.FreePort())).ToList());
        foreach (var (name, project, database) in Services)
        {
            var environment = new Dictionary<string, string>
            {
                [$"ConnectionStrings__{database}"] = _databases[database],
                ["ConnectionStrings__redis"] = Redis.ConnectionString,
                ["Auth__SigningKey"] = TestTokens.SigningKey,
                ["Database__MigrateOnStartup"] = "true",
                ["Messaging__MaxPollDelay"] = "00:00:00.200",
            };
            foreach (var (key, value) in Settings)
            {
                environment[key] = value;
            }

            foreach (var (other, _, _) in Services.Where(s => s.Name != name))
            {
                environment[$"services__{other}__http__0"] = $"http://127.0.0.1:{ports[other][0].Grpc}";
            }

            Processes[name] = [.. ports[name].Select(p => new ServiceProcess(project, environment, p.Grpc, p.Web))];
        }

        // The first copy of each migrates its database alone; the others start once the schema is there.
        await Task.WhenAll(Processes.Values.Select(copies => copies[0].StartAsync()));
        await Task.WhenAll(Processes.Values.SelectMany(copies => copies.Skip(1)).Select(copy => copy.StartAsync()));
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await Task.WhenAll(Processes.Values.SelectMany(copies => copies).Select(copy => copy.DisposeAsync().AsTask()));
        await Redis.DisposeAsync();
        await Postgres.DisposeAsync();
    }

    public ServiceProcess Process(string service, int instance = 0) => Processes[service][instance];

    public override Uri GrpcAddress(string service, int instance = 0) => new(Process(service, instance).GrpcAddress);

    protected override string ConnectionString(string database) => _databases[database];
}
