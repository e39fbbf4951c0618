using System.Collections.Frozen;
using GoingHome.ServiceDefaults.Auth;
using Grpc.Core;
using Microsoft.EntityFrameworkCore;

namespace GoingHome.Persistence.Restrictions;

/// <summary>
/// The restricted children this service knows of, held in memory and reloaded from its own table (restrictions are
/// few, and every call that touches a child asks). Who is cleared: the people and teams named, the suite's own services
/// (their consumers and scans act for everyone) and the data protection officer, whose only methods are the access log.
/// </summary>
public sealed class RecordRestrictions
{
    /// <summary>Null until the first load: a service that does not yet know what is restricted shows nobody anything.</summary>
    private volatile FrozenDictionary<string, RecordRestrictionEntity>? _restricted;

    /// <summary>True when <paramref name="user"/> must not learn that the child's record exists.</summary>
    public bool Hides(CurrentUser user, string? childId)
    {
        if (string.IsNullOrEmpty(childId) || user.IsInRole(Roles.Service))
        {
            return false;
        }

        return Loaded.TryGetValue(childId, out var restriction) && !IsCleared(user, restriction);
    }

    /// <summary>The children restricted from <paramref name="user"/>, for a query to leave out.</summary>
    public IReadOnlyList<string> HiddenFrom(CurrentUser user) =>
        user.IsInRole(Roles.Service) ? [] : [.. Loaded.Values.Where(r => !IsCleared(user, r)).Select(r => r.ChildId)];

    /// <summary>Throws <c>RestrictedRecordException</c> (NOT_FOUND, logged as refused) when the child is hidden from the caller.</summary>
    public void Require(CurrentUser user, string? childId)
    {
        if (Hides(user, childId))
        {
            throw new ServiceDefaults.Errors.RestrictedRecordException(childId!);
        }
    }

    /// <summary>
    /// A restriction this service has just been told of holds at once, before its transaction commits and the next
    /// reload reads it: kept aside (and merged into every reload) until the table holds that version, or for
    /// <see cref="PendingFor"/> if the commit never comes (the event is then delivered again). Only a change that
    /// narrows who may see the record is applied early; a lift, or a change naming someone new, waits for the
    /// committed table, so a failed commit can only have hidden a record a moment longer, never shown it.
    /// </summary>
    public void Tighten(RecordRestrictionEntity restriction)
    {
        lock (_gate)
        {
            if (!restriction.Restricted || _committed is null
                || (Effective(restriction.ChildId) is { } current && !Narrows(current, restriction)))
            {
                return;
            }

            _pending[restriction.ChildId] = (Copy(restriction), Environment.TickCount64);
            Publish();
        }
    }

    public async Task ReloadAsync(DbContext db, CancellationToken cancellationToken)
    {
        // Every row, lifted ones included: a pending change is dropped once the table holds its version.
        var rows = await db.Set<RecordRestrictionEntity>().AsNoTracking().ToListAsync(cancellationToken);
        lock (_gate)
        {
            var versions = rows.ToDictionary(r => r.ChildId, r => r.Version, StringComparer.Ordinal);
            var now = Environment.TickCount64;
            foreach (var (childId, (pending, since)) in _pending.ToList())
            {
                if ((versions.TryGetValue(childId, out var stored) && stored >= pending.Version) || now - since > PendingFor.TotalMilliseconds)
                {
                    _pending.Remove(childId);
                }
            }

            _committed = rows.Where(r => r.Restricted).ToFrozenDictionary(r => r.ChildId, StringComparer.Ordinal);
            Publish();
        }
    }

    /// <summary>How long a restriction applied early waits for its commit.</summary>
    private static readonly TimeSpan PendingFor = TimeSpan.FromSeconds(30);

    private readonly Lock _gate = new();
    private readonly Dictionary<string, (RecordRestrictionEntity Restriction, long Since)> _pending = new(StringComparer.Ordinal);
    private FrozenDictionary<string, RecordRestrictionEntity>? _committed;

    private RecordRestrictionEntity? Effective(string childId) =>
        _pending.TryGetValue(childId, out var pending) ? pending.Restriction : _committed!.GetValueOrDefault(childId);

    private void Publish() => _restricted = _pending.Count == 0 ? _committed
        : _committed!.Where(r => !_pending.ContainsKey(r.Key)).Concat(_pending.Select(p => KeyValuePair.Create(p.Key, p.Value.Restriction)))
            .ToFrozenDictionary(StringComparer.Ordinal);

    /// <summary>The new restriction clears no one the current one does not.</summary>
    private static bool Narrows(RecordRestrictionEntity current, RecordRestrictionEntity next) =>
        next.UserIds.All(current.UserIds.Contains) && next.TeamIds.All(current.TeamIds.Contains);

    private static RecordRestrictionEntity Copy(RecordRestrictionEntity r) => new()
    {
        ChildId = r.ChildId, Restricted = r.Restricted, UserIds = [.. r.UserIds], TeamIds = [.. r.TeamIds],
        Reason = r.Reason, ChangedBy = r.ChangedBy, ChangedAt = r.ChangedAt, Version = r.Version,
    };

    private FrozenDictionary<string, RecordRestrictionEntity> Loaded => _restricted ?? throw new RpcException(new Status(
        StatusCode.Unavailable, "This service is still loading which records are restricted; retry shortly."));

    private static bool IsCleared(CurrentUser user, RecordRestrictionEntity restriction) =>
        user.IsInRole(Roles.DataProtectionOfficer)
        || restriction.UserIds.Contains(user.Id)
        || user.Teams.Any(restriction.TeamIds.Contains);
}
