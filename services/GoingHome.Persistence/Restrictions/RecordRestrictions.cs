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
    /// A restriction this service has just been told of holds at once, before the next reload; a lift waits for the
    /// reload of the committed table, so a failed commit can only have hidden a record a moment longer, never shown it.
    /// </summary>
    public void Tighten(RecordRestrictionEntity restriction)
    {
        if (restriction.Restricted && _restricted is { } loaded)
        {
            _restricted = loaded.Where(r => r.Key != restriction.ChildId).Append(new(restriction.ChildId, restriction))
                .ToFrozenDictionary(StringComparer.Ordinal);
        }
    }

    public async Task ReloadAsync(DbContext db, CancellationToken cancellationToken)
    {
        var rows = await db.Set<RecordRestrictionEntity>().AsNoTracking().Where(r => r.Restricted).ToListAsync(cancellationToken);
        _restricted = rows.ToFrozenDictionary(r => r.ChildId, StringComparer.Ordinal);
    }

    private FrozenDictionary<string, RecordRestrictionEntity> Loaded => _restricted ?? throw new RpcException(new Status(
        StatusCode.Unavailable, "This service is still loading which records are restricted; retry shortly."));

    private static bool IsCleared(CurrentUser user, RecordRestrictionEntity restriction) =>
        user.IsInRole(Roles.DataProtectionOfficer)
        || restriction.UserIds.Contains(user.Id)
        || user.Teams.Any(restriction.TeamIds.Contains);
}
