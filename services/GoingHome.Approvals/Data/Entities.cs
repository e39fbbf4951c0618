using GoingHome.Approvals.V1;
using GoingHome.Time;

namespace GoingHome.Approvals.Data;

/// <summary>An approval request and its ordered steps. Version is the etag and the concurrency token.</summary>
public sealed class ApprovalRequestEntity
{
    public Guid Id { get; set; }

    public int Version { get; set; }

    public required string ChildId { get; set; }

    public required string Action { get; set; }

    public required string Subject { get; set; }

    public string? Summary { get; set; }

    public ApprovalState State { get; set; }

    public required string RequesterId { get; set; }

    public required string RequesterRole { get; set; }

    public required string Policy { get; set; }

    public required string TeamId { get; set; }

    /// <summary>The facts the policy was evaluated on, as the Facts message in JSON.</summary>
    public required string FactsJson { get; set; }

    /// <summary>Denormalised from the current step, for the approver's queue.</summary>
    public string? CurrentRole { get; set; }

    public DateTimeOffset? CurrentDueAt { get; set; }

    public string? WithdrawReason { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }

    public List<ApprovalStepEntity> Steps { get; set; } = [];

    public ApprovalStepEntity? CurrentStep => Steps.FirstOrDefault(s => s.State == StepState.Current);
}

public sealed class ApprovalStepEntity
{
    public Guid RequestId { get; set; }

    public int Index { get; set; }

    public required string RuleId { get; set; }

    public required string Title { get; set; }

    public required string RequiredRole { get; set; }

    public required string Reason { get; set; }

    public StepState State { get; set; }

    public DateTimeOffset? DueAt { get; set; }

    public DateTimeOffset? RemindAt { get; set; }

    /// <summary>When the reminder event went out, so it goes out once.</summary>
    public DateTimeOffset? ReminderSentAt { get; set; }

    /// <summary>When the lapse (escalation) event went out, so it goes out once.</summary>
    public DateTimeOffset? LapsedAt { get; set; }

    /// <summary>The policy's deadline for the step, kept with it so a later policy change does not move it.</summary>
    public int? DeadlineAmount { get; set; }

    public TimescaleUnit? DeadlineUnit { get; set; }

    public int? RemindBeforeAmount { get; set; }

    public TimescaleUnit? RemindBeforeUnit { get; set; }

    public string NotifyRoles { get; set; } = "";

    public bool RecordCaseNote { get; set; }

    public bool AttachDocument { get; set; }

    public Decision Decision { get; set; }

    public string? DeciderId { get; set; }

    public string? DeciderName { get; set; }

    public string? DeciderRole { get; set; }

    public DateTimeOffset? DecidedAt { get; set; }

    public string? Rationale { get; set; }
}
