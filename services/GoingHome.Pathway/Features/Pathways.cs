using GoingHome.Approvals.V1;
using GoingHome.Case.V1;
using GoingHome.Pathway.Data;
using GoingHome.Pathway.Domain;
using GoingHome.Pathway.Grpc;
using GoingHome.Pathway.V1;
using GoingHome.Persistence;
using GoingHome.ServiceClients;
using GoingHome.ServiceDefaults.Errors;
using GoingHome.ServiceDefaults.Grpc;
using Grpc.Core;
using TaskStatus = GoingHome.Pathway.Data.TaskStatus;
using Microsoft.EntityFrameworkCore;

namespace GoingHome.Pathway.Features;

/// <summary>A child's Going Home pathway: read it, and move it between stages when the rules for the move are met.</summary>
public sealed class Pathways(
    PathwayDbContext db,
    UnitOfWork<PathwayDbContext> work,
    PathwayStore store,
    PathwayWorkflow workflow,
    Auditor auditor,
    ApprovalsService.ApprovalsServiceClient approvals,
    CaseChildReader children)
{
    public async Task<V1.Pathway> GetPathway(GetPathwayRequest request, ServerCallContext context)
    {
        var pathway = await store.CurrentPathwayAsync(request.ChildId, context.CancellationToken);
        auditor.Read(context.Method, pathway.ChildId);
        return PathwayMapping.ToProto(pathway);
    }

    public async Task<V1.Pathway> TransitionPathway(TransitionPathwayRequest request, ServerCallContext context)
    {
        var v = new Violations().RequireRequestId(request.RequestId).RequireEnum(request.ToStage, "to_stage")
            .OptionalEnum(request.PlanDecision, "plan_decision").OptionalEnum(request.CareOrderOutcome, "care_order_outcome");
        v.ThrowIfAny();

        return await work.ExecuteAsync(context.Method, request.RequestId, p => p.ChildId, async ct =>
        {
            var pathway = await store.CurrentPathwayAsync(request.ChildId, ct);
            Etags.RequireCurrent(pathway.Version, request.Etag, "Pathway", pathway.Id);
            var records = await db.Records.Where(r => r.PathwayId == pathway.Id).Select(r => new { r.Kind, r.CreatedAt }).ToListAsync(ct);
            var section20Returned = await db.Section20Returns.AnyAsync(s => s.PathwayId == pathway.Id && s.State == Section20State.Completed, ct);
            var facts = new TransitionFacts(pathway.Stage, request.ToStage, request.PlanDecision, request.CareOrderOutcome, pathway.PlannedReturnDate is not null,
                records.Select(r => r.Kind).ToHashSet(), records.Where(r => r.CreatedAt >= pathway.StageEnteredAt).Select(r => r.Kind).ToHashSet(),
                section20Returned, pathway.ReturnDate, workflow.Today);
            var subject = $"children/{pathway.ChildId}/pathway";
            var unmet = StageRules.Check(facts, subject);
            var section20 = false;
            if (request.ToStage is Stage.Stage3 or Stage.Closure)
            {
                // Rule CLA-7: living at home and leaving care are what Case's history records, not what the caller says.
                var child = await children.ReadAsync(pathway.ChildId, ct);
                unmet.AddRange(StageRules.CheckCareHistory(request.ToStage, child.LivingAtHome, child.Child.CareFacts?.LookedAfter ?? child.OpenPeriodStart is not null, subject));
                section20 = child.Child.CareFacts?.Section20 ?? child.Child.CurrentLegalStatus == LegalStatus.Section20;
            }

            if (pathway.Stage == Stage.Stage2 && request.ToStage == Stage.Stage3)
            {
                // Rules RH-8 and S20-6 / S20-8: told before, on this route too, and a section 20 child's own duties.
                var contactsMissing = await db.Tasks.CountAsync(t => t.PathwayId == pathway.Id && t.RuleId == "RH-8" && t.Status == TaskStatus.Open, ct);
                unmet.AddRange(StageRules.CheckReturnDuties(section20, facts.RecordedEver, pathway.PlanDocumentId.Length > 0, contactsMissing, subject));
            }

            if (pathway.Stage == Stage.Stage2 && request.ToStage == Stage.Stage3)
            {
                // Rule GH-14: DD agreement (AP-4) and every approval the return needs (AP-1..AP-5), asked of Approvals
                // and failing closed (AP-8): UNAVAILABLE propagates, nothing is let through. The child goes home today,
                // so the approvals are judged on today (AP-4: within 60 days of the return, whatever date the plan had).
                var goingHome = workflow.Today.ToProto();
                unmet.AddRange(await approvals.MissingApprovalAsync(pathway.ChildId, ApprovalActions.ReturnHomeWithinSixtyDays, $"pathways/{pathway.Id}", goingHome, ct));
                unmet.AddRange(await approvals.MissingApprovalAsync(pathway.ChildId, ApprovalActions.ReturnHome, $"pathways/{pathway.Id}", goingHome, ct));
            }

            if (unmet.Count > 0)
            {
                throw new RuleViolationException(unmet);
            }

            if (request.ToStage == Stage.Stage3)
            {
                workflow.ReturnedHome(pathway, workflow.Today, pathway.PlanDocumentId, request.RequestId);
            }

            workflow.EnterStage(pathway, request.ToStage);
            if (request.ToStage == Stage.Stage3 && section20)
            {
                // Rule S20-9: whatever the route home, a section 20 return has its reunification review.
                workflow.AddBundle(pathway, Bundles.Section20Returned, (Anchor.ReturnDate, PathwayWorkflow.StartOf(workflow.Today)));
            }

            return PathwayMapping.ToProto(pathway);
        }, context.CancellationToken);
    }
}
