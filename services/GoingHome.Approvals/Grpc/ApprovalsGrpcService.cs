using GoingHome.Approvals.Data;
using GoingHome.Approvals.Domain;
using GoingHome.Approvals.V1;
using GoingHome.Assessment.V1;
using GoingHome.Case.V1;
using GoingHome.Events.V1;
using GoingHome.Messaging;
using GoingHome.ServiceDefaults.Auth;
using GoingHome.ServiceDefaults.Clients;
using GoingHome.ServiceDefaults.Errors;
using GoingHome.ServiceDefaults.Grpc;
using GoingHome.ServiceDefaults.Persistence;
using GoingHome.ServiceDefaults.Time;
using Grpc.Core;
using Microsoft.AspNetCore.Authorization;
using Microsoft.EntityFrameworkCore;

namespace GoingHome.Approvals.Grpc;

/// <summary>The Approvals API: policy evaluation, requests and their steps, and gates for other services.</summary>
public sealed class ApprovalsGrpcService(
    ApprovalsDbContext db,
    UnitOfWork<ApprovalsDbContext> work,
    EventOutbox<ApprovalsDbContext> outbox,
    Auditor auditor,
    CurrentUser user,
    ApprovalPolicy policy,
    CaseChildReader children,
    CaseService.CaseServiceClient cases,
    AssessmentService.AssessmentServiceClient assessment,
    ApprovalSubjects subjects,
    WorkingDayCalendar calendar,
    TimeProvider clock) : ApprovalsService.ApprovalsServiceBase
{
    public const string Topic = "approvals";

    [Authorize(Policy = Policies.CaseOrServiceReader)]
    public override async Task<EvaluatePolicyResponse> EvaluatePolicy(EvaluatePolicyRequest request, ServerCallContext context)
    {
        var v = new Violations();
        v.RequireText(request.ChildId, "child_id", 64);
        v.RequireText(request.Action, "action", 100);
        var plannedReturn = PlannedReturn(v, request.PlannedReturnDate);
        v.ThrowIfAny();
        var action = PolicyEvaluator.FindAction(policy, request.Action);

        var risk = action.RequiresReturnReadiness ? RiskFacts.From(await ReadinessAsync(request.ChildId, context.CancellationToken)) : null;
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

    [Authorize(Policy = Policies.CaseWriter)]
    public override async Task<ApprovalRequest> CreateApprovalRequest(CreateApprovalRequestRequest request, ServerCallContext context)
    {
        var v = new Violations().RequireRequestId(request.RequestId);
        v.RequireText(request.ChildId, "child_id", 64);
        v.RequireText(request.Action, "action", 100);
        v.RequireText(request.Subject, "subject", 200);
        v.RequireText(request.Summary, "summary", 2000, required: false);
        var plannedReturn = PlannedReturn(v, request.PlannedReturnDate);
        v.ThrowIfAny();
        var action = PolicyEvaluator.FindAction(policy, request.Action);

        return await work.ExecuteAsync(context.Method, request.RequestId, created => created.ChildId, async ct =>
        {
            var child = await children.ReadAsync(request.ChildId, ct);
            await subjects.RequireAsync(action, request.ChildId, request.Subject, ct);
            var risk = action.RequiresReturnReadiness ? RiskFacts.From(await RequireReturnReadinessAsync(request.ChildId, ct)) : null;
            var facts = PolicyFacts.From(child, plannedReturn, risk);
            // Rule RH-3: what the policy refuses to put to approvers at all (a Severe band by default).
            var refused = PolicyEvaluator.Refusals(action, facts, $"children/{request.ChildId}");
            if (refused.Count > 0)
            {
                throw new RuleViolationException(refused);
            }

            var required = PolicyEvaluator.Evaluate(policy, request.Action, facts);
            var now = clock.GetUtcNow();
            var record = new ApprovalRequestRecord
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

            Raise(record, new ApprovalRequested
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
            RaiseStepStarted(record);
            RaiseClosed(record, null);
            return record.ToProto();
        }, context.CancellationToken);
    }

    [Authorize(Policy = Policies.CaseOrServiceReader)]
    public override async Task<ApprovalRequest> GetApprovalRequest(GetApprovalRequestRequest request, ServerCallContext context)
    {
        var record = await LoadAsync(request.Id, "id", tracking: false, context.CancellationToken);
        auditor.Read(context.Method, record.ChildId);
        return record.ToProto();
    }

    [Authorize(Policy = Policies.CaseOrServiceReader)]
    public override async Task<ListApprovalRequestsResponse> ListApprovalRequests(ListApprovalRequestsRequest request, ServerCallContext context)
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
        auditor.Read(context.Method, page.Select(record => record.ChildId));

        return new ListApprovalRequestsResponse
        {
            TotalSize = total,
            NextPageToken = PageTokens.Next(offset, size, page.Count, total, scope),
            ApprovalRequests = { page.Select(r => r.ToProto()) },
        };
    }

    [Authorize(Policy = Policies.Approver)]
    public override async Task<ApprovalRequest> DecideApprovalStep(DecideApprovalStepRequest request, ServerCallContext context)
    {
        var v = new Violations().RequireRequestId(request.RequestId);
        v.RequireEnum(request.Decision, "decision");
        // Rule AP-7: every decision records its rationale.
        v.RequireText(request.Rationale, "rationale", 4000);
        v.RequireText(request.Etag, "etag", 20);
        v.ThrowIfAny();

        return await work.ExecuteAsync(context.Method, request.RequestId, decided => decided.ChildId, async ct =>
        {
            var record = await LoadAsync(request.ApprovalRequestId, "approval_request_id", tracking: true, ct);
            Etags.RequireCurrent(record.Version, request.Etag, "ApprovalRequest", record.Id);

            var decidingRole = ApprovalWorkflow.Authorise(record, request.StepIndex, user, policy.SeniorMayActInstead);
            var step = record.CurrentStep!;
            var now = clock.GetUtcNow();
            if (request.Decision == Decision.Approve)
            {
                await RecordOnChildFileAsync(record, step, decidingRole, request.Rationale, ct);
            }

            ApprovalWorkflow.Decide(record, request.Decision, user, decidingRole, request.Rationale, now, calendar);
            record.Version++;
            record.UpdatedAt = now;

            Raise(record, new ApprovalStepDecided
            {
                ApprovalRequestId = record.Id.ToString(),
                ChildId = record.ChildId,
                StepIndex = step.Index,
                RuleId = step.RuleId,
                Approved = request.Decision == Decision.Approve,
                DeciderId = user.Id,
                DeciderRole = decidingRole,
                Rationale = request.Rationale,
                Action = record.Action,
                RequiredRole = step.RequiredRole,
            });
            RaiseStepStarted(record);
            RaiseClosed(record, step);
            return record.ToProto();
        }, context.CancellationToken);
    }

    [Authorize(Policy = Policies.CaseWriter)]
    public override async Task<ApprovalRequest> WithdrawApprovalRequest(WithdrawApprovalRequestRequest request, ServerCallContext context)
    {
        var v = new Violations().RequireRequestId(request.RequestId);
        v.RequireText(request.Reason, "reason", 2000);
        v.ThrowIfAny();
        return await work.ExecuteAsync(context.Method, request.RequestId, withdrawn => withdrawn.ChildId, async ct =>
        {
            var record = await LoadAsync(request.Id, "id", tracking: true, ct);
            Etags.RequireCurrent(record.Version, request.Etag, "ApprovalRequest", record.Id);

            ApprovalWorkflow.Withdraw(record, user, request.Reason);
            record.Version++;
            record.UpdatedAt = clock.GetUtcNow();
            RaiseClosed(record, null);
            return record.ToProto();
        }, context.CancellationToken);
    }

    [Authorize(Policy = Policies.CaseOrServiceReader)]
    public override async Task<CheckGateResponse> CheckGate(CheckGateRequest request, ServerCallContext context)
    {
        var v = new Violations();
        v.RequireText(request.ChildId, "child_id", 64);
        v.RequireText(request.Action, "action", 100);
        v.RequireText(request.Subject, "subject", 200);
        var plannedNow = PlannedReturn(v, request.PlannedReturnDate);
        v.ThrowIfAny();
        var action = PolicyEvaluator.FindAction(policy, request.Action);
        var ct = context.CancellationToken;

        var latest = await db.Requests.AsNoTracking().Include(r => r.Steps)
            .Where(r => r.ChildId == request.ChildId && r.Action == request.Action && r.Subject == request.Subject)
            .OrderByDescending(r => r.CreatedAt).ThenByDescending(r => r.Id)
            .FirstOrDefaultAsync(ct);
        auditor.Read(context.Method, request.ChildId);
        if (latest is null)
        {
            return new CheckGateResponse
            {
                Approved = false,
                MissingSteps =
                {
                    (await StepsForChildAsync(request.ChildId, action, plannedNow, ct))
                        .Select(s => new MissingStep { RuleId = s.RuleId, Title = s.Title, RequiredRole = s.Role, State = StepState.Unspecified, Reason = GateEvaluation.NoRequest }),
                },
            };
        }

        // Rules AP-4 / AP-9: the grant holds only for the facts it was decided on, so the policy is evaluated again on
        // today's facts (Case unreachable: UNAVAILABLE, the gate stays closed). Rule NS-1: readiness is a condition of
        // the gate, not only of the request: a household or check that changed since the request reopens it.
        var planned = plannedNow ?? Facts.Parser.ParseJson(latest.FactsJson).PlannedReturnDate.ToDateOnly();
        var readiness = action.RequiresReturnReadiness ? await ReadinessAsync(request.ChildId, ct) : null;
        var today = PolicyFacts.From(await children.ReadAsync(request.ChildId, ct), planned, readiness is null ? null : RiskFacts.From(readiness));
        var missing = GateEvaluation.Missing(latest, PolicyEvaluator.Evaluate(policy, request.Action, today)).ToList();
        missing.AddRange(PolicyEvaluator.Refusals(action, today, request.Subject).Select(refusal => new MissingStep
        {
            RuleId = refusal.RuleId, Title = refusal.Description, State = StepState.Unspecified, Reason = "the policy refuses this return on today's facts",
        }));
        missing.AddRange((readiness?.Missing ?? []).Select(gap => new MissingStep
        {
            RuleId = gap.RuleId, Title = gap.Description, State = StepState.Unspecified, Reason = "the return is no longer ready",
        }));

        return new CheckGateResponse
        {
            Approved = missing.Count == 0,
            ApprovalRequestId = latest.Id.ToString(),
            State = latest.State,
            MissingSteps = { missing },
        };
    }

    /// <summary>
    /// Nothing asked for yet: the steps the policy would set for this child today, so the refusal names only the rules
    /// that apply (no AP-3 for an eight-year-old). Where that cannot be worked out (a fact only the request carries, or
    /// Case unreachable) every step of the action is named; the gate is closed either way.
    /// </summary>
    private async Task<IEnumerable<PolicyStep>> StepsForChildAsync(string childId, PolicyAction action, DateOnly? plannedReturn, CancellationToken cancellationToken)
    {
        if (action.RequiredFacts.Count > 0 && plannedReturn is null)
        {
            return action.Steps;
        }

        try
        {
            var facts = PolicyFacts.From(await children.ReadAsync(childId, cancellationToken), plannedReturn);
            return PolicyEvaluator.Evaluate(policy, action.Name, facts).Select(s => s.Step);
        }
        catch (RpcException)
        {
            return action.Steps;
        }
    }

    /// <summary>
    /// RH-4 / AP-5: an HoS agreement becomes a management-oversight case note; S20-6: the Director's authorisation is
    /// attached as a document. Written to Case before the decision commits, with idempotency keys derived from the step,
    /// so a retry after a failure neither loses nor doubles them.
    /// </summary>
    private async Task RecordOnChildFileAsync(ApprovalRequestRecord record, ApprovalStepRecord step, string decidingRole, string rationale, CancellationToken cancellationToken)
    {
        if (step.RecordCaseNote)
        {
            await cases.CreateCaseNoteAsync(new CreateCaseNoteRequest
            {
                ChildId = record.ChildId,
                RequestId = $"approval-{record.Id}-step-{step.Index}-note",
                Note = new CaseNote
                {
                    Type = CaseNoteType.ManagementOversight,
                    Subject = $"{step.Title} ({step.RuleId}): {record.Action}",
                    Body = $"{user.Name} ({decidingRole}) agreed: {rationale}",
                },
            }, cancellationToken: cancellationToken);
        }

        if (step.AttachDocument)
        {
            await cases.CreateDocumentAsync(new CreateDocumentRequest
            {
                ChildId = record.ChildId,
                RequestId = $"approval-{record.Id}-step-{step.Index}-document",
                Document = new Document
                {
                    Kind = DocumentKind.Approval,
                    Title = $"{step.Title} ({step.RuleId}) by {user.Name}, {decidingRole}",
                    Uri = $"goinghome://approvals/approvalRequests/{record.Id}",
                    ContentType = "application/vnd.goinghome.approval",
                    DocumentDate = WorkingDayCalendar.LondonDate(clock.GetUtcNow()).ToProto(),
                },
            }, cancellationToken: cancellationToken);
        }
    }

    /// <summary>
    /// Rule NS-1: a return home is not put to approvers until Assessment says the assessment, risk classification,
    /// checklist and DBS checks are in place; returns what Assessment said, with the risk band (RH-3).
    /// </summary>
    private async Task<ReturnReadiness> RequireReturnReadinessAsync(string childId, CancellationToken cancellationToken)
    {
        var readiness = await ReadinessAsync(childId, cancellationToken);
        if (!readiness.Ready)
        {
            throw new RuleViolationException(readiness.Missing.Select(m => new RuleViolation(m.RuleId, $"children/{childId}", m.Description)).ToList());
        }

        return readiness;
    }

    /// <summary>What Assessment says of a return; if it cannot answer, UNAVAILABLE (AP-8 spirit).</summary>
    private async Task<ReturnReadiness> ReadinessAsync(string childId, CancellationToken cancellationToken)
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

    private void RaiseStepStarted(ApprovalRequestRecord record)
    {
        if (record.CurrentStep is not { } current || current.DecidedAt is not null)
        {
            return;
        }

        Raise(record, new ApprovalStepAwaiting
        {
            ApprovalRequestId = record.Id.ToString(),
            ChildId = record.ChildId,
            StepIndex = current.Index,
            RuleId = current.RuleId,
            RequiredRole = current.RequiredRole,
            TeamId = record.TeamId,
        });
        if (current.DueAt is { } due)
        {
            // Rules AP-6 and LH-5: Notifications reminds the owner before the deadline and escalates when it lapses.
            Raise(record, new ApprovalStepDeadlineSet
            {
                ApprovalRequestId = record.Id.ToString(),
                ChildId = record.ChildId,
                StepIndex = current.Index,
                RuleId = current.RuleId,
                OwnerRole = current.RequiredRole,
                DueTime = due.ToProto(),
                RemindTime = current.RemindAt.ToProto(),
                EscalateToRole = ApprovalWorkflow.EscalationRole(current.RequiredRole),
                TeamId = record.TeamId,
            });
        }
    }

    private void RaiseClosed(ApprovalRequestRecord record, ApprovalStepRecord? decided)
    {
        var id = record.Id.ToString();
        switch (record.State)
        {
            case ApprovalState.Granted:
                Raise(record, new ApprovalGranted { ApprovalRequestId = id, ChildId = record.ChildId, Action = record.Action, Subject = record.Subject });
                break;
            case ApprovalState.Rejected:
                Raise(record, new ApprovalRejected
                {
                    ApprovalRequestId = id, ChildId = record.ChildId, Action = record.Action, Subject = record.Subject,
                    RuleId = decided?.RuleId ?? "", Rationale = decided?.Rationale ?? "",
                });
                break;
            case ApprovalState.Withdrawn:
                Raise(record, new ApprovalWithdrawn
                {
                    ApprovalRequestId = id, ChildId = record.ChildId, Action = record.Action, Subject = record.Subject, Reason = record.WithdrawReason ?? "",
                });
                break;
        }
    }

    private void Raise(ApprovalRequestRecord record, Google.Protobuf.IMessage payload) =>
        outbox.Add(Topic, payload, record.ChildId, null, user.Id);

    private async Task<ApprovalRequestRecord> LoadAsync(string id, string field, bool tracking, CancellationToken cancellationToken)
    {
        var requests = tracking ? db.Requests : db.Requests.AsNoTracking();
        return await requests.Include(r => r.Steps).FindByIdAsync("ApprovalRequest", id, field, cancellationToken);
    }

    private static DateOnly? PlannedReturn(Violations v, Google.Type.Date? date)
    {
        if (date is null)
        {
            return null;
        }

        var parsed = date.ToDateOnly();
        v.Require(parsed is not null, "planned_return_date", "must be a real calendar date");
        return parsed;
    }
}
