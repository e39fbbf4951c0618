using GoingHome.Events.V1;
using GoingHome.LastingHomes.Data;
using GoingHome.LastingHomes.Features;
using GoingHome.LastingHomes.V1;
using GoingHome.Messaging;
using GoingHome.ServiceClients;
using GoingHome.Time;
using Microsoft.EntityFrameworkCore;

namespace GoingHome.LastingHomes.Events;

/// <summary>
/// The HoS's ratification flows back from Approvals (LH-5, AP-6), and a care plan revision from Pathway proposes a
/// lasting home (NS-4) for the TM to start with the IRO.
/// </summary>
public sealed class LastingHomeEventHandler(LastingHomesDbContext db, LastingHomeStages stages, TimeProvider clock) :
    IEventHandler<ApprovalGranted>, IEventHandler<ApprovalRejected>, IEventHandler<CarePlanRevisionOpened>
{
    public async Task HandleAsync(ApprovalGranted granted, EventEnvelope envelope, CancellationToken cancellationToken)
    {
        if (granted.Action == ApprovalActions.LastingHomeRecommendation)
        {
            await DecidedAsync(granted.Subject, LastingHomeStage.Ratified, cancellationToken);
        }
    }

    public async Task HandleAsync(ApprovalRejected rejected, EventEnvelope envelope, CancellationToken cancellationToken)
    {
        if (rejected.Action == ApprovalActions.LastingHomeRecommendation)
        {
            await DecidedAsync(rejected.Subject, LastingHomeStage.NotRatified, cancellationToken);
        }
    }

    public async Task HandleAsync(CarePlanRevisionOpened revision, EventEnvelope envelope, CancellationToken cancellationToken)
    {
        if (!await db.LastingHomes.AnyAsync(h => h.ChildId == revision.ChildId && h.Stage != LastingHomeStage.Celebrated && h.Stage != LastingHomeStage.NotRatified, cancellationToken))
        {
            db.LastingHomes.Add(stages.New(revision.ChildId, revision.TeamId, LastingHomeStage.Proposed));
        }
    }

    private async Task DecidedAsync(string subject, LastingHomeStage outcome, CancellationToken cancellationToken)
    {
        if (!subject.StartsWith("lastingHomes/", StringComparison.Ordinal) || !Guid.TryParse(subject["lastingHomes/".Length..], out var id))
        {
            throw new MalformedEventException($"'{subject}' is not a lasting home");
        }

        var home = await db.LastingHomes.FirstOrDefaultAsync(h => h.Id == id, cancellationToken);
        if (home is null || home.Stage != LastingHomeStage.AwaitingRatification)
        {
            return;
        }

        if (outcome == LastingHomeStage.Ratified)
        {
            home.RatifiedOn = clock.LondonToday();
        }

        home.Version++;
        stages.Move(home, outcome);
    }
}
