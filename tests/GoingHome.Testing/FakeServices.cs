using Microsoft.AspNetCore.Builder;

namespace GoingHome.Testing;

/// <summary>Fake Case, Assessment and Approvals services on one real gRPC (HTTP/2) port, for a service under test to call.</summary>
public sealed class FakeServices : IAsyncDisposable
{
    private GrpcTestServer? _server;

    public FakeCaseService Case { get; } = new();

    public FakeAssessmentService Assessment { get; } = new();

    public FakeApprovalsService Approvals { get; } = new();

    public FakePathwayService Pathway { get; } = new();

    public FakeLastingHomesService LastingHomes { get; } = new();

    /// <summary>A subject of the action's collection (Approvals' default policy) for the child, held by the fakes.</summary>
    public string SubjectFor(string action, string childId) => action switch
    {
        "end-care-episode-after-s20-return" => Pathway.AddSection20Return(childId),
        "lasting-home-recommendation" => LastingHomes.Add(childId),
        _ => Pathway.AddPathway(childId),
    };

    public string Address => _server?.Address ?? throw new InvalidOperationException("The fake services have not started.");

    public async Task StartAsync() =>
        _server = await GrpcTestServer.StartAsync(
            host =>
            {
                host.MapGrpcService<FakeCaseService>();
                host.MapGrpcService<FakeAssessmentService>();
                host.MapGrpcService<FakeApprovalsService>();
                host.MapGrpcService<FakePathwayService>();
                host.MapGrpcService<FakeLastingHomesService>();
            },
            Case,
            Assessment,
            Approvals,
            Pathway,
            LastingHomes);

    public async ValueTask DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }
}
