using GoingHome.Events.V1;
using GoingHome.Messaging;
using Grpc.Core;
using Grpc.Core.Interceptors;
using Grpc.Net.Client;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

using Xunit;

namespace GoingHome.Testing;

/// <summary>
/// A GoingHome service in-process on real PostgreSQL and Redis, calling fake Case, Assessment and Approvals over real
/// gRPC, with a clock the tests move (T-4).
/// </summary>
public abstract class GrpcServiceFixture<TProgram, TDbContext>(string databaseName) : WebApplicationFactory<TProgram>, IAsyncLifetime
    where TProgram : class
    where TDbContext : DbContext
{
    public static readonly DateTimeOffset Start = new(2026, 11, 23, 10, 0, 0, TimeSpan.Zero);

    private PostgresServer? _postgres;
    private RedisServer? _redis;
    private readonly FakeServices _fakes = new();
    private string _connectionString = "";
    private StackExchange.Redis.ConnectionMultiplexer? _publisher;

    public FakeCaseService Case => _fakes.Case;

    public FakeAssessmentService Assessment => _fakes.Assessment;

    public FakeApprovalsService Approvals => _fakes.Approvals;

    public FakeTimeProvider Clock { get; } = new(Start);

    public DateOnly Today => DateOnly.FromDateTime(Start.UtcDateTime);

    public RedisServer Redis => _redis ?? throw new InvalidOperationException("The fixture has not started.");

    /// <summary>The fake Case and Assessment services' address (for a service started as a separate process).</summary>
    public FakeLastingHomesService LastingHomes => _fakes.LastingHomes;

    public FakePathwayService Pathway => _fakes.Pathway;

    public string FakeServicesAddress => _fakes.Address;

    /// <summary>A subject the fakes hold for the child, of the collection the action's requests are about.</summary>
    public string SubjectFor(string action, string childId) => _fakes.SubjectFor(action, childId);

    public string DatabaseConnectionString => _connectionString;

    /// <summary>A client of the fixture's Redis, for publishing events and looking at streams.</summary>
    public StackExchange.Redis.IConnectionMultiplexer RedisClient => _publisher ??= StackExchange.Redis.ConnectionMultiplexer.Connect(Redis.ConnectionString);

    /// <summary>Events as another service's relay would put them on a topic's stream.</summary>
    public EventPublisher Events => new(RedisClient, "test");

    public Task<EventEnvelope> PublishAsync(string topic, Google.Protobuf.IMessage payload, string childId) =>
        Events.PublishAsync(topic, payload, childId, Clock.GetUtcNow());

    /// <summary>Another database on the same server, for a real service started beside this one.</summary>
    public Task<string> CreateDatabaseAsync(string prefix) =>
        (_postgres ?? throw new InvalidOperationException("The fixture has not started.")).CreateDatabaseAsync(prefix);

    public virtual async Task InitializeAsync()
    {
        _postgres = await PostgresServer.StartAsync();
        _redis = await RedisServer.StartAsync();
        _connectionString = await _postgres.CreateDatabaseAsync(databaseName);

        await _fakes.StartAsync();
    }

    async Task IAsyncLifetime.DisposeAsync()
    {
        await DisposeAsync();
        if (_publisher is not null)
        {
            await _publisher.DisposeAsync();
        }

        await _fakes.DisposeAsync();

        if (_redis is not null)
        {
            await _redis.DisposeAsync();
        }

        if (_postgres is not null)
        {
            await _postgres.DisposeAsync();
        }
    }

    /// <summary>Settings a fixture adds to the Aspire-named ones every service gets.</summary>
    protected virtual void AddSettings(IWebHostBuilder builder)
    {
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting($"ConnectionStrings:{databaseName}", _connectionString);
        builder.UseSetting("ConnectionStrings:redis", _redis!.ConnectionString);
        builder.UseSetting("services:case:http:0", _fakes.Address);
        builder.UseSetting("services:assessment:http:0", _fakes.Address);
        builder.UseSetting("services:approvals:http:0", _fakes.Address);
        builder.UseSetting("services:pathway:http:0", _fakes.Address);
        builder.UseSetting("services:lastinghomes:http:0", _fakes.Address);
        builder.UseSetting("Auth:SigningKey", TestTokens.SigningKey);
        builder.UseSetting("Database:MigrateOnStartup", "true");
        AddSettings(builder);
        builder.ConfigureTestServices(services => services.AddSingleton<TimeProvider>(Clock));
    }

    /// <summary>
    /// A call invoker that calls as the given person in the given roles, a member of team north: the team the fake
    /// Case allocates its children from, so the fixture's people are related to them (ACC-1).
    /// </summary>
    public CallInvoker Invoker(string userId, params string[] roles) => InvokerFrom(DefaultTeam, userId, roles);

    public const string DefaultTeam = "north";

    /// <summary>A call invoker for a member of <paramref name="team"/>: the right role, and perhaps the wrong relationship.</summary>
    public CallInvoker InvokerFrom(string team, string userId, params string[] roles)
    {
        var token = TestTokens.InTeam(userId, team, roles);
        var channel = GrpcChannel.ForAddress(Server.BaseAddress, new GrpcChannelOptions { HttpHandler = Server.CreateHandler() });
        return channel.CreateCallInvoker().Intercept(metadata =>
        {
            metadata.Add("authorization", $"Bearer {token}");
            return metadata;
        });
    }

    public async Task<T> WithDbAsync<T>(Func<TDbContext, Task<T>> query)
    {
        await using var scope = Services.CreateAsyncScope();
        return await query(scope.ServiceProvider.GetRequiredService<TDbContext>());
    }

    /// <summary>The events raised about a child, in order.</summary>
    public async Task<List<EventEnvelope>> EventsAsync(string childId)
    {
        var rows = await WithDbAsync(db => db.Set<OutboxMessage>().OrderBy(m => m.Sequence).Select(m => m.Envelope).ToListAsync());
        return rows.Select(EventEnvelope.Parser.ParseFrom).Where(e => e.ChildId == childId).ToList();
    }
}
