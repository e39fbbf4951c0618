using GoingHome.Case.V1;
using GoingHome.ServiceDefaults.Clients;
using GoingHome.Testing;
using Grpc.Core;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace GoingHome.Platform.Tests;

/// <summary>A fake Case service that fails as told, counting the calls that reach it.</summary>
public sealed class FlakyCaseService : CaseService.CaseServiceBase
{
    public int FailuresBeforeSuccess { get; set; }

    public TimeSpan FirstCallDelay { get; set; }

    private int _calls;

    public int Calls => Volatile.Read(ref _calls);

    public override async Task<Child> GetChild(GetChildRequest request, ServerCallContext context)
    {
        await FailOrDelayAsync(context);
        return new Child { Id = request.Id };
    }

    public override async Task<Child> CreateChild(CreateChildRequest request, ServerCallContext context)
    {
        await FailOrDelayAsync(context);
        return new Child { Id = "new" };
    }

    private async Task FailOrDelayAsync(ServerCallContext context)
    {
        var call = Interlocked.Increment(ref _calls);
        if (call == 1 && FirstCallDelay > TimeSpan.Zero)
        {
            await Task.Delay(FirstCallDelay, context.CancellationToken);
        }

        if (call <= FailuresBeforeSuccess)
        {
            throw new RpcException(new Status(StatusCode.Unavailable, "fake outage"));
        }
    }
}

public sealed class ResilientClientTests : IAsyncLifetime
{
    private readonly FlakyCaseService _fake = new();
    private GrpcTestServer? _server;
    private string _address = "";

    public async Task InitializeAsync()
    {
        _server = await GrpcTestServer.StartAsync(host => host.MapGrpcService<FlakyCaseService>(), _fake);
        _address = _server.Address;
    }

    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }

    private CaseService.CaseServiceClient Client(GrpcResilienceOptions options)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["services:case:http:0"] = _address })
            .Build();
        var services = new ServiceCollection().AddLogging().AddSingleton<IConfiguration>(configuration);
        services.AddGoingHomeGrpcClient<CaseService.CaseServiceClient>("case", options);
        return services.BuildServiceProvider().GetRequiredService<CaseService.CaseServiceClient>();
    }

    private static GrpcResilienceOptions Fast => new()
    {
        RetryBaseDelay = TimeSpan.FromMilliseconds(10),
        AttemptTimeout = TimeSpan.FromSeconds(5),
        BreakerMinimumThroughput = 100,
    };

    [Fact]
    public async Task Reads_are_retried_through_a_transient_outage()
    {
        _fake.FailuresBeforeSuccess = 2;
        var child = await Client(Fast).GetChildAsync(new GetChildRequest { Id = "c1" });
        Assert.Equal("c1", child.Id);
        Assert.Equal(3, _fake.Calls);
    }

    [Fact]
    public async Task A_write_without_request_id_is_sent_once()
    {
        _fake.FailuresBeforeSuccess = 1;
        var error = await Assert.ThrowsAsync<RpcException>(async () => await Client(Fast).CreateChildAsync(new CreateChildRequest()));
        Assert.Equal(StatusCode.Unavailable, error.StatusCode);
        Assert.Equal(1, _fake.Calls);
    }

    [Fact]
    public async Task A_write_with_request_id_is_retried()
    {
        _fake.FailuresBeforeSuccess = 1;
        var child = await Client(Fast).CreateChildAsync(new CreateChildRequest { RequestId = "r-1" });
        Assert.Equal("new", child.Id);
        Assert.Equal(2, _fake.Calls);
    }

    [Fact]
    public async Task A_slow_attempt_times_out_and_the_retry_succeeds()
    {
        _fake.FirstCallDelay = TimeSpan.FromSeconds(5);
        var child = await Client(Fast with { AttemptTimeout = TimeSpan.FromMilliseconds(300) }).GetChildAsync(new GetChildRequest { Id = "c2" });
        Assert.Equal("c2", child.Id);
        Assert.Equal(2, _fake.Calls);
    }

    [Fact]
    public async Task The_circuit_opens_and_later_calls_fail_fast_without_reaching_the_service()
    {
        _fake.FailuresBeforeSuccess = int.MaxValue;
        var client = Client(Fast with { MaxRetryAttempts = 1, BreakerMinimumThroughput = 4, BreakDuration = TimeSpan.FromMinutes(1) });
        for (var i = 0; i < 4; i++)
        {
            await Assert.ThrowsAsync<RpcException>(async () => await client.GetChildAsync(new GetChildRequest { Id = "x" }));
        }

        var callsWhenOpen = _fake.Calls;
        var error = await Assert.ThrowsAsync<RpcException>(async () => await client.GetChildAsync(new GetChildRequest { Id = "x" }));
        Assert.Equal(StatusCode.Unavailable, error.StatusCode);
        Assert.Contains("circuit open", error.Status.Detail, StringComparison.Ordinal);
        Assert.Equal(callsWhenOpen, _fake.Calls);
    }
}
