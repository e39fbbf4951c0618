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
public sealed partial class PathwayGrpcService(
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

    [Authorize(Policy = Policies.CaseOrServiceReader)]
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
        var query = PageTokens.Query(request);
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

    private async Task<PathwayEntity> CurrentPathwayAsync(string childId, CancellationToken ct)
    {
        new Violations().RequireText(childId, "child_id", 64).ThrowIfAny();
        return await db.Pathways.Where(p => p.ChildId == childId).OrderByDescending(p => p.CreatedAt).FirstOrDefaultAsync(ct)
            ?? throw new ResourceNotFoundException("Pathway", $"children/{childId}/pathway");
    }
}
