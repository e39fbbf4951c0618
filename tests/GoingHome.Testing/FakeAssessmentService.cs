using System.Collections.Concurrent;
using GoingHome.Assessment.V1;
using Grpc.Core;

namespace GoingHome.Testing;

/// <summary>Assessment as other services see it: return readiness per child, ready unless a test says otherwise.</summary>
public sealed class FakeAssessmentService : AssessmentService.AssessmentServiceBase
{
    public ConcurrentDictionary<string, ReturnReadiness> Readiness { get; } = new();

    /// <summary>Children for whom the service answers UNAVAILABLE, as if it were down.</summary>
    public ConcurrentDictionary<string, bool> Unavailable { get; } = new();

    public override Task<ReturnReadiness> GetReturnReadiness(GetReturnReadinessRequest request, ServerCallContext context)
    {
        if (Unavailable.ContainsKey(request.ChildId))
        {
            throw new RpcException(new Status(StatusCode.Unavailable, "assessment is down"));
        }

        return Task.FromResult(Readiness.TryGetValue(request.ChildId, out var readiness) ? readiness : new ReturnReadiness { Ready = true });
    }
}
