using GoingHome.Events.V1;
using GoingHome.Messaging;
using GoingHome.Pathway.Data;
using GoingHome.Pathway.V1;
using GoingHome.ServiceDefaults.Clients;
using GoingHome.ServiceDefaults.Grpc;
using Microsoft.EntityFrameworkCore;

namespace GoingHome.Pathway.Domain;

/// <summary>Opens a child's pathway in Stage 1 when Case starts a care episode (GH-1, GH-2, GH-3, GH-4).</summary>
public sealed class CareEpisodeHandler(PathwayDbContext db, PathwayWorkflow workflow, CaseChildReader children, TimeProvider clock) : IEventHandler
{
    public async Task HandleAsync(EventEnvelope envelope, CancellationToken cancellationToken)
    {
        if (envelope.Payload?.TryUnpack<CareEpisodeStarted>(out var started) != true)
        {
            return;
        }

        if (await db.Pathways.AnyAsync(p => p.ChildId == started.ChildId && p.EpisodeId == started.EpisodeId, cancellationToken))
        {
            return;
        }

        var snapshot = await children.ReadAsync(started.ChildId, cancellationToken);
        var enteredCare = started.StartDate.ToDateOnly() ?? throw new MalformedEventException("CareEpisodeStarted has no start_date");
        var episode = snapshot.Child.CareEpisodes.FirstOrDefault(e => e.Id == started.EpisodeId);
        var placementStart = episode?.Placements.Select(p => p.StartDate.ToDateOnly()).Where(d => d is not null).Min() ?? enteredCare;
        var now = clock.GetUtcNow();
        var pathway = new PathwayEntity
        {
            Id = Guid.CreateVersion7(),
            Version = 1,
            ChildId = started.ChildId,
            EpisodeId = started.EpisodeId,
            Stage = Stage.Stage1,
            EnteredCareOn = enteredCare,
            PlacementStartAt = PathwayWorkflow.StartOf(placementStart),
            StageEnteredAt = now,
            TeamId = snapshot.TeamId,
            DateOfBirth = snapshot.Child.DateOfBirth.ToDateOnly() ?? enteredCare,
            HasSiblings = snapshot.HasSiblings,
            NextReviewDue = null,
            CreatedAt = now,
            UpdatedAt = now,
        };
        db.Pathways.Add(pathway);
        workflow.AddBundle(pathway, Bundles.Stage1);
        // Rule T-3 / GH-2: the first review is due 20 working days after entering care.
        pathway.NextReviewDue = workflow.FirstReviewDue(enteredCare);
    }
}
