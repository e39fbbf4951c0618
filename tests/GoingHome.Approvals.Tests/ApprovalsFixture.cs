using System.Net;
using GoingHome.Approvals.Data;
using GoingHome.Approvals.V1;
using GoingHome.Testing;
using Grpc.Core.Interceptors;
using Grpc.Net.Client;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace GoingHome.Approvals.Tests;

/// <summary>Approvals in-process on real PostgreSQL and Redis, reading facts from a fake Case over real gRPC.</summary>
public sealed class ApprovalsFixture : WebApplicationFactory<Program>, IAsyncLifetime
{
    public static readonly DateTimeOffset Start = new(2026, 11, 23, 10, 0, 0, TimeSpan.Zero);

    private PostgresServer? _postgres;
    private RedisServer? _redis;
    private WebApplication? _case;
    private string _connectionString = "";
    private string _caseAddress = "";

    public FakeCaseService Case { get; } = new();

    public FakeTimeProvider Clock { get; } = new(Start);

    public DateOnly Today => DateOnly.FromDateTime(Start.UtcDateTime);

    public string? PolicyPath { get; init; }

    public async Task InitializeAsync()
    {
        _postgres = await PostgresServer.StartAsync();
        _redis = await RedisServer.StartAsync();
        _connectionString = await _postgres.CreateDatabaseAsync("approvalsdb");

        var builder = WebApplication.CreateBuilder();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0, o => o.Protocols = HttpProtocols.Http2));
        builder.Services.AddGrpc();
        builder.Services.AddSingleton(Case);
        _case = builder.Build();
        _case.MapGrpcService<FakeCaseService>();
        await _case.StartAsync();
        _caseAddress = _case.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
    }

    async Task IAsyncLifetime.DisposeAsync()
    {
        await base.DisposeAsync();
        if (_case is not null)
        {
            await _case.DisposeAsync();
        }

        if (_redis is not null)
        {
            await _redis.DisposeAsync();
        }

        if (_postgres is not null)
        {
            await _postgres.DisposeAsync();
        }
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting("ConnectionStrings:approvalsdb", _connectionString);
        builder.UseSetting("ConnectionStrings:redis", _redis!.ConnectionString);
        builder.UseSetting("services:case:http:0", _caseAddress);
        builder.UseSetting("Auth:SigningKey", TestTokens.SigningKey);
        builder.UseSetting("Database:MigrateOnStartup", "true");
        if (PolicyPath is not null)
        {
            builder.UseSetting("Approvals:PolicyPath", PolicyPath);
        }

        builder.ConfigureTestServices(services => services.AddSingleton<TimeProvider>(Clock));
    }

    public ApprovalsService.ApprovalsServiceClient Client(string userId, params string[] roles)
    {
        var token = TestTokens.For(userId, roles);
        var channel = GrpcChannel.ForAddress(Server.BaseAddress, new GrpcChannelOptions { HttpHandler = Server.CreateHandler() });
        return new ApprovalsService.ApprovalsServiceClient(channel.CreateCallInvoker().Intercept(metadata =>
        {
            metadata.Add("authorization", $"Bearer {token}");
            return metadata;
        }));
    }

    public async Task<T> WithDbAsync<T>(Func<ApprovalsDbContext, Task<T>> query)
    {
        await using var scope = Services.CreateAsyncScope();
        return await query(scope.ServiceProvider.GetRequiredService<ApprovalsDbContext>());
    }

    /// <summary>The events raised about a child, in order, as envelopes.</summary>
    public async Task<List<GoingHome.Events.V1.EventEnvelope>> EventsAsync(string childId)
    {
        var rows = await WithDbAsync(db => db.Set<GoingHome.Messaging.OutboxMessage>().OrderBy(m => m.Sequence).Select(m => m.Envelope).ToListAsync());
        return rows.Select(GoingHome.Events.V1.EventEnvelope.Parser.ParseFrom).Where(e => e.ChildId == childId).ToList();
    }
}

[CollectionDefinition(Name)]
public sealed class ApprovalsCollection : ICollectionFixture<ApprovalsFixture>
{
    public const string Name = "approvals";
}
