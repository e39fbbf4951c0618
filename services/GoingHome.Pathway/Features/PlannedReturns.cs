using GoingHome.Case.V1;
using GoingHome.Events.V1;
using GoingHome.Messaging;
using GoingHome.Pathway.Data;
using GoingHome.Pathway.Domain;
using GoingHome.ServiceClients;
using GoingHome.ServiceDefaults.Auth;
using GoingHome.ServiceDefaults.Errors;
using GoingHome.ServiceDefaults.Grpc;
using Grpc.Core;
using TaskStatus = GoingHome.Pathway.Data.TaskStatus;
using Microsoft.EntityFrameworkCore;

namespace GoingHome.Pathway.Features;

/// <summary>A planned return home: its plan document checked in Case, and the partners told (RH-8, NT-3).</summary>
public sealed class PlannedReturns(
    PathwayDbContext db,
    PathwayWorkflow workflow,
    EventOutbox<PathwayDbContext> outbox,
    CurrentUser user,
    CaseChildReader children,
    CaseService.CaseServiceClient cases)
{
    /// <summary>
    /// Rules RH-8 / NT-3: the plan is a document on the child's record in Case; GP, Housing and Adult Mental Health hear of
    /// the planned return with it now, and where the network has no GP or Housing contact the social worker is asked to
    /// record one, or why there is none.
    /// </summary>
    public async Task TellOfPlannedReturnAsync(PathwayEntity pathway, DateOnly? planned, string planDocumentId, string requestId, CancellationToken ct)
    {
        outbox.Add(PathwayExtensions.Topic, new ChildReturnPlanned
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

    public async Task RequirePlanDocumentAsync(string childId, string documentId, string field, CancellationToken ct)
    {
        try
        {
            await cases.GetDocumentAsync(new GetDocumentRequest { ChildId = childId, Id = documentId }, cancellationToken: ct);
        }
        catch (RpcException ex) when (ex.StatusCode is StatusCode.NotFound or StatusCode.InvalidArgument)
        {
            throw new ValidationFailedException([new FieldViolation(field, "is not a document on the child's record in Case")]);
        }
    }
}
