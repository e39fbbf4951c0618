using GoingHome.Case.V1;
using GoingHome.Events.V1;
using GoingHome.Messaging;
using GoingHome.Pathway.Data;
using GoingHome.Pathway.Domain;
using GoingHome.Pathway.Features;
using GoingHome.Pathway.V1;
using GoingHome.ServiceClients;
using GoingHome.ServiceDefaults.Auth;
using GoingHome.ServiceDefaults.Grpc;
using Grpc.Core;
using Microsoft.EntityFrameworkCore;

namespace GoingHome.Pathway.Events;

/// <summary>
/// Opens a child's pathway in Stage 1 when Case starts a care episode (GH-1, GH-2, GH-3, GH-4), books each later
/// placement's 72-hour tasks (GH-1), and keeps task owners in step with Case's allocations.
/// </summary>
public sealed class CareEpisodeHandler(PathwayDbContext db, PathwayWorkflow workflow, CaseChildReader children, TimeProvider clock) :
    IEventHandler<CareEpisodeStarted>, IEventHandler<PlacementAdded>, IEventHandler<AllocationChanged>, IEventHandler<CareEpisodeEnded>
{
    public async Task HandleAsync(CareEpisodeStarted started, EventEnvelope envelope, CancellationToken cancellationToken)
    {
        if (await db.Pathways.AnyAsync(p => p.ChildId == started.ChildId && p.EpisodeId == started.EpisodeId, cancellationToken))
        {
            return;
        }

        // Rule CLA-1: a new legal status continues the period of care, so the child's pathway goes on with the new
        // episode (its later placements book their GH-1 tasks); only a new period (RNE S) opens a pathway.
        if (started.Rne is "L" or "B" or "U")
        {
            var current = await db.Pathways.Where(p => p.ChildId == started.ChildId && p.Stage != Stage.Closed)
                .OrderByDescending(p => p.CreatedAt).FirstOrDefaultAsync(cancellationToken);
            if (current is not null)
            {
                current.EpisodeId = started.EpisodeId;
            }

            return;
        }

        // Decision (CLA-4): short breaks (V3, V4) are planned respite for a child who lives at home, under the short
        // breaks regulations: no Going Home pathway opens for them.
        if (started.Ls is "V3" or "V4")
        {
            return;
        }

        ChildSnapshot snapshot;
        try
        {
            snapshot = await children.ReadAsync(started.ChildId, cancellationToken);
        }
        catch (RpcException ex) when (ex.StatusCode == StatusCode.NotFound)
        {
            throw new MalformedEventException($"child {started.ChildId} is not in Case");
        }

        var enteredCare = started.StartDate.ToDateOnly() ?? throw new MalformedEventException("CareEpisodeStarted has no start_date");
        var episode = snapshot.Child.CareEpisodes.FirstOrDefault(e => e.Id == started.EpisodeId);
        var placementStart = episode?.Placements.Select(PlacedAt).Where(at => at is not null).Min() ?? PathwayWorkflow.StartOf(enteredCare);
        var now = clock.GetUtcNow();
        var pathway = new PathwayEntity
        {
            Id = Guid.CreateVersion7(),
            Version = 1,
            ChildId = started.ChildId,
            EpisodeId = started.EpisodeId,
            Stage = Stage.Stage1,
            EnteredCareOn = enteredCare,
            PlacementStartAt = placementStart,
            StageEnteredAt = now,
            TeamId = snapshot.TeamId,
            DateOfBirth = snapshot.Child.DateOfBirth.ToDateOnly() ?? enteredCare,
            HasSiblings = snapshot.HasSiblings,
            NextReviewDue = null,
            CreatedAt = now,
            UpdatedAt = now,
        };
        foreach (var allocated in snapshot.Child.Allocations)
        {
            pathway.Allocate(RoleOf(allocated.Role) ?? "", allocated.WorkerId);
        }

        db.Pathways.Add(pathway);
        workflow.AddBundle(pathway, Bundles.Stage1);
        // Rule T-3 / GH-2: the first review is due 20 working days after entering care.
        pathway.NextReviewDue = workflow.FirstReviewDue(enteredCare);
    }

    /// <summary>Rule GH-1: every placement, not only the first, gets its Placement Information Plan and Planning Meeting within 72 hours.</summary>
    public async Task HandleAsync(PlacementAdded placement, EventEnvelope envelope, CancellationToken cancellationToken)
    {
        var pathway = await db.Pathways.FirstOrDefaultAsync(p => p.ChildId == placement.ChildId && p.EpisodeId == placement.EpisodeId, cancellationToken);
        if (pathway is null || pathway.Stage == Stage.Closed)
        {
            return;
        }

        var start = placement.StartDate.ToDateOnly() ?? throw new MalformedEventException("PlacementAdded has no start_date");
        pathway.PlacementStartAt = placement.StartTime?.ToDateTimeOffset() ?? PathwayWorkflow.StartOf(start);
        workflow.AddBundle(pathway, Bundles.LaterPlacement);
    }

    /// <summary>
    /// Rules CLA-1 / CLA-5: the period of care ended. A return home the source recorded without GoingHome's approvals
    /// puts the child's pathway where the child is (Stage 3, the GP and Housing told, RH-8) and gives the HoS a task to
    /// review it. A period that ended any other way than home (adoption, an order, adulthood, another authority) ends
    /// the Going Home pathway: its open tasks are no longer needed.
    /// </summary>
    public async Task HandleAsync(CareEpisodeEnded ended, EventEnvelope envelope, CancellationToken cancellationToken)
    {
        if (!ended.PeriodEnded)
        {
            return;
        }

        var pathway = await db.Pathways.Where(p => p.ChildId == ended.ChildId && p.Stage != Stage.Closed)
            .OrderByDescending(p => p.CreatedAt).FirstOrDefaultAsync(cancellationToken);
        var endDate = ended.EndDate.ToDateOnly() ?? throw new MalformedEventException("CareEpisodeEnded has no end_date");
        if (pathway is null)
        {
            return;
        }

        if (ended.UnapprovedReturnHome)
        {
            if (pathway.Stage is Stage.Stage1 or Stage.ByfTransition or Stage.Stage2)
            {
                workflow.ReturnedHome(pathway, endDate, pathway.PlanDocumentId, null);
                workflow.EnterStage(pathway, Stage.Stage3);
            }

            workflow.AddBundle(pathway, Bundles.ReturnHomeUnapproved, (Anchor.RecordDate, PathwayWorkflow.StartOf(workflow.Today)));
            return;
        }

        if (!ended.ReturnedHome && pathway.Stage is Stage.Stage1 or Stage.ByfTransition or Stage.Stage2)
        {
            var open = await db.Tasks.Where(t => t.PathwayId == pathway.Id && t.Status == Data.TaskStatus.Open).ToListAsync(cancellationToken);
            foreach (var task in open)
            {
                workflow.Close(pathway, task, Data.TaskStatus.NotNeeded, "", $"The period of care ended on {endDate:yyyy-MM-dd} ({ended.Rec}).");
            }

            workflow.EnterStage(pathway, Stage.Closed);
        }
    }

    /// <summary>GH-1 counts from the moment of placement when Case knows it, else from the start of the placement day.</summary>
    private static DateTimeOffset? PlacedAt(Placement placement) =>
        placement.StartTime?.ToDateTimeOffset() ?? (placement.StartDate.ToDateOnly() is { } day ? PathwayWorkflow.StartOf(day) : null);

    private static string? RoleOf(WorkerRole role) => Roles.Allocated.GetValueOrDefault(role);

    /// <summary>A new worker in a role takes that role's open tasks (and Notifications re-addresses their reminders).</summary>
    public async Task HandleAsync(AllocationChanged allocation, EventEnvelope envelope, CancellationToken cancellationToken)
    {
        var pathway = await db.Pathways.Where(p => p.ChildId == allocation.ChildId).OrderByDescending(p => p.CreatedAt).FirstOrDefaultAsync(cancellationToken);
        if (pathway is null || RoleOf(allocation.Role) is not { } role || !pathway.Allocate(role, allocation.WorkerId))
        {
            return;
        }

        if (allocation.TeamId.Length > 0 && role == Roles.SocialWorker)
        {
            pathway.TeamId = allocation.TeamId;
        }

        var open = await db.Tasks.Where(t => t.PathwayId == pathway.Id && t.Status == Data.TaskStatus.Open && t.OwnerRole == role).ToListAsync(cancellationToken);
        foreach (var task in open)
        {
            task.OwnerId = allocation.WorkerId;
            workflow.RaiseDue(task);
        }
    }
}
