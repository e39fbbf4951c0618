using GoingHome.Approvals.V1;
using GoingHome.ServiceDefaults.Errors;
using Grpc.Core;

namespace GoingHome.ServiceClients;

/// <summary>The gate every service puts before an action that needs approval (Rule AP-8): it fails closed.</summary>
public static class ApprovalGate
{
    /// <summary>
    /// Returns only when Approvals says the action on this subject is approved. When Approvals cannot be reached (down,
    /// timed out, circuit open) the action is refused with UNAVAILABLE, never let through; when it is not approved, with
    /// FAILED_PRECONDITION naming each missing step's rule ID.
    /// </summary>
    public static async Task RequireApprovalAsync(
        this ApprovalsService.ApprovalsServiceClient approvals, string childId, string action, string subject, CancellationToken cancellationToken)
    {
        var missing = await approvals.MissingApprovalAsync(childId, action, subject, null, cancellationToken);
        if (missing.Count > 0)
        {
            throw new RuleViolationException(missing);
        }
    }

    /// <summary>
    /// The steps Approvals says are still missing for the action on this subject, each as its rule ID (none when it is
    /// approved), so a caller with several conditions can name every unmet one. A caller that owns the planned return
    /// date passes it as it is now, so a date moved since the request is judged on. UNAVAILABLE when Approvals cannot answer.
    /// </summary>
    public static async Task<IReadOnlyList<RuleViolation>> MissingApprovalAsync(
        this ApprovalsService.ApprovalsServiceClient approvals, string childId, string action, string subject, Google.Type.Date? plannedReturnDate, CancellationToken cancellationToken)
    {
        var check = new CheckGateRequest { ChildId = childId, Action = action, Subject = subject, PlannedReturnDate = plannedReturnDate };
        var gate = await CallAsync(action, () => approvals.CheckGateAsync(check, cancellationToken: cancellationToken).ResponseAsync, cancellationToken);
        if (gate.Approved)
        {
            return [];
        }

        var missing = gate.MissingSteps
            .Select(s => new RuleViolation(s.RuleId, $"{action}/{subject}", s.RequiredRole.Length > 0 ? $"{s.Title} ({s.RequiredRole}) is not approved: {Because(s)}." : $"{s.Title}: {Because(s)}."))
            .ToList();
        if (missing.Count == 0)
        {
            missing.Add(new RuleViolation("AP-8", $"{action}/{subject}", $"The approval request is {gate.State}."));
        }

        return missing;
    }

    private static string Because(MissingStep step) => step.Reason.Length > 0 ? step.Reason : step.State.ToString();

    /// <summary>
    /// An approval request a caller names, read from Approvals so the owner of a change never trusts the caller's word
    /// for it: null when there is no such request; UNAVAILABLE when Approvals cannot answer (AP-8).
    /// </summary>
    public static async Task<ApprovalRequest?> FindApprovalRequestAsync(
        this ApprovalsService.ApprovalsServiceClient approvals, string approvalRequestId, CancellationToken cancellationToken)
    {
        try
        {
            return await CallAsync("approval request", () =>
                approvals.GetApprovalRequestAsync(new GetApprovalRequestRequest { Id = approvalRequestId }, cancellationToken: cancellationToken).ResponseAsync, cancellationToken);
        }
        catch (RpcException ex) when (ex.StatusCode is StatusCode.NotFound or StatusCode.InvalidArgument)
        {
            return null;
        }
    }

    private static async Task<T> CallAsync<T>(string what, Func<Task<T>> call, CancellationToken cancellationToken)
    {
        try
        {
            return await call();
        }
        catch (RpcException ex) when (ex.StatusCode is not (StatusCode.InvalidArgument or StatusCode.PermissionDenied or StatusCode.Unauthenticated or StatusCode.NotFound)
            && !cancellationToken.IsCancellationRequested)
        {
            throw RpcErrors.Build(
                StatusCode.Unavailable,
                $"AP-8: approval for '{what}' could not be checked ({ex.StatusCode}: {ex.Status.Detail}); the action is refused until it can be.",
                "APPROVALS_UNREACHABLE",
                null,
                ("rule_ids", "AP-8"));
        }
    }
}
