using GoingHome.Approvals.V1;
using GoingHome.Assessment.V1;
using GoingHome.Case.V1;
using GoingHome.Events.V1;
using GoingHome.Messaging;
using GoingHome.Pathway.Data;
using GoingHome.Pathway.Domain;
using GoingHome.Pathway.Grpc;
using GoingHome.Pathway.V1;
using GoingHome.Persistence;
using GoingHome.ServiceClients;
using GoingHome.ServiceDefaults.Auth;
using GoingHome.ServiceDefaults.Errors;
using GoingHome.ServiceDefaults.Grpc;
using GoingHome.Time;
using Grpc.Core;
using TaskStatus = GoingHome.Pathway.Data.TaskStatus;
using Microsoft.EntityFrameworkCore;

namespace GoingHome.Pathway.Features;

/// <summary>The Section 20 return home (seeds 003 and 004): trigger, decision, the return date, completion.</summary>
public sealed class Section20Returns(
    PathwayDbContext db,
    UnitOfWork<PathwayDbContext> work,
    PathwayStore store,
    PathwayWorkflow workflow,
    EventOutbox<PathwayDbContext> outbox,
    PlannedReturns plannedReturns,
    Auditor auditor,
    CurrentUser user,
    CaseChildReader children,
    CaseService.CaseServiceClient cases,
    ApprovalsService.ApprovalsServiceClient approvals,
    AssessmentService.AssessmentServiceClient assessments,
    TimeProvider clock)
{
    public async Task<Section20Return> RecordSection20Trigger(RecordSection20TriggerRequest request, ServerCallContext context)
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
        // Rule S20-4: a planned return is agreed with the parents where possible.
        v.RequireText(request.ParentsConsulted, "parents_consulted", 4000, required: request.Trigger != Section20Trigger.UnplannedReturn);
        v.RequireText(request.YoungPersonRights, "young_person_rights", 4000, required: false);
        v.ThrowIfAny();

        return await work.ExecuteAsync(context.Method, request.RequestId, s => s.ChildId, async ct =>
        {
            var pathway = await store.CurrentPathwayAsync(request.ChildId, ct);
            PathwayStore.RequireOpen(pathway);
            var snapshot = await children.ReadAsync(pathway.ChildId, ct);
            if (snapshot.Child.CurrentLegalStatus != LegalStatus.Section20)
            {
                throw new RuleViolationException(new RuleViolation("S20-1", $"children/{pathway.ChildId}", "The child is not accommodated under section 20."));
            }

            if (request.Trigger == Section20Trigger.ChildRequest && workflow.AgeOf(pathway) is < 16 or > 17)
            {
                throw new RuleViolationException(new RuleViolation("S20-1", $"children/{pathway.ChildId}", "Only a young person aged 16 or 17 can ask for the return themselves."));
            }

            if (workflow.AgeOf(pathway) is 16 or 17 && request.YoungPersonRights.Trim().Length == 0)
            {
                // Rule S20-2: a 16-17 year old's own rights are recorded, whoever raised the return.
                throw new ValidationFailedException([new FieldViolation("young_person_rights", "is required for a young person of 16 or 17 (S20-2)")]);
            }

            var s20 = new Section20ReturnEntity
            {
                Id = Guid.CreateVersion7(), PathwayId = pathway.Id, Version = 1, ChildId = pathway.ChildId, Trigger = request.Trigger, RaisedBy = request.RaisedBy,
                TriggerDate = triggered!.Value, ReturnDate = returned, ChildViews = request.ChildViews, ParentsConsulted = request.ParentsConsulted.Trim(),
                YoungPersonRights = request.YoungPersonRights.Trim(), State = Section20State.Assessing, CreatedAt = clock.GetUtcNow(),
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

            outbox.Add(PathwayExtensions.Topic, new Section20ReturnRequested
            {
                ChildId = pathway.ChildId, ReturnId = s20.Id.ToString(), Trigger = request.Trigger.ToString(), RaisedBy = request.RaisedBy,
                TriggerDate = s20.TriggerDate.ToProto(), TeamId = pathway.TeamId,
            }, pathway.ChildId, request.RequestId, user.Id);
            return PathwayMapping.ToProto(s20);
        }, context.CancellationToken);
    }

    public async Task<Section20Return> DecideSection20Return(DecideSection20ReturnRequest request, ServerCallContext context)
    {
        var v = new Violations().RequireRequestId(request.RequestId).RequireText(request.Reason, "reason", 4000)
            .RequireText(request.PlanDocumentId, "plan_document_id", 64, required: request.Viable);
        var planned = request.PlannedReturnDate.ToDateOnly();
        v.Require(request.PlannedReturnDate is null || planned is not null, "planned_return_date", "must be a real calendar date");
        v.Require(planned is null || (planned > workflow.Today && PlannedReturnHorizon.Holds(planned.Value, workflow.Today)), "planned_return_date",
            "must be after today and " + PlannedReturnHorizon.Description);
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

                // Rule RH-8: every notice has its date: the day the child went home, or the day planned.
                var toldDate = s20.ReturnDate ?? planned
                    ?? throw new ValidationFailedException([new FieldViolation("planned_return_date", "is required for a viable return of a child not yet home (RH-8: GP and Housing are told the date)")]);
                await plannedReturns.RequirePlanDocumentAsync(s20.ChildId, request.PlanDocumentId, "plan_document_id", ct);
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
                await plannedReturns.TellOfPlannedReturnAsync(pathway, toldDate, request.PlanDocumentId, request.RequestId, ct);
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

                outbox.Add(PathwayExtensions.Topic, new Section20ReturnNotViable
                {
                    ChildId = s20.ChildId, ReturnId = s20.Id.ToString(), Reason = request.Reason, TeamId = pathway.TeamId,
                }, s20.ChildId, request.RequestId, user.Id);
                // Rule NS-4: a return found not viable revises the care plan too.
                workflow.OpenCarePlanRevision(pathway, await db.Tasks.Where(t => t.PathwayId == pathway.Id && t.Status == TaskStatus.Open).ToListAsync(ct), today);
            }

            return PathwayMapping.ToProto(s20);
        }, context.CancellationToken);
    }

    public async Task<Section20Return> CompleteSection20Return(CompleteSection20ReturnRequest request, ServerCallContext context)
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
                await plannedReturns.RequirePlanDocumentAsync(s20.ChildId, request.PlanDocumentId, "plan_document_id", ct);
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
            workflow.ReturnedHome(pathway, ended!.Value, s20.PlanDocumentId, request.RequestId);
            // The IRO role ends with the episode (S20-6); step-down (S20-8) and the reunification review (S20-9) follow in Closure.
            workflow.EnterStage(pathway, Stage.Closure);
            workflow.AddBundle(pathway, Bundles.Section20Returned, (Anchor.ReturnDate, PathwayWorkflow.StartOf(ended.Value)));
            return PathwayMapping.ToProto(s20);
        }, context.CancellationToken);
    }

    public async Task<Section20Return> RecordSection20ReturnDate(RecordSection20ReturnDateRequest request, ServerCallContext context)
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

    public async Task<Section20Return> GetSection20Return(GetSection20ReturnRequest request, ServerCallContext context)
    {
        var s20 = await db.Section20Returns.AsNoTracking().FindByIdAsync("Section20Return", request.Id, "id", context.CancellationToken);
        auditor.Read(context.Method, s20.ChildId);
        return PathwayMapping.ToProto(s20);
    }

    /// <summary>An approval request's summary, within the 2,000 characters Approvals accepts.</summary>
    private static string Summarise(string summary) => summary.Length <= 2000 ? summary : string.Concat(summary.AsSpan(0, 1997), "...");

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
        await work.RequireAccessAsync(s20.ChildId, ct);
        return (s20, await db.Pathways.FirstAsync(p => p.Id == s20.PathwayId, ct));
    }
}
