using GoingHome.Assessment.V1;
using GoingHome.ServiceDefaults.Errors;
using Grpc.Core;

namespace GoingHome.Approvals.Features;

/// <summary>Asks Assessment whether a return home is ready to be put to approvers (NS-1), failing closed (AP-8).</summary>
public sealed class ReturnReadinessCheck(
    AssessmentService.AssessmentServiceClient assessment)
{
    /// <summary>
    /// Rule NS-1: a return home is not put to approvers until Assessment says the assessment, risk classification,
    /// checklist and DBS checks are in place; returns what Assessment said, with the risk band (RH-3).
    /// </summary>
    public async Task<ReturnReadiness> RequireReturnReadinessAsync(string childId, CancellationToken cancellationToken)
    {
        var readiness = await ReadinessAsync(childId, cancellationToken);
        if (!readiness.Ready)
        {
            throw new RuleViolationException(readiness.Missing.Select(m => new RuleViolation(m.RuleId, $"children/{childId}", m.Description)).ToList());
        }

        return readiness;
    }

    /// <summary>What Assessment says of a return; if it cannot answer, UNAVAILABLE (AP-8 spirit).</summary>
    public async Task<ReturnReadiness> ReadinessAsync(string childId, CancellationToken cancellationToken)
    {
        try
        {
            return await assessment.GetReturnReadinessAsync(new GetReturnReadinessRequest { ChildId = childId }, cancellationToken: cancellationToken);
        }
        catch (RpcException ex) when (ex.StatusCode is not (StatusCode.NotFound or StatusCode.InvalidArgument or StatusCode.PermissionDenied or StatusCode.Unauthenticated))
        {
            throw RpcErrors.Build(StatusCode.Unavailable, $"NS-1: return readiness could not be checked ({ex.StatusCode}); the change is refused until it can be.",
                "ASSESSMENT_UNREACHABLE", null, ("rule_ids", "NS-1,AP-8"));
        }
    }
}
