using GoingHome.Case.Data;
using GoingHome.Messaging;
using GoingHome.Persistence;
using GoingHome.Persistence.Restrictions;
using GoingHome.ServiceDefaults.Auth;
using GoingHome.ServiceDefaults.Errors;
using GoingHome.Time;
using Microsoft.EntityFrameworkCore;

namespace GoingHome.Case.Features;

/// <summary>
/// What every Case use case does to a child's file: load it whole, add to its chronology, and raise its events
/// through the outbox, so they commit with the change in the use case's unit of work.
/// </summary>
public sealed class ChildFiles(CaseDbContext db, EventOutbox<CaseDbContext> outbox, RecordRestrictions restrictions, CurrentUser user, TimeProvider clock)
{
    public DateOnly Today => clock.LondonToday();

    // The read path: one compiled query, one round trip. The aggregate is small (a few episodes, placements, network
    // members and allocations), so the joined rows cost less than a round trip per collection.
    private static readonly Func<CaseDbContext, Guid, CancellationToken, Task<ChildEntity?>> Untracked = EF.CompileAsyncQuery(
        (CaseDbContext db, Guid id, CancellationToken _) => db.Children.AsNoTracking()
            .Include(c => c.Episodes).ThenInclude(e => e.Placements)
            .Include(c => c.Network)
            .Include(c => c.Allocations.Where(a => a.EndedAt == null))
            .AsSingleQuery()
            .FirstOrDefault(c => c.Id == id));

    /// <summary>The child with episodes, placements, network and current allocations; NOT_FOUND naming <paramref name="field"/>.</summary>
    public async Task<ChildEntity> LoadAsync(string id, string field, bool tracking, CancellationToken cancellationToken)
    {
        // Before any etag or rule is checked, so no answer can tell someone not named that a restricted child exists.
        restrictions.Require(user, id);
        if (!tracking)
        {
            return await Untracked(db, Records.ParseId("Child", id, field), cancellationToken) ?? throw new ResourceNotFoundException("Child", id);
        }

        return await db.Children
            .Include(c => c.Episodes).ThenInclude(e => e.Placements)
            .Include(c => c.Network)
            .Include(c => c.Allocations.Where(a => a.EndedAt == null))
            .AsSingleQuery()
            .FindByIdAsync("Child", id, field, cancellationToken);
    }

    public ChronologyEntity Chronicle(Guid childId, DateOnly occurredOn, string category, string summary, bool systemGenerated = true)
    {
        var entry = new ChronologyEntity
        {
            Id = Guid.CreateVersion7(),
            ChildId = childId,
            OccurredOn = occurredOn,
            Category = category,
            Summary = summary,
            SystemGenerated = systemGenerated,
            AuthorId = user.Id,
            CreatedAt = clock.GetUtcNow(),
        };
        db.Chronology.Add(entry);
        return entry;
    }

    public void Raise(Guid childId, string requestId, Google.Protobuf.IMessage payload) =>
        outbox.Add(CaseExtensions.Topic, payload, childId.ToString(), requestId, user.Id);
}
