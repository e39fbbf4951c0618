using GoingHome.Approvals.V1;
using GoingHome.Assessment.V1;
using GoingHome.Case.V1;
using GoingHome.Events.V1;
using GoingHome.Messaging;
using GoingHome.Pathway.Data;
using GoingHome.Pathway.Domain;
using GoingHome.Pathway.V1;
using GoingHome.ServiceDefaults.Auth;
using GoingHome.ServiceDefaults.Clients;
using GoingHome.ServiceDefaults.Errors;
using GoingHome.ServiceDefaults.Grpc;
using GoingHome.ServiceDefaults.Persistence;
using Grpc.Core;
using Microsoft.AspNetCore.Authorization;
using Microsoft.EntityFrameworkCore;
using TaskStatus = GoingHome.Pathway.Data.TaskStatus;

namespace GoingHome.Pathway.Grpc;

/// <summary>The Pathway API: the Going Home pathway's stages, tasks and records, and the Section 20 return.</summary>
public sealed class PathwayGrpcService(
    PathwayDbContext db,
    UnitOfWork<PathwayDbContext> work,
    PathwayWorkflow workflow,
    EventOutbox<PathwayDbContext> outbox,
    Auditor auditor,
    CurrentUser user,
    CaseChildReader children,
    CaseService.CaseServiceClient cases,
    ApprovalsService.ApprovalsServiceClient approvals,
    AssessmentService.AssessmentServiceClient assessments,
    TimeProvider clock) : PathwayService.PathwayServiceBase
{
    private static readonly HashSet<string> Parties = ["parents", "foster-carers", "wider-family", "professional-network", "child"];
    private static readonly HashSet<string> StrengthOptions = ["fgc", "restorative-circle", "reflective-space", "support-group", "homestart"];
    private static readonly HashSet<string> StrengthStatuses = ["considered", "offered", "held", "declined"];
    private static readonly HashSet<string> PlanReviewSettings = ["md-supervision", "legal-meeting", "network-meeting", "family-time-review"];

    [Authorize(Policy = Policies.CaseReader)]
    public override async Task<V1.Pathway> GetPathway(GetPathwayRequest request, ServerCallContext context)
    {
        var pathway = await CurrentPathwayAsync(request.ChildId, context.CancellationToken);
        auditor.Read(context.Method, pathway.ChildId);
        return PathwayMapping.ToProto(pathway);
    }

    [Authorize(Policy = Policies.CaseReader)]
    public override async Task<ListTasksResponse> ListTasks(ListTasksRequest request, ServerCallContext context)
    {
        var v = new Violations().OptionalEnum(request.State, "state");
        var pageSize = PageTokens.PageSize(v, request.PageSize);
        var query = $"tasks|{request.OwnerId}|{request.OwnerRole}|{request.TeamId}|{request.ChildId}|{request.State}|{request.DueBefore}";
        var offset = PageTokens.Decode(v, request.PageToken, query);
        v.ThrowIfAny();

        var now = clock.GetUtcNow();
        var tasks = db.Tasks.AsNoTracking();
        tasks = request.OwnerId.Length > 0 ? tasks.Where(t => t.OwnerId == request.OwnerId) : tasks;
        tasks = request.OwnerRole.Length > 0 ? tasks.Where(t => t.OwnerRole == request.OwnerRole) : tasks;
        tasks = request.TeamId.Length > 0 ? tasks.Where(t => t.TeamId == request.TeamId) : tasks;
        tasks = request.ChildId.Length > 0 ? tasks.Where(t => t.ChildId == request.ChildId) : tasks;
        tasks = request.State switch
        {
            TaskState.Open => tasks.Where(t => t.Status == TaskStatus.Open),
            TaskState.Overdue => tasks.Where(t => t.Status == TaskStatus.Open && t.DueAt < now),
            TaskState.Done => tasks.Where(t => t.Status == TaskStatus.Done),
            TaskState.NotNeeded => tasks.Where(t => t.Status == TaskStatus.NotNeeded),
            _ => tasks.Where(t => t.Status != TaskStatus.Cancelled),
        };
        if (request.DueBefore is { } dueBefore)
        {
            var before = dueBefore.ToDateTimeOffset();
            tasks = tasks.Where(t => t.DueAt < before);
        }

        var total = await tasks.CountAsync(context.CancellationToken);
        var page = await tasks.OrderBy(t => t.DueAt).ThenBy(t => t.Id).Skip(offset).Take(pageSize).ToListAsync(context.CancellationToken);
        auditor.Read(context.Method, page.Select(t => t.ChildId));

        return new ListTasksResponse
        {
            Tasks = { page.Select(t => PathwayMapping.ToProto(t, now)) },
            NextPageToken = PageTokens.Next(offset, pageSize, page.Count, total, query),
        };
    }

    [Authorize(Policy = Policies.CaseWriter)]
    public override Task<PathwayTask> CompleteTask(CompleteTaskRequest request, ServerCallContext context)
    {
        var v = new Violations().RequireRequestId(request.RequestId).RequireText(request.Outcome, "outcome", 2000);
        v.ThrowIfAny();
        return CloseTaskAsync(context, request.RequestId, request.TaskId, TaskStatus.Done, request.Outcome, "");
    }

    [Authorize(Policy = Policies.CaseWriter)]
    public override Task<PathwayTask> MarkTaskNotNeeded(MarkTaskNotNeededRequest request, ServerCallContext context)
    {
        var v = new Violations().RequireRequestId(request.RequestId).RequireText(request.Reason, "reason", 2000);
        v.ThrowIfAny();
        return CloseTaskAsync(context, request.RequestId, request.TaskId, TaskStatus.NotNeeded, "", request.Reason);
    }

    [Authorize(Policy = Policies.CaseWriter)]
    public override async Task<PathwayRecord> AddPathwayRecord(AddPathwayRecordRequest request, ServerCallContext context)
    {
        var input = request.Record ?? new PathwayRecord();
        var v = new Violations().RequireRequestId(request.RequestId).RequireEnum(input.Kind, "record.kind");
        var occurred = input.OccurredOn.ToDateOnly();
        v.Require(occurred is not null, "record.occurred_on", "must be a real calendar date");
        v.Require(occurred is null || occurred <= workflow.Today, "record.occurred_on", "must not be in the future");
        v.RequireText(input.Subject, "record.subject", 200, required: input.Kind is RecordKind.CriticalConversation or RecordKind.BuildStrengths
            or RecordKind.FamilyTime or RecordKind.LeadProfessional or RecordKind.StepDownPlan or RecordKind.ReunificationReview or RecordKind.PlanReview);
        v.RequireText(input.Status, "record.status", 100, required: input.Kind is RecordKind.BuildStrengths or RecordKind.FamilyTime);
        v.RequireText(input.Outcome, "record.outcome", 4000, required: false);
        v.RequireText(input.Notes, "record.notes", 4000, required: input.Kind is RecordKind.IroViews or RecordKind.EarlyClosure or RecordKind.ParallelPlan);
        CheckRecordKind(v, input);
        v.ThrowIfAny();
        if (input.Kind == RecordKind.IroViews && !user.IsInRole(Roles.IndependentReviewingOfficer))
        {
            throw new AccessDeniedException("The IRO records their own views on a section 20 return (S20-6).", "S20-6");
        }

        if (input.Kind == RecordKind.EarlyClosure && !Roles.Managers.Any(user.IsInRole))
        {
            throw new AccessDeniedException("A manager records why the case closes on the day of the return (RH-5).", "RH-5");
        }

        return await work.ExecuteAsync(context.Method, request.RequestId, r => r.ChildId, async ct =>
        {
            var pathway = await CurrentPathwayAsync(request.ChildId, ct);
            RequireOpen(pathway);
            // Rule T-3: nothing on the pathway, a review least of all, is dated before the child entered care.
            if (occurred < pathway.EnteredCareOn)
            {
                throw new RuleViolationException(new RuleViolation("T-3", $"children/{pathway.ChildId}/pathway",
                    $"Dated {occurred:yyyy-MM-dd}, before the child entered care on {pathway.EnteredCareOn:yyyy-MM-dd}."));
            }

            if (input.Kind == RecordKind.BuildStrengths && input.Subject == "homestart"
                && !TaskPlanner.Applies(TaskCondition.Under5, pathway.HasSiblings, workflow.AgeOf(pathway)))
            {
                throw new RuleViolationException(new RuleViolation("GH-12", $"children/{pathway.ChildId}/pathway", "Homestart is only for a child under 5."));
            }

            var record = new PathwayRecordEntity
            {
                Id = Guid.CreateVersion7(),
                PathwayId = pathway.Id,
                ChildId = pathway.ChildId,
                Kind = input.Kind,
                OccurredOn = occurred!.Value,
                Subject = input.Subject,
                Status = input.Status,
                Outcome = input.Outcome,
                Notes = input.Notes,
                RecordedBy = user.Id,
                Stage = pathway.Stage,
                CreatedAt = clock.GetUtcNow(),
            };
            db.Records.Add(record);
            await ApplyRecordAsync(pathway, record, ct);
            workflow.Touch(pathway);
            outbox.Add(PathwayWorkflow.Topic, new PathwayRecordAdded
            {
                ChildId = pathway.ChildId, RecordId = record.Id.ToString(), Kind = record.Kind.ToString(), Subject = record.Subject,
            }, pathway.ChildId, request.RequestId, user.Id);
            return PathwayMapping.ToProto(record);
        }, context.CancellationToken);
    }

    [Authorize(Policy = Policies.CaseReader)]
    public override async Task<ListPathwayRecordsResponse> ListPathwayRecords(ListPathwayRecordsRequest request, ServerCallContext context)
    {
        var v = new Violations().OptionalEnum(request.Kind, "kind");
        var pageSize = PageTokens.PageSize(v, request.PageSize);
        var query = $"records|{request.ChildId}|{request.Kind}";
        var offset = PageTokens.Decode(v, request.PageToken, query);
        v.ThrowIfAny();

        var pathway = await CurrentPathwayAsync(request.ChildId, context.CancellationToken);
        var records = db.Records.AsNoTracking().Where(r => r.PathwayId == pathway.Id);
        records = request.Kind == RecordKind.Unspecified ? records : records.Where(r => r.Kind == request.Kind);
        var total = await records.CountAsync(context.CancellationToken);
        var page = await records.OrderBy(r => r.OccurredOn).ThenBy(r => r.Id).Skip(offset).Take(pageSize).ToListAsync(context.CancellationToken);
        auditor.Read(context.Method, pathway.ChildId);
        return new ListPathwayRecordsResponse
        {
            Records = { page.Select(PathwayMapping.ToProto) },
            NextPageToken = PageTokens.Next(offset, pageSize, page.Count, total, query),
        };
    }

    [Authorize(Policy = Policies.CaseWriter)]
    public override async Task<V1.Pathway> SetPlannedReturnDate(SetPlannedReturnDateRequest request, ServerCallContext context)
    {
        var v = new Violations().RequireRequestId(request.RequestId);
        var planned = request.PlannedReturnDate.ToDateOnly();
        v.Require(planned is not null, "planned_return_date", "must be a real calendar date");
        // Rule GH-13: a planned return date is in the future.
        v.Require(planned is null || planned > workflow.Today, "planned_return_date", "must be after today");
        v.ThrowIfAny();

        return await work.ExecuteAsync(context.Method, request.RequestId, p => p.ChildId, async ct =>
        {
            var pathway = await CurrentPathwayAsync(request.ChildId, ct);
            Etags.RequireCurrent(pathway.Version, request.Etag, "Pathway", pathway.Id);
            if (pathway.Stage is not (Stage.Stage2 or Stage.ByfTransition))
            {
                throw new RuleViolationException(new RuleViolation("GH-13", $"children/{pathway.ChildId}/pathway",
                    $"A planned return date belongs to an active Going Home plan (Stage 2 or BYF), not {pathway.Stage}."));
            }

            pathway.PlannedReturnDate = planned;
            workflow.Touch(pathway);
            var anchor = PathwayWorkflow.StartOf(planned!.Value);
            var bundle = await db.Tasks.Where(t => t.PathwayId == pathway.Id && t.Status == TaskStatus.Open).ToListAsync(ct);
            var existing = bundle.Where(t => workflow.IsInBundle(t, Bundles.PlannedReturn)).ToList();
            if (existing.Count == 0)
            {
                // Rule GH-13: the 60-day bundle.
                workflow.AddBundle(pathway, Bundles.PlannedReturn, (Anchor.PlannedReturnDate, anchor));
            }
            else
            {
                // A moved date moves its tasks (and Notifications re-plans their reminders).
                foreach (var task in existing)
                {
                    workflow.Move(task, anchor);
                }
            }

            return PathwayMapping.ToProto(pathway);
        }, context.CancellationToken);
    }

    [Authorize(Policy = Policies.CaseWriter)]
    public override async Task<RequestReturnHomeApprovalsResponse> RequestReturnHomeApprovals(RequestReturnHomeApprovalsRequest request, ServerCallContext context)
    {
        var v = new Violations().RequireRequestId(request.RequestId).RequireText(request.Summary, "summary", 2000, required: false)
            .RequireText(request.PlanDocumentId, "plan_document_id", 64);
        v.ThrowIfAny();

        return await work.ExecuteAsync(context.Method, request.RequestId, _ => request.ChildId, async ct =>
        {
            var pathway = await CurrentPathwayAsync(request.ChildId, ct);
            if (pathway.Stage != Stage.Stage2 || pathway.PlannedReturnDate is not { } planned)
            {
                throw new RuleViolationException(new RuleViolation("GH-13", $"children/{pathway.ChildId}/pathway",
                    "Return-home approvals are asked for in Stage 2, once the planned return date is set."));
            }

            await RequirePlanDocumentAsync(pathway.ChildId, request.PlanDocumentId, "plan_document_id", ct);
            var response = new RequestReturnHomeApprovalsResponse();
            foreach (var action in new[] { ApprovalActions.ReturnHomeWithinSixtyDays, ApprovalActions.ReturnHome })
            {
                // Derived request ids: a retry of this call makes no second request in Approvals.
                var created = await approvals.CreateApprovalRequestAsync(new CreateApprovalRequestRequest
                {
                    RequestId = $"{request.RequestId}:{action}", ChildId = pathway.ChildId, Action = action, Subject = $"pathways/{pathway.Id}",
                    Summary = request.Summary.Length > 0 ? request.Summary : $"Going Home plan: return planned for {planned:d MMMM yyyy}",
                    PlannedReturnDate = planned.ToProto(),
                }, cancellationToken: ct);
                response.ApprovalRequestIds.Add(created.Id);
            }

            // Rule RH-8 / NT-3: GP, Housing and Adult Mental Health are told before the return, with the plan.
            pathway.PlanDocumentId = request.PlanDocumentId;
            await TellOfPlannedReturnAsync(pathway, planned, request.PlanDocumentId, request.RequestId, ct);
            return response;
        }, context.CancellationToken);
    }

    [Authorize(Policy = Policies.CaseWriter)]
    public override async Task<V1.Pathway> TransitionPathway(TransitionPathwayRequest request, ServerCallContext context)
    {
        var v = new Violations().RequireRequestId(request.RequestId).RequireEnum(request.ToStage, "to_stage")
            .OptionalEnum(request.PlanDecision, "plan_decision").OptionalEnum(request.CareOrderOutcome, "care_order_outcome");
        v.ThrowIfAny();

        return await work.ExecuteAsync(context.Method, request.RequestId, p => p.ChildId, async ct =>
        {
            var pathway = await CurrentPathwayAsync(request.ChildId, ct);
            Etags.RequireCurrent(pathway.Version, request.Etag, "Pathway", pathway.Id);
            var records = await db.Records.Where(r => r.PathwayId == pathway.Id).Select(r => new { r.Kind, r.CreatedAt }).ToListAsync(ct);
            var section20Returned = await db.Section20Returns.AnyAsync(s => s.PathwayId == pathway.Id && s.State == Section20State.Completed, ct);
            var facts = new TransitionFacts(pathway.Stage, request.ToStage, request.PlanDecision, request.CareOrderOutcome, pathway.PlannedReturnDate is not null,
                records.Select(r => r.Kind).ToHashSet(), records.Where(r => r.CreatedAt >= pathway.StageEnteredAt).Select(r => r.Kind).ToHashSet(),
                section20Returned, pathway.ReturnDate, workflow.Today);
            var subject = $"children/{pathway.ChildId}/pathway";
            var unmet = StageRules.Check(facts, subject);
            if (pathway.Stage == Stage.Stage2 && request.ToStage == Stage.Stage3)
            {
                // Rule GH-14: DD agreement (AP-4) and every approval the return needs (AP-1..AP-5), asked of Approvals
                // and failing closed (AP-8): UNAVAILABLE propagates, nothing is let through.
                unmet.AddRange(await approvals.MissingApprovalAsync(pathway.ChildId, ApprovalActions.ReturnHomeWithinSixtyDays, $"pathways/{pathway.Id}", pathway.PlannedReturnDate?.ToProto(), ct));
                unmet.AddRange(await approvals.MissingApprovalAsync(pathway.ChildId, ApprovalActions.ReturnHome, $"pathways/{pathway.Id}", pathway.PlannedReturnDate?.ToProto(), ct));
            }

            if (unmet.Count > 0)
            {
                throw new RuleViolationException(unmet);
            }

            if (request.ToStage == Stage.Stage3)
            {
                pathway.ReturnDate = workflow.Today;
                // Rule RH-8 / NT-3: GP, Housing and Adult Mental Health are told, with the plan.
                outbox.Add(PathwayWorkflow.Topic, new ChildReturnedHome
                {
                    ChildId = pathway.ChildId, ReturnDate = workflow.Today.ToProto(), PlanDocumentId = pathway.PlanDocumentId, TeamId = pathway.TeamId,
                }, pathway.ChildId, request.RequestId, user.Id);
            }

            workflow.EnterStage(pathway, request.ToStage);
            return PathwayMapping.ToProto(pathway);
        }, context.CancellationToken);
    }

    [Authorize(Policy = Policies.CaseWriter)]
    public override async Task<Section20Return> RecordSection20Trigger(RecordSection20TriggerRequest request, ServerCallContext context)
    {
        var v = new Violations().RequireRequestId(request.RequestId).RequireEnum(request.Trigger, "trigger").RequireText(request.RaisedBy, "raised_by", 200);
        var triggered = request.TriggerDate.ToDateOnly();
        var returned = request.ReturnDate.ToDateOnly();
        v.Require(triggered is not null && triggered <= workflow.Today, "trigger_date", "must be a real date, not in the future");
        // Rule S20-4: an unplanned return is recorded with the day the child went home.
        v.Require(request.Trigger != Section20Trigger.UnplannedReturn || (returned is not null && returned <= workflow.Today), "return_date",
            "is required for an unplanned return, and not in the future");
        // Rule S20-2: the child's views are sought before a parent-decided return; a 16-17 year old's own rights recorded.
        v.RequireText(request.ChildViews, "child_views", 4000, required: request.Trigger != Section20Trigger.UnplannedReturn);
        v.ThrowIfAny();

        return await work.ExecuteAsync(context.Method, request.RequestId, s => s.ChildId, async ct =>
        {
            var pathway = await CurrentPathwayAsync(request.ChildId, ct);
            RequireOpen(pathway);
            var snapshot = await children.ReadAsync(pathway.ChildId, ct);
            if (snapshot.Child.CurrentLegalStatus != LegalStatus.Section20)
            {
                throw new RuleViolationException(new RuleViolation("S20-1", $"children/{pathway.ChildId}", "The child is not accommodated under section 20."));
            }

            if (request.Trigger == Section20Trigger.ChildRequest && workflow.AgeOf(pathway) is < 16 or > 17)
            {
                throw new RuleViolationException(new RuleViolation("S20-1", $"children/{pathway.ChildId}", "Only a young person aged 16 or 17 can ask for the return themselves."));
            }

            var s20 = new Section20ReturnEntity
            {
                Id = Guid.CreateVersion7(), PathwayId = pathway.Id, Version = 1, ChildId = pathway.ChildId, Trigger = request.Trigger, RaisedBy = request.RaisedBy,
                TriggerDate = triggered!.Value, ReturnDate = returned, ChildViews = request.ChildViews, State = Section20State.Assessing, CreatedAt = clock.GetUtcNow(),
            };
            await ChooseFormAsync(s20, required: false, ct);
            db.Section20Returns.Add(s20);
            // Rule S20-3: immediate risk (TM/HoS: LPM or ICPC?) and the IRO told, with a task to consider the review.
            workflow.AddBundle(pathway, Bundles.Section20Request, (Anchor.TriggerDate, PathwayWorkflow.StartOf(s20.TriggerDate)));
            if (returned is { } wentHome)
            {
                // Rule S20-4: a visit within 3 days, then weekly for the first 4 weeks.
                workflow.AddBundle(pathway, Bundles.UnplannedReturn, (Anchor.ReturnDate, PathwayWorkflow.StartOf(wentHome)));
            }

            outbox.Add(PathwayWorkflow.Topic, new Section20ReturnRequested
            {
                ChildId = pathway.ChildId, ReturnId = s20.Id.ToString(), Trigger = request.Trigger.ToString(), RaisedBy = request.RaisedBy,
                TriggerDate = s20.TriggerDate.ToProto(), TeamId = pathway.TeamId,
            }, pathway.ChildId, request.RequestId, user.Id);
            return PathwayMapping.ToProto(s20);
        }, context.CancellationToken);
    }

    [Authorize(Policy = Policies.Manager)]
    public override async Task<Section20Return> DecideSection20Return(DecideSection20ReturnRequest request, ServerCallContext context)
    {
        var v = new Violations().RequireRequestId(request.RequestId).RequireText(request.Reason, "reason", 4000)
            .RequireText(request.PlanDocumentId, "plan_document_id", 64, required: request.Viable);
        v.ThrowIfAny();

        return await work.ExecuteAsync(context.Method, request.RequestId, s => s.ChildId, async ct =>
        {
            var (s20, pathway) = await Section20ReturnAsync(request.ReturnId, ct);
            if (s20.State != Section20State.Assessing)
            {
                throw new RuleViolationException(new RuleViolation("S20-6", $"section20Returns/{s20.Id}", $"The return has been decided already ({s20.State})."));
            }

            s20.DecisionReason = request.Reason;
            s20.Version++;
            if (request.Viable)
            {
                // Rules S20-6 / S20-8: what goes to the HoS is the form, the IRO's views and the step-down plan.
                var sent = await db.Records.AsNoTracking().Where(r => r.PathwayId == pathway.Id && r.CreatedAt >= s20.CreatedAt
                    && (r.Kind == RecordKind.IroViews || r.Kind == RecordKind.StepDownPlan)).OrderBy(r => r.CreatedAt).ToListAsync(ct);
                var iroViews = sent.LastOrDefault(r => r.Kind == RecordKind.IroViews);
                var stepDown = sent.Where(r => r.Kind == RecordKind.StepDownPlan).ToList();
                var unmet = new List<RuleViolation>();
                if (iroViews is null)
                {
                    unmet.Add(new RuleViolation("S20-6", $"section20Returns/{s20.Id}", "The IRO's views on this return are not recorded."));
                }

                if (stepDown.Count == 0)
                {
                    unmet.Add(new RuleViolation("S20-8", $"section20Returns/{s20.Id}", "No step-down and support plan is recorded for this return."));
                }

                if (unmet.Count > 0)
                {
                    throw new RuleViolationException(unmet);
                }

                await RequirePlanDocumentAsync(s20.ChildId, request.PlanDocumentId, "plan_document_id", ct);
                // Rule S20-5: the form comes from Assessment; Rule S20-6: AP-1 is requested from Approvals.
                await ChooseFormAsync(s20, required: true, ct);
                var approval = await approvals.CreateApprovalRequestAsync(new CreateApprovalRequestRequest
                {
                    RequestId = $"{request.RequestId}:ap1", ChildId = s20.ChildId, Action = ApprovalActions.EndEpisodeAfterSection20Return, Subject = $"section20Returns/{s20.Id}",
                    Summary = Summarise($"Section 20 return home ({s20.Trigger}) assessed as viable: {request.Reason}. Form: {s20.AssessmentForm} ({s20.AssessmentReason}). "
                        + $"IRO's views: {iroViews!.Notes}. Step-down plan: {string.Join("; ", stepDown.Select(p => $"{p.Subject}: {p.Notes}"))}."),
                }, cancellationToken: ct);
                s20.ApprovalRequestId = approval.Id;
                s20.State = Section20State.AwaitingApproval;
                // Rule RH-8 / NT-3: GP, Housing and Adult Mental Health are told before the return, with the plan.
                s20.PlanDocumentId = request.PlanDocumentId;
                await TellOfPlannedReturnAsync(pathway, s20.ReturnDate, request.PlanDocumentId, request.RequestId, ct);
            }
            else
            {
                // Rule S20-7: the child, parents/carers and IRO are notified; an ICPC / LPM booked where needed.
                s20.State = Section20State.NotViable;
                var today = PathwayWorkflow.StartOf(workflow.Today);
                if (request.BookIcpc)
                {
                    workflow.AddBundle(pathway, Bundles.NotViableIcpc, (Anchor.RecordDate, today));
                }

                if (request.BookLpm)
                {
                    workflow.AddBundle(pathway, Bundles.NotViableLpm, (Anchor.RecordDate, today));
                }

                outbox.Add(PathwayWorkflow.Topic, new Section20ReturnNotViable
                {
                    ChildId = s20.ChildId, ReturnId = s20.Id.ToString(), Reason = request.Reason, TeamId = pathway.TeamId,
                }, s20.ChildId, request.RequestId, user.Id);
                // Rule NS-4: a return found not viable revises the care plan too.
                OpenCarePlanRevision(pathway, await db.Tasks.Where(t => t.PathwayId == pathway.Id && t.Status == TaskStatus.Open).ToListAsync(ct), today);
            }

            return PathwayMapping.ToProto(s20);
        }, context.CancellationToken);
    }

    [Authorize(Policy = Policies.Manager)]
    public override async Task<Section20Return> CompleteSection20Return(CompleteSection20ReturnRequest request, ServerCallContext context)
    {
        var v = new Violations().RequireRequestId(request.RequestId).RequireText(request.PlanDocumentId, "plan_document_id", 64, required: false);
        var ended = request.EndDate.ToDateOnly();
        v.Require(ended is not null && ended <= workflow.Today, "end_date", "must be a real date, not in the future");
        v.ThrowIfAny();

        return await work.ExecuteAsync(context.Method, request.RequestId, s => s.ChildId, async ct =>
        {
            var (s20, pathway) = await Section20ReturnAsync(request.ReturnId, ct);
            if (s20.State != Section20State.AwaitingApproval)
            {
                throw new RuleViolationException(new RuleViolation("S20-6", $"section20Returns/{s20.Id}",
                    $"Only a return found viable and sent for approval can complete; this one is {s20.State}."));
            }

            // Rule S20-6 / AP-8: the care episode ends only once HoS and Director have approved; fails closed.
            await approvals.RequireApprovalAsync(s20.ChildId, ApprovalActions.EndEpisodeAfterSection20Return, $"section20Returns/{s20.Id}", ct);
            if (request.PlanDocumentId.Length > 0)
            {
                await RequirePlanDocumentAsync(s20.ChildId, request.PlanDocumentId, "plan_document_id", ct);
                s20.PlanDocumentId = request.PlanDocumentId;
            }

            var snapshot = await children.ReadAsync(s20.ChildId, ct);
            var episode = snapshot.Child.CareEpisodes.FirstOrDefault(e => e.EndDate is null)
                ?? throw new RuleViolationException(new RuleViolation("S20-6", $"children/{s20.ChildId}", "The child has no open care episode to end."));
            await cases.EndCareEpisodeAsync(new EndCareEpisodeRequest
            {
                ChildId = s20.ChildId, EpisodeId = episode.Id, EndDate = ended!.Value.ToProto(), EndReason = EpisodeEndReason.ReturnedHome,
                EndNote = $"Section 20 return home approved (approval request {s20.ApprovalRequestId}).", RequestId = $"{request.RequestId}:end-episode",
                ApprovalRequestIds = { s20.ApprovalRequestId },
            }, cancellationToken: ct);

            s20.State = Section20State.Completed;
            s20.Version++;
            pathway.ReturnDate = ended;
            // Rule RH-8 / NT-3: GP, Housing and Adult Mental Health are told, with the plan.
            outbox.Add(PathwayWorkflow.Topic, new ChildReturnedHome
            {
                ChildId = s20.ChildId, ReturnDate = ended.Value.ToProto(), PlanDocumentId = s20.PlanDocumentId, TeamId = pathway.TeamId,
            }, s20.ChildId, request.RequestId, user.Id);
            // The IRO role ends with the episode (S20-6); step-down (S20-8) and the reunification review (S20-9) follow in Closure.
            workflow.EnterStage(pathway, Stage.Closure);
            workflow.AddBundle(pathway, Bundles.Section20Returned, (Anchor.ReturnDate, PathwayWorkflow.StartOf(ended.Value)));
            return PathwayMapping.ToProto(s20);
        }, context.CancellationToken);
    }

    [Authorize(Policy = Policies.CaseWriter)]
    public override async Task<Section20Return> RecordSection20ReturnDate(RecordSection20ReturnDateRequest request, ServerCallContext context)
    {
        var v = new Violations().RequireRequestId(request.RequestId);
        var returned = request.ReturnDate.ToDateOnly();
        v.Require(returned is not null && returned <= workflow.Today, "return_date", "must be a real date, not in the future");
        v.ThrowIfAny();

        return await work.ExecuteAsync(context.Method, request.RequestId, s => s.ChildId, async ct =>
        {
            var (s20, pathway) = await Section20ReturnAsync(request.ReturnId, ct);
            if (s20.State == Section20State.Completed)
            {
                throw new RuleViolationException(new RuleViolation("S20-4", $"section20Returns/{s20.Id}", "The return was agreed and completed; its date is the episode's end."));
            }

            if (returned < pathway.EnteredCareOn)
            {
                throw new RuleViolationException(new RuleViolation("T-3", $"section20Returns/{s20.Id}", $"Dated before the child entered care on {pathway.EnteredCareOn:yyyy-MM-dd}."));
            }

            // Rule S20-4: the visits count from the day the child actually went home; a corrected date moves the open ones.
            s20.ReturnDate = returned;
            s20.Version++;
            var anchor = PathwayWorkflow.StartOf(returned!.Value);
            var visits = await db.Tasks.Where(t => t.PathwayId == pathway.Id && t.CreatedAt >= s20.CreatedAt).ToListAsync(ct);
            visits = [.. visits.Where(t => workflow.IsInBundle(t, Bundles.UnplannedReturn))];
            if (visits.Count == 0)
            {
                workflow.AddBundle(pathway, Bundles.UnplannedReturn, (Anchor.ReturnDate, anchor));
            }

            foreach (var open in visits.Where(t => t.Status == TaskStatus.Open))
            {
                workflow.Move(open, anchor);
            }

            workflow.Touch(pathway);
            return PathwayMapping.ToProto(s20);
        }, context.CancellationToken);
    }

    /// <summary>
    /// Rules RH-8 / NT-3: the plan is a document on the child's record in Case; GP, Housing and Adult Mental Health hear of
    /// the planned return with it now, and where the network has no GP or Housing contact the social worker is asked to
    /// record one, or why there is none.
    /// </summary>
    private async Task TellOfPlannedReturnAsync(PathwayEntity pathway, DateOnly? planned, string planDocumentId, string requestId, CancellationToken ct)
    {
        outbox.Add(PathwayWorkflow.Topic, new ChildReturnPlanned
        {
            ChildId = pathway.ChildId, PlannedReturnDate = planned?.ToProto(), PlanDocumentId = planDocumentId, TeamId = pathway.TeamId,
        }, pathway.ChildId, requestId, user.Id);

        var network = (await children.ReadAsync(pathway.ChildId, ct)).Child.Network;
        var open = await db.Tasks.Where(t => t.PathwayId == pathway.Id && t.Status == TaskStatus.Open).ToListAsync(ct);
        var today = PathwayWorkflow.StartOf(workflow.Today);
        foreach (var (relationship, bundle) in new[] { (Relationship.Gp, Bundles.NoGpRecorded), (Relationship.Housing, Bundles.NoHousingRecorded) })
        {
            if (network.All(m => m.Relationship != relationship) && !open.Any(t => workflow.IsInBundle(t, bundle)))
            {
                workflow.AddBundle(pathway, bundle, (Anchor.RecordDate, today));
            }
        }
    }

    private async Task RequirePlanDocumentAsync(string childId, string documentId, string field, CancellationToken ct)
    {
        var page = new ListDocumentsRequest { ChildId = childId, PageSize = 200 };
        do
        {
            var documents = await cases.ListDocumentsAsync(page, cancellationToken: ct);
            if (documents.Documents.Any(d => d.Id == documentId))
            {
                return;
            }

            page.PageToken = documents.NextPageToken;
        }
        while (page.PageToken.Length > 0);

        throw new ValidationFailedException([new FieldViolation(field, "is not a document on the child's record in Case")]);
    }

    /// <summary>An approval request's summary, within the 2,000 characters Approvals accepts.</summary>
    private static string Summarise(string summary) => summary.Length <= 2000 ? summary : string.Concat(summary.AsSpan(0, 1997), "...");

    private static void CheckRecordKind(Violations v, PathwayRecord input)
    {
        switch (input.Kind)
        {
            case RecordKind.CriticalConversation:
                // Rules GH-3 and GH-12: the parties of the critical conversations.
                v.Require(input.Subject.Length == 0 || Parties.Contains(input.Subject), "record.subject", $"must be one of {string.Join(", ", Parties)}");
                break;
            case RecordKind.BuildStrengths:
                // Rule GH-4: considered, offered, held or declined with a reason.
                v.Require(input.Subject.Length == 0 || StrengthOptions.Contains(input.Subject), "record.subject", $"must be one of {string.Join(", ", StrengthOptions)}");
                v.Require(input.Status.Length == 0 || StrengthStatuses.Contains(input.Status), "record.status", $"must be one of {string.Join(", ", StrengthStatuses)}");
                v.Require(input.Status != "declined" || input.Notes.Length > 0, "record.notes", "must give the reason it was declined");
                break;
            case RecordKind.PlanReview:
                // Rule GH-5: the plan is reviewed in MD supervision, legal meetings and network meetings too.
                v.Require(input.Subject.Length == 0 || PlanReviewSettings.Contains(input.Subject), "record.subject", $"must be one of {string.Join(", ", PlanReviewSettings)}");
                break;
        }
    }

    private static void RequireOpen(PathwayEntity pathway)
    {
        if (pathway.Stage == Stage.Closed)
        {
            throw new RuleViolationException(new RuleViolation("GH-16", $"children/{pathway.ChildId}/pathway", "The pathway is closed."));
        }
    }

    private async Task<PathwayTask> CloseTaskAsync(ServerCallContext context, string requestId, string taskId, TaskStatus status, string outcome, string reason) =>
        await work.ExecuteAsync(context.Method, requestId, t => t.ChildId, async ct =>
        {
            var task = await db.Tasks.FindByIdAsync("Task", taskId, "task_id", ct);
            if (task.Status != TaskStatus.Open)
            {
                throw new RuleViolationException(new RuleViolation(task.RuleId, $"tasks/{task.Id}", $"The task is {task.Status} already."));
            }

            var pathway = await db.Pathways.FirstAsync(p => p.Id == task.PathwayId, ct);
            if (!TaskRules.MayClose(task, pathway, user.Id, user.Roles))
            {
                throw new AccessDeniedException(
                    $"Task {task.Id} belongs to {(task.OwnerId.Length > 0 ? task.OwnerId : $"the {task.OwnerRole} role")}: it is closed by its owner, the worker allocated to that role, or their manager.");
            }

            workflow.Close(pathway, task, status, outcome, reason);
            return PathwayMapping.ToProto(task, clock.GetUtcNow());
        }, context.CancellationToken);

    /// <summary>What a record means for the pathway: reviews (T-3, GH-2, NS-3, NS-4), proceedings (NS-2), drift (NS-3), conversations (GH-3).</summary>
    private async Task ApplyRecordAsync(PathwayEntity pathway, PathwayRecordEntity record, CancellationToken ct)
    {
        var on = PathwayWorkflow.StartOf(record.OccurredOn);
        var open = await db.Tasks.Where(t => t.PathwayId == pathway.Id && t.Status == TaskStatus.Open).ToListAsync(ct);
        switch (record.Kind)
        {
            case RecordKind.Review:
                pathway.ReviewsHeld++;
                foreach (var due in open.Where(t => t.TemplateKey == "cwcf-review"))
                {
                    workflow.Close(pathway, due, TaskStatus.Done, $"Review held on {record.OccurredOn:yyyy-MM-dd}", "");
                }

                // Rules T-3 / GH-2: the next review, for as long as the child is looked after.
                pathway.NextReviewDue = workflow.NextReviewDue(record.OccurredOn, pathway.ReviewsHeld);
                workflow.AddReviewTask(pathway, pathway.ReviewsHeld + 1);
                if (pathway.ReviewsHeld == 2 && pathway.ReturnDate is null)
                {
                    // Rule NS-3: after the second review, a child with a Going Home plan who is not home, in whichever
                    // stage, gets the IRO's viability task.
                    workflow.AddBundle(pathway, Bundles.SecondReviewNotHome, (Anchor.RecordDate, on));
                }

                if (record.Status == "reunification-not-viable")
                {
                    // Rule NS-4: at any review from the first, reunification found not viable revises the care plan.
                    OpenCarePlanRevision(pathway, open, on);
                }

                break;
            case RecordKind.ParallelPlan:
                // Rule NS-2: the parallel plan recorded closes its task.
                foreach (var due in open.Where(t => t.TemplateKey == "proceedings-parallel-plan"))
                {
                    workflow.Close(pathway, due, TaskStatus.Done, record.Notes, "");
                }

                break;
            case RecordKind.CourtProceedings:
                // Rule NS-2: 26 weeks from issue, with drift alerts.
                workflow.AddBundle(pathway, Bundles.CourtProceedings, (Anchor.RecordDate, on));
                break;
            case RecordKind.Drift:
                // Rule NS-3: issue resolution, escalating to the AD after 20 working days.
                workflow.AddBundle(pathway, Bundles.Drift, (Anchor.RecordDate, on));
                break;
            case RecordKind.ReunificationReview:
                // Rule S20-9: the meeting's decision closes its task.
                foreach (var due in open.Where(t => workflow.IsInBundle(t, Bundles.Section20Returned)))
                {
                    workflow.Close(pathway, due, TaskStatus.Done, $"{record.Subject}: {record.Outcome}", "");
                }

                break;
            case RecordKind.CriticalConversation:
                foreach (var due in open.Where(t => t.TemplateKey == $"critical-conversation-{record.Subject}"))
                {
                    workflow.Close(pathway, due, TaskStatus.Done, record.Outcome, "");
                }

                break;
        }
    }

    /// <summary>Rule NS-4: a review to revise the care plan (a Lasting Home may follow), unless one is already open.</summary>
    private void OpenCarePlanRevision(PathwayEntity pathway, IEnumerable<PathwayTaskEntity> open, DateTimeOffset on)
    {
        if (open.Any(t => workflow.IsInBundle(t, Bundles.CarePlanRevision)))
        {
            return;
        }

        workflow.AddBundle(pathway, Bundles.CarePlanRevision, (Anchor.RecordDate, on));
        outbox.Add(PathwayWorkflow.Topic, new CarePlanRevisionOpened { ChildId = pathway.ChildId, PathwayId = pathway.Id.ToString(), TeamId = pathway.TeamId },
            pathway.ChildId, null, user.Id);
    }

    private async Task ChooseFormAsync(Section20ReturnEntity s20, bool required, CancellationToken ct)
    {
        if (s20.AssessmentForm.Length > 0)
        {
            return;
        }

        try
        {
            var choice = await assessments.ChooseReturnHomeAssessmentAsync(new ChooseReturnHomeAssessmentRequest { ChildId = s20.ChildId }, cancellationToken: ct);
            s20.AssessmentForm = choice.Form.ToString();
            s20.AssessmentReason = string.Join("; ", choice.Reasons);
        }
        catch (RpcException) when (!required)
        {
            // Recording that a child asked to go home, or went, never waits on Assessment: the visits must be booked.
            // The form is asked for again when the return is decided.
        }
    }

    private async Task<(Section20ReturnEntity Return, PathwayEntity Pathway)> Section20ReturnAsync(string returnId, CancellationToken ct)
    {
        var s20 = await db.Section20Returns.FindByIdAsync("Section20Return", returnId, "return_id", ct);
        return (s20, await db.Pathways.FirstAsync(p => p.Id == s20.PathwayId, ct));
    }

    private async Task<PathwayEntity> CurrentPathwayAsync(string childId, CancellationToken ct)
    {
        new Violations().RequireText(childId, "child_id", 64).ThrowIfAny();
        return await db.Pathways.Where(p => p.ChildId == childId).OrderByDescending(p => p.CreatedAt).FirstOrDefaultAsync(ct)
            ?? throw new ResourceNotFoundException("Pathway", $"children/{childId}/pathway");
    }
}
