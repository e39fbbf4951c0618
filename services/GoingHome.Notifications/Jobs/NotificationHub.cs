using System.Collections.Concurrent;
using System.Threading.Channels;
using GoingHome.Messaging;
using GoingHome.Notifications.Data;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace GoingHome.Notifications.Jobs;

/// <summary>
/// Fans new notifications out to this instance's live streams. PostgreSQL's NOTIFY (sent when a writer's transaction
/// commits, so every instance hears of every commit) wakes one query for everything new, which is then matched to
/// streams in memory: a thousand streams cost one query, not a thousand. A one-second poll covers a missed wake-up.
/// </summary>
public sealed partial class NotificationHub(
    IServiceScopeFactory scopes, IConfiguration configuration, ILogger<NotificationHub> logger) : BackgroundService
{
    private const int FetchBatch = 1000;
    private static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(1);

    private readonly ConcurrentDictionary<StreamSubscription, byte> _subscriptions = new();
    private readonly OutboxSignal _wake = new();
    private long _highWater = -1;

    /// <summary>Subscribe before catching up from the database: anything committed meanwhile arrives here too.</summary>
    public StreamSubscription Subscribe(IReadOnlyCollection<string> inboxes)
    {
        var subscription = new StreamSubscription(inboxes, s => _subscriptions.TryRemove(s, out _));
        _subscriptions[subscription] = 0;
        return subscription;
    }

    public override void Dispose()
    {
        _wake.Dispose();
        base.Dispose();
    }

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(ListenAsync(stoppingToken), FanOutAsync(stoppingToken));

    private async Task FanOutAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                while (await FetchAndFanOutAsync(stoppingToken) == FetchBatch)
                {
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogFanOutFailed(logger, ex);
            }

            await ((Task)_wake.WaitAsync(PollInterval, stoppingToken)).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    private async Task<int> FetchAndFanOutAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<NotificationsDbContext>();
        if (_highWater < 0)
        {
            _highWater = await db.Notifications.MaxAsync(n => (long?)n.Sequence, cancellationToken) ?? 0;
            return 0;
        }

        if (_subscriptions.IsEmpty)
        {
            _highWater = await db.Notifications.MaxAsync(n => (long?)n.Sequence, cancellationToken) ?? _highWater;
            return 0;
        }

        var fresh = await db.Notifications.AsNoTracking()
            .Where(n => n.Sequence > _highWater).OrderBy(n => n.Sequence).Take(FetchBatch).ToListAsync(cancellationToken);
        foreach (var notification in fresh)
        {
            foreach (var subscription in _subscriptions.Keys)
            {
                subscription.Offer(notification);
            }

            _highWater = notification.Sequence;
        }

        return fresh.Count;
    }

    private async Task ListenAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var connection = new NpgsqlConnection(configuration.GetConnectionString(NotificationsExtensions.Database));
                await connection.OpenAsync(stoppingToken);
                connection.Notification += (_, _) => _wake.Notify();
                await using (var listen = new NpgsqlCommand($"LISTEN {NotificationsDbContext.Channel}", connection))
                {
                    await listen.ExecuteNonQueryAsync(stoppingToken);
                }

                // Anything committed while we were not listening is picked up now.
                _wake.Notify();
                while (!stoppingToken.IsCancellationRequested)
                {
                    await connection.WaitAsync(stoppingToken);
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
            {
                LogListenFailed(logger, ex);
                await Task.Delay(PollInterval, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Fanning out notifications failed; polling again")]
    private static partial void LogFanOutFailed(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Listening for new notifications failed; the poll carries on and the listener reconnects")]
    private static partial void LogListenFailed(ILogger logger, Exception exception);
}

/// <summary>
/// One live stream's queue. Bounded: a client that stops reading is not allowed to grow memory; when its queue is full
/// it is marked as lagging and catches up from the database instead.
/// </summary>
public sealed class StreamSubscription(IReadOnlyCollection<string> inboxes, Action<StreamSubscription> unsubscribe) : IDisposable
{
    private readonly HashSet<string> _inboxes = [.. inboxes];
    private readonly Channel<NotificationEntity> _queue = Channel.CreateBounded<NotificationEntity>(
        new BoundedChannelOptions(256) { SingleReader = true, SingleWriter = true, FullMode = BoundedChannelFullMode.DropWrite });
    private int _lagging;

    public ChannelReader<NotificationEntity> Reader => _queue.Reader;

    public void Offer(NotificationEntity notification)
    {
        if (_inboxes.Contains(notification.RecipientKey) && !_queue.Writer.TryWrite(notification))
        {
            Interlocked.Exchange(ref _lagging, 1);
        }
    }

    /// <summary>True once after the queue overflowed: the reader must catch up from the database.</summary>
    public bool TakeLagging() => Interlocked.Exchange(ref _lagging, 0) == 1;

    public void Dispose() => unsubscribe(this);
}
