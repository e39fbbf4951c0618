using GoingHome.Approvals.V1;
using GoingHome.Case.Data;
using GoingHome.Case.Domain;
using GoingHome.ServiceClients;
using GoingHome.ServiceDefaults.Errors;
using GoingHome.ServiceDefaults.Grpc;

namespace GoingHome.Case.Features;

/// <summary>
/// Case owns the care episode, so it proves with Approvals, whoever calls, that a return home was approved before the
/// episode ends (rules S20-6, AP-1..AP-5), failing closed when Approvals cannot answer (AP-8). The caller names the
/// requests; nothing the caller says about them is trusted: each is read from Approvals and its gate checked there.
/// </summary>
public sealed class ReturnHomeGate(ApprovalsService.ApprovalsServiceClient approvals)
{
    public const int MaxReferences = 10;

    /// <remarks>
    /// Rules AP-4 / GH-14: the approvals are judged on the day the child goes home (<paramref name="returnDate"/>, the
    /// period's end), not on a date a requester typed, so a return within 60 days needs the DD's agreement whatever
    /// date the plan once had.
    /// </remarks>
    public async Task RequireApprovedAsync(
        string childId, CareEpisodeEntity episode, DateOnly periodStart, DateOnly returnDate, bool returnHome, IReadOnlyList<string> approvalRequestIds, CancellationToken cancellationToken)
    {
        var goingHome = returnDate.ToProto();
        var actions = ReturnHomeApprovals.ActionsFor(episode.LegalStatus, returnHome);
        var referenced = await ReadReferencesAsync(childId, actions, approvalRequestIds, cancellationToken);
        var unmet = new List<RuleViolation>();
        foreach (var action in actions)
        {
            if (!referenced.TryGetValue(action, out var request))
            {
                // Nothing named for this action: Approvals says which steps the policy sets for this child.
                unmet.AddRange(await approvals.MissingApprovalAsync(childId, action, $"children/{childId}/careEpisodes/{episode.Id}", goingHome, cancellationToken));
                continue;
            }

            if (!ReturnHomeApprovals.CoversPeriod(request.Facts, episode.LegalStatus, periodStart))
            {
                unmet.AddRange(request.Steps.Select(s => s.RuleId).DefaultIfEmpty("AP-8").Distinct().Select(rule => new RuleViolation(rule, $"approvalRequests/{request.Id}",
                    $"Approval request {request.Id} was decided on the facts of another period of care or legal status, not the period begun {periodStart:yyyy-MM-dd} ({episode.LegalStatus}).")));
                continue;
            }

            unmet.AddRange(await approvals.MissingApprovalAsync(childId, action, request.Subject, goingHome, cancellationToken));
        }

        if (unmet.Count > 0)
        {
            throw new RuleViolationException(unmet);
        }
    }

    /// <summary>
    /// Rule CLA-5: whether GoingHome's approvals cover a return home recorded at the source: a granted request for each
    /// action decided on this period's facts. False when Approvals cannot answer (never taken as approved).
    /// </summary>
    public async Task<bool> CoveredAsync(string childId, CareEpisodeEntity episode, DateOnly periodStart, CancellationToken cancellationToken)
    {
        try
        {
            foreach (var action in ReturnHomeApprovals.ActionsFor(episode.LegalStatus, returnHome: true))
            {
                var granted = await approvals.ListApprovalRequestsAsync(
                    new ListApprovalRequestsRequest { ChildId = childId, Action = action, State = ApprovalState.Granted, PageSize = 20 }, cancellationToken: cancellationToken);
                if (!granted.ApprovalRequests.Any(r => ReturnHomeApprovals.CoversPeriod(r.Facts, episode.LegalStatus, periodStart)))
                {
                    return false;
                }
            }

            return true;
        }
        catch (global::Grpc.Core.RpcException)
        {
            return false;
        }
    }

    /// <summary>The named requests by action, each read from Approvals; a request that cannot apply is a bad field.</summary>
    private async Task<Dictionary<string, ApprovalRequest>> ReadReferencesAsync(
        string childId, IReadOnlyList<string> actions, IReadOnlyList<string> approvalRequestIds, CancellationToken cancellationToken)
    {
        var v = new Violations();
        v.Require(approvalRequestIds.Count <= MaxReferences, "approval_request_ids", $"must name at most {MaxReferences} requests");
        v.Require(actions.Count > 0 || approvalRequestIds.Count == 0, "approval_request_ids", "only an episode ending with a return home is approved this way");
        v.ThrowIfAny();

        var referenced = new Dictionary<string, ApprovalRequest>();
        for (var i = 0; i < approvalRequestIds.Count; i++)
        {
            var field = $"approval_request_ids[{i}]";
            var request = approvalRequestIds[i].Length is > 0 and <= 64 ? await approvals.FindApprovalRequestAsync(approvalRequestIds[i], cancellationToken) : null;
            if (request is null)
            {
                v.Add(field, "is not an approval request");
            }
            else if (request.ChildId != childId)
            {
                v.Add(field, "approves a change for another child");
            }
            else if (!actions.Contains(request.Action))
            {
                v.Add(field, $"approves '{request.Action}', which this change does not need (it needs {string.Join(", ", actions)})");
            }
            else if (!referenced.TryAdd(request.Action, request))
            {
                v.Add(field, $"is a second request for '{request.Action}'");
            }
        }

        v.ThrowIfAny();
        return referenced;
    }
}
