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

    /// <summary>S20-5 as a test sets it: the short S20 form unless a child is given another.</summary>
    public ConcurrentDictionary<string, AssessmentKind> Forms { get; } = new();

    public override Task<ChooseReturnHomeAssessmentResponse> ChooseReturnHomeAssessment(ChooseReturnHomeAssessmentRequest request, ServerCallContext context)
    {
        if (Unavailable.ContainsKey(request.ChildId))
        {
            throw new RpcException(new Status(StatusCode.Unavailable, "assessment is down"));
        }

        var form = Forms.TryGetValue(request.ChildId, out var chosen) ? chosen : AssessmentKind.S20ReturnHome;
        return Task.FromResult(new ChooseReturnHomeAssessmentResponse { Form = form, Reasons = { $"{form} chosen by the test" } });
    }
}
