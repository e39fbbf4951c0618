using GoingHome.Case.Data;
using GoingHome.ServiceDefaults.Auth;
using Microsoft.EntityFrameworkCore;

namespace GoingHome.Case.Features;

/// <summary>
/// Rule ACC-1 in Case, from its own allocations: at the door for requests naming a child, and before commit for the
/// rest (the unit of work). Read once per request and child.
/// </summary>
public sealed class ChildRelationshipCheck(CaseDbContext db, CurrentUser user) : IChildRelationshipCheck
{
    private readonly Dictionary<Guid, AllocatedWorker[]> _read = [];

    public async Task RequireAsync(string childId, CancellationToken cancellationToken)
    {
        // A malformed id is the handler's to answer (INVALID_ARGUMENT or NOT_FOUND), like any other request.
        if (ChildRelationships.RelatedToEveryChild(user) || !Guid.TryParse(childId, out var id))
        {
            return;
        }

        if (!_read.TryGetValue(id, out var workers))
        {
            workers = await db.Allocations.AsNoTracking().Where(a => a.ChildId == id && a.EndedAt == null)
                .Select(a => new AllocatedWorker(a.WorkerId, a.TeamId)).ToArrayAsync(cancellationToken);
            _read[id] = workers;
        }

        ChildRelationships.Require(user, workers);
    }
}
