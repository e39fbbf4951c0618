using GoingHome.Testing;
using Grpc.Net.Client;
using Npgsql;

namespace GoingHome.Suite.Tests;

/// <summary>
/// All six services as real processes (their own build output, Kestrel, migrations on start) on one throwaway
/// PostgreSQL and Redis, wired to each other by the Aspire configuration names the runner and AppHost use.
/// <paramref name="instances"/> runs that many copies of every service on the same database and Redis.
/// </summary>
public class Suite(int instances) : IAsyncLifetime
{
    /// <summary>Name (the Aspire resource and topic), project and database of each service, in start order.</summary>
    public static readonly IReadOnlyList<(string Name, string Project, string Database)> Services =
    [
        ("case", "GoingHome.Case", "casedb"),
        ("approvals", "GoingHome.Approvals", "approvalsdb"),
        ("assessment", "GoingHome.Assessment", "assessmentdb"),
        ("notifications", "GoingHome.Notifications", "notificationsdb"),
        ("pathway", "GoingHome.Pathway", "pathwaydb"),
        ("lastinghomes", "GoingHome.LastingHomes", "lastinghomesdb"),
    ];

    private readonly Dictionary<string, string> _databases = [];
    private readonly Dictionary<string, GrpcChannel> _channels = [];

    public Suite()
        : this(1)
    {
    }

    public PostgresServer Postgres { get; private set; } = null!;

    public RedisServer Redis { get; private set; } = null!;

    /// <summary>Every running copy of every service, by service name.</summary>
    public Dictionary<string, List<ServiceProcess>> Processes { get; } = [];

    /// <summary>Further configuration every service process gets (environment variable names).</summary>
    protected virtual IReadOnlyDictionary<string, string> Settings { get; } = new Dictionary<string, string>();

    public virtual async Task InitializeAsync()
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

    public virtual async Task DisposeAsync()
    {
        foreach (var channel in _channels.Values)
        {
            channel.Dispose();
        }

        await Task.WhenAll(Processes.Values.SelectMany(copies => copies).Select(copy => copy.DisposeAsync().AsTask()));
        await Redis.DisposeAsync();
        await Postgres.DisposeAsync();
    }

    public ServiceProcess Process(string service, int instance = 0) => Processes[service][instance];

    /// <summary>One channel per service copy, kept for the suite: it reconnects by itself after a restart.</summary>
    public GrpcChannel Channel(string service, int instance = 0)
    {
        var key = $"{service}/{instance}";
        lock (_channels)
        {
            if (!_channels.TryGetValue(key, out var channel))
            {
                channel = GrpcChannel.ForAddress(Process(service, instance).GrpcAddress, new GrpcChannelOptions { MaxRetryAttempts = 0 });
                _channels[key] = channel;
            }

            return channel;
        }
    }

    public Person As(string userId, string role, int instance = 0) => new(this, userId, role, instance);

    public async Task<T> QueryAsync<T>(string database, string sql, Func<NpgsqlDataReader, Task<T>> read, params (string Name, object Value)[] parameters)
    {
        await using var connection = new NpgsqlConnection(_databases[database]);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var (parameterName, value) in parameters)
        {
            command.Parameters.AddWithValue(parameterName, value);
        }

        await using var reader = await command.ExecuteReaderAsync();
        return await read(reader);
    }

    public Task<long> CountAsync(string database, string sql, params (string Name, object Value)[] parameters) =>
        QueryAsync(database, sql, async reader => await reader.ReadAsync() ? Convert.ToInt64(reader.GetValue(0), System.Globalization.CultureInfo.InvariantCulture) : 0, parameters);

    /// <summary>The audit trail one service keeps of a child's record: who, in which role, which method, read or write.</summary>
    public Task<List<AuditEntry>> AuditAsync(string database, string childId) =>
        QueryAsync(database, """SELECT "UserId", "Role", "Method", "Access" FROM audit_log WHERE "ChildId" = @child ORDER BY "Id" """, async reader =>
        {
            var entries = new List<AuditEntry>();
            while (await reader.ReadAsync())
            {
                entries.Add(new AuditEntry(reader.GetString(0), reader.GetString(1), reader.GetString(2)[(reader.GetString(2).LastIndexOf('/') + 1)..], reader.GetString(3)));
            }

            return entries;
        }, ("child", childId));
}

public sealed record AuditEntry(string UserId, string Role, string Method, string Access);
