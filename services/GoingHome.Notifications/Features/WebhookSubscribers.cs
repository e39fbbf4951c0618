using GoingHome.Notifications.Data;
using GoingHome.Persistence.Restrictions;
using GoingHome.ServiceDefaults.Auth;
using Microsoft.EntityFrameworkCore;

namespace GoingHome.Notifications.Features;

/// <summary>
/// The live subscriptions, read once a second at most instead of once per event. A subscription created or deleted on
/// this instance takes effect at once; on another instance within <see cref="Freshness"/>.
/// </summary>
public sealed class WebhookSubscribers(IServiceScopeFactory scopes, RecordRestrictions restrictions, IntegratorBindings integrators) : IDisposable
{
    public static readonly TimeSpan Freshness = TimeSpan.FromSeconds(1);

    private readonly SemaphoreSlim _refresh = new(1, 1);
    private volatile Snapshot? _snapshot;

    /// <summary>
    /// The subscriptions to <paramref name="eventType"/> whose owners may know of the child: restricted records are
    /// withheld, and an integrator hears only of the children its source systems keep (ACC-3, ACC-4), the child's source
    /// read from <paramref name="sourceOf"/> (Case, cached) only when an integrator's subscription is in question.
    /// </summary>
    public async Task<IReadOnlyList<Subscriber>> ForAsync(string eventType, string childId, Func<Task<string?>> sourceOf, CancellationToken cancellationToken)
    {
        var snapshot = _snapshot;
        if (snapshot is null || TimeProvider.System.GetUtcNow() - snapshot.ReadAt > Freshness)
        {
            snapshot = await RefreshAsync(cancellationToken);
        }

        var candidates = snapshot.Subscriptions
            .Where(s => s.EventTypes.Count == 0 || s.EventTypes.Contains(eventType))
            .Where(s => !restrictions.Hides(s.Owner, childId))
            .ToList();
        if (string.IsNullOrEmpty(childId) || !candidates.Any(s => s.OwnerRole == Roles.Integrator))
        {
            return candidates;
        }

        var source = await sourceOf();
        return [.. candidates.Where(s => s.OwnerRole != Roles.Integrator || integrators.Keeps(s.OwnerId, source))];
    }

    /// <summary>Call after the change commits, so the next read cannot see the table as it was.</summary>
    public void Invalidate() => _snapshot = null;

    public void Dispose() => _refresh.Dispose();

    private async Task<Snapshot> RefreshAsync(CancellationToken cancellationToken)
    {
        await _refresh.WaitAsync(cancellationToken);
        try
        {
            if (_snapshot is { } fresh && TimeProvider.System.GetUtcNow() - fresh.ReadAt <= Freshness)
            {
                return fresh;
            }

            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<NotificationsDbContext>();
            var readAt = TimeProvider.System.GetUtcNow();
            var live = await db.Subscriptions.AsNoTracking().Where(s => s.DeletedAt == null)
                .Select(s => new Subscriber(s.Id, s.EventTypes, s.OwnerId, s.OwnerRole)).ToListAsync(cancellationToken);
            return _snapshot = new Snapshot(readAt, live);
        }
        finally
        {
            _refresh.Release();
        }
    }

    /// <summary>A live subscription and its owner, as restrictions and the access log see them.</summary>
    public sealed record Subscriber(Guid Id, List<string> EventTypes, string OwnerId, string OwnerRole)
    {
        public CurrentUser Owner => Of(OwnerId, OwnerRole);

        /// <summary>Rule ACC-4: an admin administers subscriptions and reads no child's record, so its deliveries carry none.</summary>
        public bool ReceivesChildData => OwnerRole != Roles.Admin;

        public static CurrentUser Of(string ownerId, string ownerRole) => new(ownerId, ownerId, ownerRole.Length > 0 ? [ownerRole] : []);
    }

    private sealed record Snapshot(DateTimeOffset ReadAt, List<Subscriber> Subscriptions);
}
