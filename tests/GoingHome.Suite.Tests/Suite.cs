using GoingHome.Testing;
using Grpc.Net.Client;
using Npgsql;

namespace GoingHome.Suite.Tests;

/// <summary>
/// The six services running, however they were started (<see cref="AspireSuite"/> through the AppHost,
/// <see cref="ProcessSuite"/> as plain processes): their gRPC addresses, people calling them, and their databases.
/// </summary>
public abstract class Suite : IAsyncLifetime
{
    /// <summary>Name (the Aspire resource and topic), project and database of each service, from the AppHost's suite.json.</summary>
    public static readonly IReadOnlyList<(string Name, string Project, string Database)> Services = ReadServices();

    private readonly Dictionary<string, GrpcChannel> _channels = [];

    public abstract Task InitializeAsync();

    public virtual Task DisposeAsync()
    {
        foreach (var channel in _channels.Values)
        {
            channel.Dispose();
        }

        return Task.CompletedTask;
    }

    /// <summary>Where a copy of a service takes gRPC (HTTP/2).</summary>
    public abstract Uri GrpcAddress(string service, int instance = 0);

    /// <summary>A connection string to one service's database, for reading what it stored.</summary>
    protected abstract string ConnectionString(string database);

    /// <summary>One channel per service copy, kept for the suite: it reconnects by itself after a restart.</summary>
    public GrpcChannel Channel(string service, int instance = 0)
    {
        var key = $"{service}/{instance}";
        lock (_channels)
        {
            if (!_channels.TryGetValue(key, out var channel))
            {
                channel = GrpcChannel.ForAddress(GrpcAddress(service, instance), new GrpcChannelOptions { MaxRetryAttempts = 0 });
                _channels[key] = channel;
            }

            return channel;
        }
    }

    public Person As(string userId, string role, int instance = 0) => new(this, userId, role, instance);

    public async Task<T> QueryAsync<T>(string database, string sql, Func<NpgsqlDataReader, Task<T>> read, params (string Name, object Value)[] parameters)
    {
        await using var connection = new NpgsqlConnection(ConnectionString(database));
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

    private static List<(string Name, string Project, string Database)> ReadServices()
    {
        using var suite = System.Text.Json.JsonDocument.Parse(File.ReadAllText(Repository.Path("apphost", "GoingHome.AppHost", "suite.json")));
        return [.. suite.RootElement.GetProperty("services").EnumerateArray().Select(s =>
            (s.GetProperty("name").GetString()!, s.GetProperty("project").GetString()!, s.GetProperty("database").GetString()!))];
    }
}

public sealed record AuditEntry(string UserId, string Role, string Method, string Access);
