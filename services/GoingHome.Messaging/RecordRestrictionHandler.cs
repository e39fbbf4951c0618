using GoingHome.Events.V1;
using GoingHome.Persistence.Restrictions;
using Microsoft.EntityFrameworkCore;

namespace GoingHome.Messaging;

/// <summary>
/// Keeps this service's copy of a child's record restriction at the latest version Case raised; an older or repeated
/// event changes nothing. A restriction holds as soon as it is handled; a lift once
/// <see cref="RecordRestrictionRefresher{TDbContext}"/> reloads the committed table (within a second).
/// </summary>
public sealed class RecordRestrictionHandler<TDbContext>(TDbContext db, RecordRestrictions restrictions, TimeProvider clock) : IEventHandler<ChildRecordRestrictionChanged>
    where TDbContext : DbContext
{
    /// <summary>Case owns restrictions and raises their changes on its topic.</summary>
    public const string Topic = "case";

    public async Task HandleAsync(ChildRecordRestrictionChanged @event, EventEnvelope envelope, CancellationToken cancellationToken)
    {
        if (@event.ChildId.Length == 0)
        {
            throw new MalformedEventException("ChildRecordRestrictionChanged without a child_id");
        }

        var kept = await db.Set<RecordRestrictionEntity>().FindAsync([@event.ChildId], cancellationToken);
        if (kept is null)
        {
            kept = new RecordRestrictionEntity { ChildId = @event.ChildId };
            db.Add(kept);
        }
        else if (kept.Version >= @event.Version)
        {
            return;
        }

        kept.Restricted = @event.Restricted;
        kept.UserIds = [.. @event.UserIds];
        kept.TeamIds = [.. @event.TeamIds];
        kept.ChangedBy = envelope.ActorId;
        kept.ChangedAt = clock.GetUtcNow();
        kept.Version = (int)@event.Version;
        restrictions.Tighten(kept);
    }
}
