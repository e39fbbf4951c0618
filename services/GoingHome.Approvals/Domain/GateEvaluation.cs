using GoingHome.Approvals.Data;
using GoingHome.Approvals.V1;

namespace GoingHome.Approvals.Domain;

/// <summary>
/// Whether an approval still holds (Rules AP-4, AP-9, AP-8). A request is decided on the facts of its day; the gate asks
/// again on today's facts, so a grant never covers a step the policy has come to require since (a planned return
/// moved within 60 days, a birthday into another age band, a change of legal status). Pure.
/// </summary>
public static class GateEvaluation
{
    public const string NotDecided = "not yet decided";
    public const string NoRequest = "no request has been made";

    /// <summary>
    /// The steps still missing for the latest request: its own steps until it is granted, and every step the policy
    /// requires today that the request has not had approved (a new request is needed for those).
    /// </summary>
    public static IReadOnlyList<MissingStep> Missing(ApprovalRequestEntity request, IReadOnlyList<RequiredStep> requiredToday)
    {
        var missing = new List<MissingStep>();
        if (request.State != ApprovalState.Granted)
        {
            missing.AddRange(request.Steps.Where(s => s.State != StepState.Approved).OrderBy(s => s.Index).Select(s => new MissingStep
            {
                RuleId = s.RuleId, Title = s.Title, RequiredRole = s.RequiredRole, State = s.State,
                Reason = s.State == StepState.Rejected ? "rejected" : s.State == StepState.Cancelled ? $"the request is {request.State}" : NotDecided,
            }));
        }

        var approved = request.Steps.Where(s => s.State == StepState.Approved).Select(s => (s.RuleId, s.RequiredRole)).ToHashSet();
        var listed = missing.Select(m => (m.RuleId, m.RequiredRole)).ToHashSet();
        missing.AddRange(requiredToday
            .Where(r => !approved.Contains((r.Step.RuleId, r.Step.Role)) && !listed.Contains((r.Step.RuleId, r.Step.Role)))
            .Select(r => new MissingStep
            {
                RuleId = r.Step.RuleId, Title = r.Step.Title, RequiredRole = r.Step.Role, State = StepState.Unspecified,
                Reason = $"required since request {request.Id} was decided, because the facts changed ({r.Reason}); ask again",
            }));
        return missing;
    }
}
