using GoingHome.Case.Data;
using GoingHome.Case.V1;
using GoingHome.Events.V1;
using GoingHome.Messaging;
using GoingHome.Testing;
using Grpc.Core;
using Grpc.Core.Interceptors;
using Grpc.Net.Client;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using StackExchange.Redis;

namespace GoingHome.Case.Tests;

/// <summary>The Case service in-process on real PostgreSQL and Redis, with a clock the tests move (T-4).</summary>
public sealed class CaseServiceFixture : WebApplicationFactory<Program>, IAsyncLifetime
{
    public static readonly DateTimeOffset Start = new(2026, 11, 23, 10, 0, 0, TimeSpan.Zero);

    private PostgresServer? _postgres;

    private readonly FakeServices _fakes = new();

    /// <summary>Approvals as Case sees it when it ends an episode with a return home (AP-1..AP-5).</summary>
    public FakeApprovalsService Approvals => _fakes.Approvals;

    public RedisServer Redis { get; private set; } = null!;

    public FakeTimeProvider Clock { get; } = new(Start);

    private string _connectionString = "";

    public async Task InitializeAsync()
    {
        _postgres = await PostgresServer.StartAsync();
        Redis = await RedisServer.StartAsync();
        await _fakes.StartAsync();
        _connectionString = await _postgres.CreateDatabaseAsync("casedb");
    }

    async Task IAsyncLifetime.DisposeAsync()
    {
        await base.DisposeAsync();
        await Redis.DisposeAsync();
        await _fakes.DisposeAsync();
        if (_postgres is not null)
        {
            await _postgres.DisposeAsync();
        }
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting("ConnectionStrings:casedb", _connectionString);
        builder.UseSetting("ConnectionStrings:redis", Redis.ConnectionString);
        builder.UseSetting("services:approvals:http:0", _fakes.Address);
        // The other services, whose access logs Case gathers, answer nothing here (UNIMPLEMENTED): a service that cannot answer.
        foreach (var other in new[] { "assessment", "notifications", "pathway", "lastinghomes" })
        {
            builder.UseSetting($"services:{other}:http:0", _fakes.Address);
        }

        builder.UseSetting("Auth:SigningKey", TestTokens.SigningKey);
        builder.UseSetting("Database:MigrateOnStartup", "true");
        builder.UseSetting("Cors:AllowedOrigins:0", "https://ui.example.test");
        // One client held to 2 calls a second (bucket of 3), to prove the limits; everyone else has the defaults.
        builder.UseSetting("Limits:Clients:flood-client:PermitsPerSecond", "2");
        // ACC-3: the test integrators, each bound to the source system it keeps.
        foreach (var (client, source) in new[] { ("lcs-sync", "lcs"), ("lcs-903", "lcs"), ("lcs-file", "lcs"), ("mosaic-sync", "mosaic") })
        {
            builder.UseSetting($"Integrators:{client}:SourceSystems:0", source);
        }

        builder.UseSetting("Limits:Clients:flood-client:Burst", "3");
        builder.ConfigureTestServices(services => services.AddSingleton<TimeProvider>(Clock));
    }

    public GrpcChannel Channel(HttpMessageHandler? handler = null) =>
        GrpcChannel.ForAddress(Server.BaseAddress, new GrpcChannelOptions { HttpHandler = handler ?? Server.CreateHandler() });

    /// <summary>A client that calls as the given person in the given roles; no token at all when userId is null.</summary>
    public CaseService.CaseServiceClient Client(string? userId, params string[] roles) => new(Invoker(userId, roles));

    /// <summary>Calls as the given person in the given roles, for any of the service's APIs.</summary>
    public CallInvoker Invoker(string? userId, params string[] roles) => WithToken(userId is null ? null : TestTokens.For(userId, roles));

    /// <summary>Calls with the given bearer token; no token at all when it is null.</summary>
    public CallInvoker WithToken(string? token)
    {
        var invoker = Channel().CreateCallInvoker();
        if (token is not null)
        {
            invoker = invoker.Intercept(metadata =>
            {
                metadata.Add("authorization", $"Bearer {token}");
                return metadata;
            });
        }

        return invoker;
    }

    public async Task<T> WithDbAsync<T>(Func<CaseDbContext, Task<T>> query)
    {
        await using var scope = Services.CreateAsyncScope();
        return await query(scope.ServiceProvider.GetRequiredService<CaseDbContext>());
    }

    /// <summary>The types of the events on the case stream about the child, once there are at least <paramref name="expected"/> (or after 5 s).</summary>
    public async Task<List<string>> CaseEventsAsync(string childId, int expected)
    {
        await using var redis = await ConnectionMultiplexer.ConnectAsync(Redis.ConnectionString);
        for (var attempt = 0; ; attempt++)
        {
            var entries = await redis.GetDatabase().StreamRangeAsync(Streams.ForTopic("case"));
            var types = entries
                .Select(e => EventEnvelope.Parser.ParseFrom((byte[])e[Streams.PayloadField]!))
                .Where(e => e.ChildId == childId)
                .Select(e => e.Type)
                .ToList();
            if (types.Count >= expected || attempt > 100)
            {
                return types;
            }

            await Task.Delay(50);
        }
    }

    public Task<int> CountChildrenAsync() => WithDbAsync(db => db.Children.CountAsync());
}

[CollectionDefinition(Name)]
public sealed class CaseCollection : ICollectionFixture<CaseServiceFixture>
{
    public const string Name = "case";
}
