using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Npgsql;
using StackExchange.Redis;

namespace GoingHome.AppHost.Local;

/// <summary>
/// PostgreSQL and Redis as local processes the AppHost starts, watches and stops, for machines with no healthy
/// container runtime. Data is kept in the data folder each resource is given, across runs; Redis is append-only with an fsync
/// on every write, because the outbox counts an event as sent once Redis has it.
/// </summary>
public static class LocalInfrastructure
{
    public static IResourceBuilder<LocalPostgresResource> AddLocalPostgres(this IDistributedApplicationBuilder builder, string name, string dataFolder, int port)
    {
        var server = new LocalPostgresResource(name, builder.AppHostDirectory);
        builder.Eventing.Subscribe<ResourceReadyEvent>(server, async (ready, ct) =>
        {
            var notifications = ready.Services.GetRequiredService<ResourceNotificationService>();
            foreach (var database in server.Databases)
            {
                await database.CreateIfMissingAsync(ct);
                await notifications.PublishUpdateAsync(database, state => state with { State = KnownResourceStates.Running });
            }
        });
        return builder.AddResource(server)
            .WithEndpoint(port: port, name: LocalPostgresResource.EndpointName, scheme: "tcp")
            .WithArgs(context =>
            {
                context.Args.Add(Path.Combine(builder.AppHostDirectory, "Local", "postgres.sh"));
                context.Args.Add(Path.Combine(dataFolder, "postgres"));
                context.Args.Add(server.Endpoint.Property(EndpointProperty.TargetPort));
            })
            .WithReadyCheck(builder, name, ct => server.PingAsync(server.ConnectionStringExpression, ct));
    }

    public static IResourceBuilder<LocalPostgresDatabaseResource> AddLocalDatabase(this IResourceBuilder<LocalPostgresResource> server, string name)
    {
        var database = new LocalPostgresDatabaseResource(name, server.Resource);
        server.Resource.Databases.Add(database);
        return server.ApplicationBuilder.AddResource(database)
            .WithInitialState(new CustomResourceSnapshot
            {
                ResourceType = "PostgresDatabase", State = KnownResourceStates.Waiting, Properties = [],
            })
            .WithReadyCheck(server.ApplicationBuilder, name, ct => server.Resource.PingAsync(database.ConnectionStringExpression, ct));
    }

    public static IResourceBuilder<ExecutableResource> AddLocalRedis(this IDistributedApplicationBuilder builder, string name, string dataFolder, int port)
    {
        var folder = Path.Combine(dataFolder, "redis");
        Directory.CreateDirectory(folder);
        var redis = builder.AddExecutable(name, "redis-server", folder)
            .WithEndpoint(port: port, name: "tcp", scheme: "tcp");
        var endpoint = redis.GetEndpoint("tcp");
        redis.WithArgs(context =>
            {
                context.Args.Add("--port");
                context.Args.Add(endpoint.Property(EndpointProperty.TargetPort));
                foreach (var arg in (string[])["--bind", "127.0.0.1", "--dir", folder, "--appendonly", "yes", "--appendfsync", "always", "--save", ""])
                {
                    context.Args.Add(arg);
                }
            });
        return redis.WithReadyCheck(builder, name, async ct =>
        {
            await using var connection = await ConnectionMultiplexer.ConnectAsync($"127.0.0.1:{endpoint.Port},connectTimeout=2000");
            await connection.GetDatabase().PingAsync();
        });
    }

    /// <summary>The Redis connection string services read as ConnectionStrings:redis.</summary>
    public static ReferenceExpression RedisConnectionString(this IResourceBuilder<ExecutableResource> redis) =>
        ReferenceExpression.Create($"{redis.GetEndpoint("tcp").Property(EndpointProperty.IPV4Host)}:{redis.GetEndpoint("tcp").Property(EndpointProperty.Port)}");

    private static IResourceBuilder<T> WithReadyCheck<T>(this IResourceBuilder<T> resource, IDistributedApplicationBuilder builder, string name, Func<CancellationToken, Task> probe)
        where T : IResource
    {
        var key = $"{name}-ready";
        builder.Services.AddHealthChecks().Add(new HealthCheckRegistration(key, _ => new ProbeHealthCheck(probe), HealthStatus.Unhealthy, null));
        return resource.WithHealthCheck(key);
    }

    private sealed class ProbeHealthCheck(Func<CancellationToken, Task> probe) : IHealthCheck
    {
        public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
        {
            try
            {
                await probe(cancellationToken);
                return HealthCheckResult.Healthy();
            }
            catch (Exception ex) when (ex is NpgsqlException or RedisException or InvalidOperationException or TimeoutException)
            {
                return HealthCheckResult.Unhealthy(ex.Message);
            }
        }
    }
}

/// <summary>The PostgreSQL server process (Local/postgres.sh); its databases are resources of their own, created once it is ready.</summary>
public sealed class LocalPostgresResource(string name, string workingDirectory)
    : ExecutableResource(name, "bash", workingDirectory), IResourceWithConnectionString
{
    public const string EndpointName = "tcp";

    public List<LocalPostgresDatabaseResource> Databases { get; } = [];

    public EndpointReference Endpoint => new(this, EndpointName);

    public ReferenceExpression ConnectionStringExpression =>
        ReferenceExpression.Create($"Host={Endpoint.Property(EndpointProperty.IPV4Host)};Port={Endpoint.Property(EndpointProperty.Port)};Username=postgres");

    public async Task PingAsync(ReferenceExpression connectionString, CancellationToken ct)
    {
        await using var connection = new NpgsqlConnection(await connectionString.GetValueAsync(ct));
        await connection.OpenAsync(ct);
        await using var command = new NpgsqlCommand("SELECT 1", connection);
        await command.ExecuteScalarAsync(ct);
    }
}

/// <summary>One database of the local server: the connection string a service reads as ConnectionStrings:&lt;name&gt;.</summary>
public sealed class LocalPostgresDatabaseResource(string name, LocalPostgresResource parent)
    : Resource(name), IResourceWithParent<LocalPostgresResource>, IResourceWithConnectionString
{
    public LocalPostgresResource Parent => parent;

    public ReferenceExpression ConnectionStringExpression => ReferenceExpression.Create($"{parent};Database={Name}");

    public async Task CreateIfMissingAsync(CancellationToken ct)
    {
        await using var connection = new NpgsqlConnection(await parent.ConnectionStringExpression.GetValueAsync(ct));
        await connection.OpenAsync(ct);
        await using var exists = new NpgsqlCommand("SELECT 1 FROM pg_database WHERE datname = @name", connection);
        exists.Parameters.AddWithValue("name", Name);
        if (await exists.ExecuteScalarAsync(ct) is null)
        {
            // A resource name is an identifier we chose (casedb...), never input: quoting keeps it one.
            await using var create = new NpgsqlCommand($"CREATE DATABASE \"{Name}\"", connection);
            await create.ExecuteNonQueryAsync(ct);
        }
    }
}
