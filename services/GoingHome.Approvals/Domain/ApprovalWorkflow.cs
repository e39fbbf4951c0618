using GoingHome.Approvals.Data;
using GoingHome.Approvals.V1;
using GoingHome.ServiceDefaults.Auth;
using GoingHome.ServiceDefaults.Errors;
using GoingHome.Time;

namespace GoingHome.Approvals.Domain;

/// <summary>How a request moves through its steps, and who may move it (Rule AP-7). Pure: time and calendar are passed in.</summary>
public static class ApprovalWorkflow
{
    /// <summary>Builds the request's steps from what the policy requires; the first becomes current.</summary>
    public static void Open(ApprovalRequestEntity request, IReadOnlyList<RequiredStep> required, DateTimeOffset now, WorkingDayCalendar calendar)
    {
        request.Steps = required.Select(r => new ApprovalStepEntity
        {
            RequestId = request.Id,
            Index = r.Index,
            RuleId = r.Step.RuleId,
            Title = r.Step.Title,
            RequiredRole = r.Step.Role,
            Reason = r.Reason,
            State = StepState.Waiting,
            NotifyRoles = string.Join(',', r.Step.Notify),
            RecordCaseNote = r.Step.RecordCaseNote,
            AttachDocument = r.Step.AttachDocument,
            DeadlineAmount = r.Step.Deadline?.Amount,
            DeadlineUnit = r.Step.Deadline?.Unit,
            RemindBeforeAmount = r.Step.RemindBefore?.Amount,
            RemindBeforeUnit = r.Step.RemindBefore?.Unit,
        }).ToList();
        request.State = ApprovalState.Pending;
        Advance(request, now, calendar);
    }

    /// <summary>
    /// Rule AP-7: only the current step, only on a pending request, never by the requester, and only by the required
    /// role or (where the policy allows) a more senior one in the line. Returns the role the decider acts in.
    /// </summary>
    public static string Authorise(ApprovalRequestEntity request, int stepIndex, CurrentUser user, bool seniorMayActInstead)
    {
        if (request.State != ApprovalState.Pending)
        {
            throw new RuleViolationException(new RuleViolation("AP-7", $"approvalRequests/{request.Id}",
                $"The request is {request.State}; its decisions are final."));
        }

        var current = request.CurrentStep
            ?? throw new InvalidOperationException($"Pending request {request.Id} has no current step.");
        if (stepIndex != current.Index)
        {
            var attempted = request.Steps.FirstOrDefault(s => s.Index == stepIndex);
            throw new RuleViolationException(new RuleViolation(attempted?.RuleId ?? current.RuleId, $"approvalRequests/{request.Id}/steps/{stepIndex}",
                attempted is null
                    ? $"The request has no step {stepIndex}."
                    : $"Steps are decided in order: step {current.Index} ({current.Title}, {current.RequiredRole}) comes first."));
        }

        if (user.Id == request.RequesterId)
        {
            throw new AccessDeniedException("AP-7: nobody approves their own request.", "AP-7");
        }

        return DecidingRole(current.RequiredRole, user.Roles, seniorMayActInstead)
            ?? throw new AccessDeniedException(
                $"AP-7: step {current.Index} needs {current.RequiredRole}{(seniorMayActInstead ? " or a more senior role" : "")}; you hold {string.Join(", ", user.Roles)}.",
                "AP-7");
    }

    /// <summary>The role in which someone may decide a step that needs <paramref name="requiredRole"/>, if any.</summary>
    public static string? DecidingRole(string requiredRole, IReadOnlyList<string> roles, bool seniorMayActInstead)
    {
        if (roles.Contains(requiredRole))
        {
            return requiredRole;
        }

        if (!seniorMayActInstead)
        {
            return null;
        }

        var required = Rank(requiredRole);
        return roles.Where(r => Rank(r) > required).OrderByDescending(Rank).FirstOrDefault();
    }

    /// <summary>The roles whose holders may decide a step that needs any of these (for "assigned to me" queues).</summary>
    public static IReadOnlyList<string> RolesDecidableBy(IReadOnlyList<string> roles, bool seniorMayActInstead) =>
        Roles.ManagementLine.Where(required => DecidingRole(required, roles, seniorMayActInstead) is not null).ToList();

