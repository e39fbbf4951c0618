using Microsoft.AspNetCore.Builder;

namespace GoingHome.Testing;

/// <summary>Fake Case, Assessment and Approvals services on one real gRPC (HTTP/2) port, for a service under test to call.</summary>
public sealed class FakeServices : IAsyncDisposable
{
    private GrpcTestServer? _server;

    public FakeCaseService Case { get; } = new();

    public FakeAssessmentService Assessment { get; } = new();

    public FakeApprovalsService Approvals { get; } = new();

    public string Address => _server?.Address ?? throw new InvalidOperationException("The fake services have not started.");

    public async Task StartAsync() =>
        _server = await GrpcTestServer.StartAsync(
            host =>
            {
                host.MapGrpcService<FakeCaseService>();
                host.MapGrpcService<FakeAssessmentService>();
                host.MapGrpcService<FakeApprovalsService>();
            },
            Case,
            Assessment,
            Approvals);

    public async ValueTask DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }
}
