using GoingHome.Events.V1;
using GoingHome.Messaging;
using GoingHome.Pathway.Data;
using GoingHome.Pathway.Domain;
using GoingHome.Pathway.Grpc;
using GoingHome.Pathway.V1;
using GoingHome.ServiceDefaults.Auth;
using GoingHome.ServiceDefaults.Errors;
using GoingHome.ServiceDefaults.Grpc;
using GoingHome.Persistence;
using Grpc.Core;
using Microsoft.EntityFrameworkCore;
using TaskStatus = GoingHome.Pathway.Data.TaskStatus;

namespace GoingHome.Pathway.Features;

/// <summary>What happened on the pathway (reviews, conversations, proceedings, drift) and what each record sets in motion.</summary>
public sealed class PathwayRecords(
    PathwayDbContext db,
    UnitOfWork<PathwayDbContext> work,
    PathwayStore store,
    PathwayWorkflow workflow,
    EventOutbox<PathwayDbContext> outbox,
    Auditor auditor,
    CurrentUser user,
    TimeProvider clock)
{
    public async Task<PathwayRecord> AddPathwayRecord(AddPathwayRecordRequest request, ServerCallContext context)
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
        v.Require(input.Attendees.Count <= 50, "record.attendees", "at most 50");
        for (var i = 0; i < input.Attendees.Count; i++)
        {
            v.RequireText(input.Attendees[i], $"record.attendees[{i}]", 200);
        }

        CheckRecordKind(v, input);
        v.ThrowIfAny();
        if (input.Kind == RecordKind.Review && !user.IsInRole(Roles.IndependentReviewingOfficer))
        {
            // Rules T-3 / GH-2: the statutory CWCF review is chaired by the IRO, who records it with who attended.
            throw new AccessDeniedException("The IRO who chaired the statutory review records it (T-3, GH-2).", "GH-2");
        }

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
            var pathway = await store.CurrentPathwayAsync(request.ChildId, ct);
            PathwayStore.RequireOpen(pathway);
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

            if (input.Kind == RecordKind.ReunificationReview)
            {
                await RequireAfterTheVisitsAsync(pathway, occurred!.Value, ct);
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
                Attendees = [.. input.Attendees.Select(a => a.Trim())],
                RecordedBy = user.Id,
                Stage = pathway.Stage,
                CreatedAt = clock.GetUtcNow(),
            };
            db.Records.Add(record);
            await ApplyRecordAsync(pathway, record, ct);
            workflow.Touch(pathway);
            outbox.Add(PathwayExtensions.Topic, new PathwayRecordAdded
            {
                ChildId = pathway.ChildId, RecordId = record.Id.ToString(), Kind = record.Kind.ToString(), Subject = record.Subject,
            }, pathway.ChildId, request.RequestId, user.Id);
            return PathwayMapping.ToProto(record);
        }, context.CancellationToken);
    }

    public async Task<ListPathwayRecordsResponse> ListPathwayRecords(ListPathwayRecordsRequest request, ServerCallContext context)
    {
        var v = new Violations().OptionalEnum(request.Kind, "kind");
        var pageSize = PageTokens.PageSize(v, request.PageSize);
        var query = $"records|{request.ChildId}|{request.Kind}";
        var offset = PageTokens.Decode(v, request.PageToken, query);
        v.ThrowIfAny();

        var pathway = await store.CurrentPathwayAsync(request.ChildId, context.CancellationToken);
        var records = db.Records.AsNoTracking().Where(r => r.PathwayId == pathway.Id);
        records = request.Kind == RecordKind.Unspecified ? records : records.Where(r => r.Kind == request.Kind);
        var (page, next) = await records.OrderBy(r => r.OccurredOn).ThenBy(r => r.Id).ReadPageAsync(offset, pageSize, query, context.CancellationToken);
        auditor.Read(context.Method, pathway.ChildId);
        return new ListPathwayRecordsResponse
        {
            Records = { page.Select(PathwayMapping.ToProto) },
            NextPageToken = next,
        };
    }

    private static readonly HashSet<string> Parties = ["parents", "foster-carers", "wider-family", "professional-network", "child"];

    private static readonly HashSet<string> StrengthOptions = ["fgc", "restorative-circle", "reflective-space", "support-group", "homestart"];

    private static readonly HashSet<string> StrengthStatuses = ["considered", "offered", "held", "declined"];

    /// <summary>Rule S20-9: what the reunification review decides to continue.</summary>
    private static readonly HashSet<string> ReunificationDecisions = new(StringComparer.OrdinalIgnoreCase) { "CIN", "CP", "TAC", "TAF" };

    /// <summary>
    /// Rules NS-3 / NS-4: the IRO's viability outcome at a statutory review: the plan is viable; it is viable but drifting
    /// (issue resolution follows, NS-3); or reunification is not viable (the care plan is revised, NS-4).
    /// </summary>
    private static readonly HashSet<string> ReviewOutcomes = ["", "plan-viable", "drift", "reunification-not-viable"];

    private static readonly HashSet<string> PlanReviewSettings = ["md-supervision", "legal-meeting", "network-meeting", "family-time-review"];

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
            case RecordKind.Review:
                v.Require(input.Attendees.Count > 0, "record.attendees", "name who attended the review (the IRO chairing it at least)");
                v.Require(ReviewOutcomes.Contains(input.Status), "record.status", $"the IRO's viability outcome is one of {string.Join(", ", ReviewOutcomes.Where(o => o.Length > 0))}, or empty");
                break;
            case RecordKind.ReunificationReview:
                // Rule S20-9: the meeting decides whether to continue CIN, CP, TAC or TAF.
                v.Require(ReunificationDecisions.Contains(input.Subject), "record.subject", "the decision is one of CIN, CP, TAC, TAF (S20-9)");
                break;
            case RecordKind.PlanReview:
                // Rule GH-5: the plan is reviewed in MD supervision, legal meetings and network meetings too.
                v.Require(input.Subject.Length == 0 || PlanReviewSettings.Contains(input.Subject), "record.subject", $"must be one of {string.Join(", ", PlanReviewSettings)}");
                break;
        }
    }

    /// <summary>
    /// Rule S20-9 (003, phased withdrawal): the reunification review is held once the child is home and the visits after
    /// the return (S20-4) are made or excused by a manager: not on a date before the return, not while a visit is open.
    /// </summary>
    private async Task RequireAfterTheVisitsAsync(PathwayEntity pathway, DateOnly heldOn, CancellationToken ct)
    {
        var subject = $"children/{pathway.ChildId}/pathway";
        if (pathway.ReturnDate is not { } home || heldOn < home)
        {
            throw new RuleViolationException(new RuleViolation("S20-9", subject, "The reunification review follows the return home: it is dated on or after the day the child went home."));
        }

        var visitsOpen = await db.Tasks.CountAsync(t => t.PathwayId == pathway.Id && t.RuleId == "S20-4" && t.Status == TaskStatus.Open, ct);
        if (visitsOpen > 0)
        {
            throw new RuleViolationException(new RuleViolation("S20-9", subject, $"{visitsOpen} home visit(s) after the return (S20-4) are still to be made; the review follows them."));
        }
    }

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

                if (record.Status == "drift")
                {
                    // Rule NS-3: the IRO's outcome that drift and delay are the cause starts issue resolution.
                    workflow.AddBundle(pathway, Bundles.Drift, (Anchor.RecordDate, on));
                }

                if (record.Status == "reunification-not-viable")
                {
                    // Rule NS-4: at any review from the first, reunification found not viable revises the care plan.
                    workflow.OpenCarePlanRevision(pathway, open, on);
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
}
