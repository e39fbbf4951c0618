using GoingHome.Approvals.Data;
using GoingHome.Approvals.Domain;
using GoingHome.Approvals.V1;
using GoingHome.ServiceDefaults.Errors;
using GoingHome.ServiceDefaults.Grpc;
using Google.Protobuf;

namespace GoingHome.Approvals.Grpc;

public static class ApprovalMapping
{
    public static string Etag(this ApprovalRequestEntity request) => Etags.Format(request.Version);

    public static Facts ToProto(this PolicyFacts facts) => new()
    {
        DateOfBirth = facts.DateOfBirth.ToProto(),
        AgeYears = facts.AgeYears,
        LegalStatus = facts.LegalStatus,
        EpisodeStartDate = facts.EpisodeStart.ToProto(),
        DaysLookedAfter = facts.DaysLookedAfter ?? 0,
        PlannedReturnDate = facts.PlannedReturnDate.ToProto(),
        DaysToPlannedReturn = facts.DaysToPlannedReturn?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "",
        TeamId = facts.TeamId,
        EvaluatedOn = facts.EvaluatedOn.ToProto(),
        RiskBand = facts.Risk.Band,
        ComputedRiskBand = facts.Risk.ComputedBand,
        RiskOverrideRationale = facts.Risk.OverrideRationale,
    };

    public static string ToJson(this Facts facts) => JsonFormatter.Default.Format(facts);

    public static PlannedStep ToProto(this RequiredStep step, DateTimeOffset? due) => new()
    {
        Index = step.Index,
        RuleId = step.Step.RuleId,
        Title = step.Step.Title,
        RequiredRole = step.Step.Role,
        Reason = step.Reason,
        DueTime = due.ToProto(),
        NotifyRoles = { step.Step.Notify },
    };

    public static ApprovalRequest ToProto(this ApprovalRequestEntity request) => new()
    {
        Id = request.Id.ToString(),
        Etag = request.Etag(),
        ChildId = request.ChildId,
        Action = request.Action,
        Subject = request.Subject,
        Summary = request.Summary ?? "",
        State = request.State,
        Facts = JsonParser.Default.Parse<Facts>(request.FactsJson),
        RequesterId = request.RequesterId,
        RequesterRole = request.RequesterRole,
        Policy = request.Policy,
        CreateTime = request.CreatedAt.ToProto(),
        UpdateTime = request.UpdatedAt.ToProto(),
        WithdrawReason = request.WithdrawReason ?? "",
        Steps = { request.Steps.OrderBy(s => s.Index).Select(ToProto) },
    };

    public static ApprovalStep ToProto(this ApprovalStepEntity step) => new()
    {
        Index = step.Index,
        RuleId = step.RuleId,
        Title = step.Title,
        RequiredRole = step.RequiredRole,
        Reason = step.Reason,
        State = step.State,
        DueTime = step.DueAt.ToProto(),
        NotifyRoles = { step.NotifyRoles.Split(',', StringSplitOptions.RemoveEmptyEntries) },
        Decision = step.DecidedAt is null ? null : new StepDecision
        {
            Decision = step.Decision,
            DeciderId = step.DeciderId ?? "",
            DeciderName = step.DeciderName ?? "",
            DeciderRole = step.DeciderRole ?? "",
            DecideTime = step.DecidedAt.ToProto(),
            Rationale = step.Rationale ?? "",
        },
    };
}
