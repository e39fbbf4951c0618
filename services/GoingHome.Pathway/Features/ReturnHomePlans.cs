using GoingHome.Approvals.V1;
using GoingHome.Pathway.Data;
using GoingHome.Pathway.Domain;
using GoingHome.Pathway.Grpc;
using GoingHome.Pathway.V1;
using GoingHome.Persistence;
using GoingHome.ServiceClients;
using GoingHome.ServiceDefaults.Errors;
using GoingHome.ServiceDefaults.Grpc;
using GoingHome.Time;
using Grpc.Core;
using TaskStatus = GoingHome.Pathway.Data.TaskStatus;
using Microsoft.EntityFrameworkCore;

namespace GoingHome.Pathway.Features;

/// <summary>Planning a return home: the planned date, and asking Approvals for the return.</summary>
public sealed class ReturnHomePlans(
    PathwayDbContext db,
    UnitOfWork<PathwayDbContext> work,
    PathwayStore store,
    PathwayWorkflow workflow,
    PlannedReturns plannedReturns,
    ApprovalsService.ApprovalsServiceClient approvals)
{
    public async Task<V1.Pathway> SetPlannedReturnDate(SetPlannedReturnDateRequest request, ServerCallContext context)
    {
        var v = new Violations().RequireRequestId(request.RequestId);
        var planned = request.PlannedReturnDate.ToDateOnly();
        v.Require(planned is not null, "planned_return_date", "must be a real calendar date");
        // Rule GH-13: a planned return date is in the future.
        v.Require(planned is null || planned > workflow.Today, "planned_return_date", "must be after today");
        v.Require(planned is null || PlannedReturnHorizon.Holds(planned.Value, workflow.Today), "planned_return_date", PlannedReturnHorizon.Description);
        v.ThrowIfAny();

        return await work.ExecuteAsync(context.Method, request.RequestId, p => p.ChildId, async ct =>
        {
            var pathway = await store.CurrentPathwayAsync(request.ChildId, ct);
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

    public async Task<RequestReturnHomeApprovalsResponse> RequestReturnHomeApprovals(RequestReturnHomeApprovalsRequest request, ServerCallContext context)
    {
        var v = new Violations().RequireRequestId(request.RequestId).RequireText(request.Summary, "summary", 2000, required: false)
            .RequireText(request.PlanDocumentId, "plan_document_id", 64);
        v.ThrowIfAny();

        return await work.ExecuteAsync(context.Method, request.RequestId, _ => request.ChildId, async ct =>
        {
            var pathway = await store.CurrentPathwayAsync(request.ChildId, ct);
            if (pathway.Stage != Stage.Stage2 || pathway.PlannedReturnDate is not { } planned)
            {
                throw new RuleViolationException(new RuleViolation("GH-13", $"children/{pathway.ChildId}/pathway",
                    "Return-home approvals are asked for in Stage 2, once the planned return date is set."));
            }

            await plannedReturns.RequirePlanDocumentAsync(pathway.ChildId, request.PlanDocumentId, "plan_document_id", ct);
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
            await plannedReturns.TellOfPlannedReturnAsync(pathway, planned, request.PlanDocumentId, request.RequestId, ct);
            return response;
        }, context.CancellationToken);
    }
}
