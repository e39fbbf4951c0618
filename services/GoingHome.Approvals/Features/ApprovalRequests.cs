using GoingHome.Approvals.Data;
using GoingHome.Approvals.Domain;
using GoingHome.Approvals.Grpc;
using GoingHome.Approvals.V1;
using GoingHome.Events.V1;
using GoingHome.Persistence;
using GoingHome.Persistence.Children;
using GoingHome.ServiceClients;
using GoingHome.ServiceDefaults.Auth;
using GoingHome.ServiceDefaults.Errors;
using GoingHome.ServiceDefaults.Grpc;
using GoingHome.Time;
using Grpc.Core;
using Microsoft.EntityFrameworkCore;

namespace GoingHome.Approvals.Features;

/// <summary>What a decision needs (policy evaluation), asking for it, reading requests and withdrawing one.</summary>
public sealed class ApprovalRequests(
    ApprovalsDbContext db,
    UnitOfWork<ApprovalsDbContext> work,
    ApprovalRequestStore store,
    ReturnReadinessCheck readinessCheck,
    Auditor auditor,
    CurrentUser user,
    ApprovalPolicy policy,
    CaseChildReader children,
    ApprovalSubjects subjects,
    WorkingDayCalendar calendar,
    TimeProvider clock)
{
    public async Task<EvaluatePolicyResponse> EvaluatePolicy(EvaluatePolicyRequest request, ServerCallContext context)
    {
        var v = new Violations();
        v.RequireText(request.ChildId, "child_id", 64);
        v.RequireText(request.Action, "action", 100);
        var plannedReturn = PlannedReturn(v, request.PlannedReturnDate, clock.LondonToday());
        v.ThrowIfAny();
        var action = PolicyEvaluator.FindAction(policy, request.Action);

        var risk = action.RequiresReturnReadiness ? RiskFacts.From(await readinessCheck.ReadinessAsync(request.ChildId, context.CancellationToken)) : null;
        var facts = PolicyFacts.From(await children.ReadAsync(request.ChildId, context.CancellationToken), plannedReturn, risk);
        var steps = PolicyEvaluator.Evaluate(policy, request.Action, facts);
        auditor.Read(context.Method, request.ChildId);
        var now = clock.GetUtcNow();
        return new EvaluatePolicyResponse
        {
            Policy = policy.Name,
            Facts = facts.ToProto(),
            Steps = { steps.Select(s => s.ToProto(s.Index == 0 && s.Step.Deadline is { } d ? calendar.Due(now, d) : null)) },
        };
    }

    public async Task<ApprovalRequest> CreateApprovalRequest(CreateApprovalRequestRequest request, ServerCallContext context)
    {
        var v = new Violations().RequireRequestId(request.RequestId);
        v.RequireText(request.ChildId, "child_id", 64);
        v.RequireText(request.Action, "action", 100);
        v.RequireText(request.Subject, "subject", 200);
        v.RequireText(request.Summary, "summary", 2000, required: false);
        var today = clock.LondonToday();
        var plannedReturn = PlannedReturn(v, request.PlannedReturnDate, today);
        v.Require(plannedReturn is null || plannedReturn >= today, "planned_return_date", "must not be in the past");
        v.ThrowIfAny();
        var action = PolicyEvaluator.FindAction(policy, request.Action);

        return await work.ExecuteAsync(context.Method, request.RequestId, created => created.ChildId, async ct =>
        {
            var child = await children.ReadAsync(request.ChildId, ct);
            await subjects.RequireAsync(action, request.ChildId, request.Subject, ct);
            var risk = action.RequiresReturnReadiness ? RiskFacts.From(await readinessCheck.RequireReturnReadinessAsync(request.ChildId, ct)) : null;
            var facts = PolicyFacts.From(child, plannedReturn, risk);
            // Rule RH-3: what the policy refuses to put to approvers at all (a Severe band by default).
            var refused = PolicyEvaluator.Refusals(action, facts, $"children/{request.ChildId}");
            if (refused.Count > 0)
            {
                throw new RuleViolationException(refused);
            }

            var required = PolicyEvaluator.Evaluate(policy, request.Action, facts);
            var now = clock.GetUtcNow();
            var record = new ApprovalRequestEntity
            {
                Id = Guid.CreateVersion7(),
                Version = 1,
                ChildId = request.ChildId,
                Action = request.Action,
                Subject = request.Subject,
                Summary = request.Summary.Length == 0 ? null : request.Summary,
                RequesterId = user.Id,
                RequesterRole = user.PrimaryRole,
                Policy = policy.Name,
                TeamId = facts.TeamId,
                FactsJson = facts.ToProto().ToJson(),
                CreatedAt = now,
                UpdatedAt = now,
            };
            ApprovalWorkflow.Open(record, required, now, calendar);
            db.Requests.Add(record);

            store.Raise(record, new ApprovalRequested
            {
                ApprovalRequestId = record.Id.ToString(),
                ChildId = record.ChildId,
                Action = record.Action,
                Subject = record.Subject,
                RequesterId = record.RequesterId,
                TeamId = record.TeamId,
                RuleIds = { required.Select(r => r.Step.RuleId).Distinct() },
                // Rule AP-2: the roles a step names are told of the request as soon as it is made.
                NotifyRoles = { required.SelectMany(r => r.Step.Notify).Distinct() },
            });
            store.RaiseStepStarted(record);
            store.RaiseClosed(record, null);
            return record.ToProto();
        }, context.CancellationToken);
    }

    public async Task<ApprovalRequest> GetApprovalRequest(GetApprovalRequestRequest request, ServerCallContext context)
    {
        var record = await store.LoadAsync(request.Id, "id", tracking: false, context.CancellationToken);
        auditor.Read(context.Method, record.ChildId);
        var answer = record.ToProto();
        answer.CallerMayDecide = MayDecide(record);
        await ChildLabels.NameChildrenAsync(db, [answer], clock.LondonToday(), context.CancellationToken);
        return answer;
    }

    public async Task<ListApprovalRequestsResponse> ListApprovalRequests(ListApprovalRequestsRequest request, ServerCallContext context)
    {
        var v = new Violations();
        var size = PageTokens.PageSize(v, request.PageSize);
        v.OptionalEnum(request.State, "state");
        v.RequireText(request.ChildId, "child_id", 64, required: false);
        v.RequireText(request.TeamId, "team_id", 100, required: false);
        var scope = $"approvals\n{request.ChildId}\n{request.Action}\n{request.State}\n{request.TeamId}\n{request.AssignedToMe}\n{user.Id}";
        var offset = PageTokens.Decode(v, request.PageToken, scope);
        v.ThrowIfAny();

        var query = db.Requests.AsNoTracking();
        if (request.ChildId.Length > 0)
        {
            query = query.Where(r => r.ChildId == request.ChildId);
        }

        if (request.Action.Length > 0)
        {
            query = query.Where(r => r.Action == request.Action);
        }

        if (request.State != ApprovalState.Unspecified)
        {
            query = query.Where(r => r.State == request.State);
        }

        if (request.TeamId.Length > 0)
        {
            query = query.Where(r => r.TeamId == request.TeamId);
        }

        if (request.AssignedToMe)
        {
            var decidable = ApprovalWorkflow.RolesDecidableBy(user.Roles, policy.SeniorMayActInstead);
            query = query.Where(r => r.State == ApprovalState.Pending && r.RequesterId != user.Id && decidable.Contains(r.CurrentRole!));
        }

        var total = await query.CountAsync(context.CancellationToken);
        var page = await query
            .OrderBy(r => r.CurrentDueAt == null).ThenBy(r => r.CurrentDueAt).ThenBy(r => r.CreatedAt).ThenBy(r => r.Id)
            .Skip(offset).Take(size)
            .Include(r => r.Steps)
            .ToListAsync(context.CancellationToken);
        var shown = auditor.ReadPage(context.Method, page, record => record.ChildId);

        var response = new ListApprovalRequestsResponse
        {
            TotalSize = total,
            NextPageToken = PageTokens.Next(offset, size, page.Count, total, scope),
            ApprovalRequests = { shown.Select(r => { var answer = r.ToProto(); answer.CallerMayDecide = MayDecide(r); return answer; }) },
        };
        await ChildLabels.NameChildrenAsync(db, response.ApprovalRequests, clock.LondonToday(), context.CancellationToken);
        return response;
    }

    /// <summary>
    /// Rules AP-7 and the policy's roles, as DecideApprovalStep applies them, and ACC-1 as far as the request shows it
    /// (a senior manager acts for every child; anyone else through the child's team, which the request records), for
    /// a front end to offer the form. DecideApprovalStep checks the relationship in full when the decision comes.
    /// </summary>
    private bool MayDecide(ApprovalRequestEntity record) =>
        record.State == ApprovalState.Pending && record.RequesterId != user.Id && record.CurrentRole is { } role
        && ApprovalWorkflow.RolesDecidableBy(user.Roles, policy.SeniorMayActInstead).Contains(role)
        && (ChildRelationships.RelatedToEveryChild(user) || user.Teams.Contains(record.TeamId ?? ""));

    public async Task<ApprovalRequest> WithdrawApprovalRequest(WithdrawApprovalRequestRequest request, ServerCallContext context)
    {
        var v = new Violations().RequireRequestId(request.RequestId);
        v.RequireText(request.Reason, "reason", 2000);
        v.ThrowIfAny();
        return await work.ExecuteAsync(context.Method, request.RequestId, withdrawn => withdrawn.ChildId, async ct =>
        {
            var record = await store.LoadAsync(request.Id, "id", tracking: true, ct);
            await work.RequireAccessAsync(record.ChildId, ct);
            Etags.RequireCurrent(record.Version, request.Etag, "ApprovalRequest", record.Id);

            ApprovalWorkflow.Withdraw(record, user, request.Reason);
            record.Version++;
            record.UpdatedAt = clock.GetUtcNow();
            store.RaiseClosed(record, null);
            return record.ToProto();
        }, context.CancellationToken);
    }

    /// <summary>A planned return date as given: a real date within the horizon (it may be today or past: the day a child went home).</summary>
    public static DateOnly? PlannedReturn(Violations v, Google.Type.Date? date, DateOnly today)
    {
        if (date is null)
        {
            return null;
        }

        var parsed = date.ToDateOnly();
        v.Require(parsed is not null, "planned_return_date", "must be a real calendar date");
        v.Require(parsed is null || PlannedReturnHorizon.Holds(parsed.Value, today), "planned_return_date", PlannedReturnHorizon.Description);
        return parsed;
    }
}