    /// <summary>Records the decision on the current step and moves the request on. Returns the step that became current, if any.</summary>
    public static ApprovalStepEntity? Decide(
        ApprovalRequestEntity request, Decision decision, CurrentUser user, string decidingRole, string rationale,
        DateTimeOffset now, WorkingDayCalendar calendar)
    {
        var step = request.CurrentStep!;
        step.Decision = decision;
        step.DeciderId = user.Id;
        step.DeciderName = user.Name;
        step.DeciderRole = decidingRole;
        step.DecidedAt = now;
        step.Rationale = rationale;
        step.State = decision == Decision.Approve ? StepState.Approved : StepState.Rejected;

        if (decision == Decision.Reject)
        {
            Close(request, ApprovalState.Rejected);
            return null;
        }

        return Advance(request, now, calendar);
    }

    public static void Withdraw(ApprovalRequestEntity request, CurrentUser user, string reason)
    {
        if (request.State != ApprovalState.Pending)
        {
            throw new RuleViolationException(new RuleViolation("AP-7", $"approvalRequests/{request.Id}", $"The request is {request.State}; only a pending request can be withdrawn."));
        }

        if (user.Id != request.RequesterId && !user.Roles.Any(Roles.Managers.Contains))
        {
            throw new AccessDeniedException("Only the requester or a manager may withdraw an approval request.");
        }

        request.WithdrawReason = reason;
        Close(request, ApprovalState.Withdrawn);
    }

    /// <summary>Rule LH-5: when a step lapses, the next role up the line hears of it.</summary>
    public static string EscalationRole(string role)
    {
        var rank = Rank(role);
        return rank >= 0 && rank < Roles.ManagementLine.Count - 1 ? Roles.ManagementLine[rank + 1] : Roles.Director;
    }

    private static ApprovalStepEntity? Advance(ApprovalRequestEntity request, DateTimeOffset now, WorkingDayCalendar calendar)
    {
        var next = request.Steps.OrderBy(s => s.Index).FirstOrDefault(s => s.State == StepState.Waiting);
        if (next is null)
        {
            Close(request, ApprovalState.Granted);
            return null;
        }

        next.State = StepState.Current;
        // Rule AP-6: a step's deadline counts from when it became current (for a lasting home, the recommendation).
        if (next.DeadlineAmount is { } amount && next.DeadlineUnit is { } unit)
        {
            next.DueAt = calendar.Due(now, new Timescale(amount, unit));
            next.RemindAt = next.RemindBeforeAmount is { } before && next.RemindBeforeUnit is { } beforeUnit
                ? ReminderTime(next.DueAt.Value, new Timescale(before, beforeUnit), calendar)
                : null;
        }

        request.CurrentRole = next.RequiredRole;
        request.CurrentDueAt = next.DueAt;
        return next;
    }

    private static DateTimeOffset ReminderTime(DateTimeOffset due, Timescale before, WorkingDayCalendar calendar)
    {
        var dueDate = WorkingDayCalendar.LondonDate(due);
        return before.Unit switch
        {
            TimescaleUnit.Hours => due.AddHours(-before.Amount),
            TimescaleUnit.WorkingDays => WorkingDayCalendar.MorningOf(calendar.AddWorkingDays(dueDate, -before.Amount)),
            TimescaleUnit.Weeks => WorkingDayCalendar.MorningOf(dueDate.AddDays(-7 * before.Amount)),
            TimescaleUnit.Months => WorkingDayCalendar.MorningOf(dueDate.AddMonths(-before.Amount)),
            _ => WorkingDayCalendar.MorningOf(dueDate.AddDays(-before.Amount)),
        };
    }

    private static void Close(ApprovalRequestEntity request, ApprovalState state)
    {
        request.State = state;
        request.CurrentRole = null;
        request.CurrentDueAt = null;
        foreach (var waiting in request.Steps.Where(s => s.State is StepState.Waiting or StepState.Current))
        {
            waiting.State = StepState.Cancelled;
        }
    }

    private static int Rank(string role)
    {
        for (var i = 0; i < Roles.ManagementLine.Count; i++)
        {
            if (Roles.ManagementLine[i] == role)
            {
                return i;
            }
        }

        return -1;
    }
}
