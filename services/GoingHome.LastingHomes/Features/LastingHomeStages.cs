using GoingHome.Events.V1;
using GoingHome.LastingHomes.Data;
using GoingHome.LastingHomes.V1;
using GoingHome.Messaging;
using GoingHome.ServiceDefaults.Auth;
using GoingHome.ServiceDefaults.Grpc;

namespace GoingHome.LastingHomes.Features;

/// <summary>Creates lasting homes and moves their stage, each move an event through the outbox (the tracker's history).</summary>
public sealed class LastingHomeStages(EventOutbox<LastingHomesDbContext> outbox, CurrentUser user, TimeProvider clock)
{
    public LastingHomeEntity New(string childId, string teamId, LastingHomeStage stage)
    {
        var now = clock.GetUtcNow();
        var home = new LastingHomeEntity
        {
            Id = Guid.CreateVersion7(), Version = 1, ChildId = childId, TeamId = teamId, Stage = LastingHomeStage.Unspecified, StageEnteredAt = now, CreatedAt = now,
        };
        Move(home, stage);
        return home;
    }

    public void Move(LastingHomeEntity home, LastingHomeStage to)
    {
        var from = home.Stage;
        home.Stage = to;
        home.StageEnteredAt = clock.GetUtcNow();
        outbox.Add(LastingHomesExtensions.Topic, new LastingHomeStageChanged
        {
            LastingHomeId = home.Id.ToString(), ChildId = home.ChildId, FromStage = from.ToString(), ToStage = to.ToString(), TeamId = home.TeamId,
        }, home.ChildId, null, user.Id);
    }

    /// <summary>
    /// Rule LH-6: the commitment visit's record for the child's file, named now and written by Case when it consumes
    /// the event, so nothing reaches the file for a visit that did not commit.
    /// </summary>
    public void FileCommitmentVisit(LastingHomeEntity home, DateOnly visitedOn)
    {
        home.ChildFileDocumentId = Guid.CreateVersion7().ToString();
        outbox.Add(LastingHomesExtensions.Topic, new CommitmentVisitRecorded
        {
            LastingHomeId = home.Id.ToString(), ChildId = home.ChildId, DocumentId = home.ChildFileDocumentId, CarerName = home.CarerName,
            VisitOn = visitedOn.ToProto(), RecordedBy = user.Id,
        }, home.ChildId, null, user.Id);
    }
}
