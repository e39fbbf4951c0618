using GoingHome.Events.V1;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace GoingHome.Messaging;

/// <summary>
/// Reads a topic's stream as one member of a consumer group. Each event is applied with its inbox row in one
/// transaction, then acknowledged, so a redelivery is recognised and skipped. Entries left pending by a consumer that
/// died are claimed after <see cref="MessagingOptions.ClaimIdleTime"/>; an entry that keeps failing goes to the
/// dead-letter stream after <see cref="MessagingOptions.MaxDeliveries"/> attempts. StackExchange.Redis cannot block on
/// XREADGROUP, so an idle consumer polls with back-off and is woken early by the relay's pub/sub message.
/// </summary>
public sealed partial class EventConsumer<TDbContext>(
    EventSubscription subscription, IServiceScopeFactory scopes, IConnectionMultiplexer redis, MessagingOptions options,
    TimeProvider clock, ILogger<EventConsumer<TDbContext>> logger) : BackgroundService
    where TDbContext : DbContext
{
    private readonly string _stream = Streams.ForTopic(subscription.Topic);
    private readonly string _consumerName = $"{Environment.MachineName}-{Environment.ProcessId}-{Guid.NewGuid():N}";
    private readonly OutboxSignal _wake = new();
    private bool _groupReady;
    private bool _ownPendingFirst;

    public override void Dispose()
    {
        _wake.Dispose();
        base.Dispose();
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await SubscribeToWakeUpsAsync();
        var delay = options.MinPollDelay;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var handled = await ConsumeOnceAsync(stoppingToken);
                if (handled > 0)
                {
                    delay = options.MinPollDelay;
                    continue;
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (TransientEventFailureException ex)
            {
                LogHandlerPostponed(logger, ex.InnerException!, ex.EventType, ex.EventId);
            }
            catch (Exception ex)
            {
                _groupReady = false;
                LogConsumeFailed(logger, ex, _stream, subscription.Group);
            }

            await ((Task)_wake.WaitAsync(delay, stoppingToken)).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, options.MaxPollDelay.Ticks));
        }
    }

    /// <summary>Claims stale entries, else reads new ones, and applies them; returns how many were handled.</summary>
    public async Task<int> ConsumeOnceAsync(CancellationToken cancellationToken)
    {
        var database = redis.GetDatabase();
        await EnsureGroupAsync(database);

        var claimed = await database.StreamAutoClaimAsync(
            _stream, subscription.Group, _consumerName, (long)options.ClaimIdleTime.TotalMilliseconds, "0-0", options.ConsumerBatchSize);
        var entries = claimed.ClaimedEntries.Where(e => !e.IsNull).ToArray();
        if (entries.Length == 0 && _ownPendingFirst)
        {
            // Entries this consumer left pending after a transient failure come before new ones.
            entries = await database.StreamReadGroupAsync(_stream, subscription.Group, _consumerName, "0-0", options.ConsumerBatchSize);
            _ownPendingFirst = entries.Length > 0;
        }

        if (entries.Length == 0)
        {
            entries = await database.StreamReadGroupAsync(_stream, subscription.Group, _consumerName, ">", options.ConsumerBatchSize);
        }

        var readable = new List<(StreamEntry Entry, EventEnvelope Envelope)>(entries.Length);
        foreach (var entry in entries)
        {
            try
            {
                readable.Add((entry, EventEnvelope.Parser.ParseFrom((byte[])entry[Streams.PayloadField]!)));
            }
            catch (Exception ex) when (ex is Google.Protobuf.InvalidProtocolBufferException or ArgumentNullException)
            {
                await DeadLetterAsync(database, entry, $"unreadable envelope: {ex.Message}");
            }
        }

        if (readable.Count > 1 && await TryApplyBatchAsync(readable.Select(r => r.Envelope).ToList(), cancellationToken))
        {
            var ids = readable.Select(r => r.Entry.Id).ToArray();
            await database.StreamAcknowledgeAsync(_stream, subscription.Group, ids);
            await database.HashDeleteAsync(Streams.Attempts(subscription.Topic, subscription.Group), ids);
            return entries.Length;
        }

        foreach (var (entry, envelope) in readable)
        {
            cancellationToken.ThrowIfCancellationRequested();
            await HandleEntryAsync(database, entry, envelope, cancellationToken);
        }

        return entries.Length;
    }

    /// <summary>
    /// The whole batch in one transaction, which is what lets a busy consumer keep up; false when some event in it
    /// fails, and then each is applied on its own so only the bad one is retried or dead-lettered.
    /// </summary>
    private async Task<bool> TryApplyBatchAsync(List<EventEnvelope> envelopes, CancellationToken cancellationToken)
    {
        try
        {
            await ApplyOnceAsync(envelopes, cancellationToken);
            return true;
        }
        catch (Exception ex) when (TransientFailures.IsTransient(ex) && !cancellationToken.IsCancellationRequested)
        {
            _ownPendingFirst = true;
            throw new TransientEventFailureException(envelopes[0].Type, envelopes[0].Id, ex);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            LogBatchFallback(logger, ex, envelopes.Count);
            return false;
        }
    }

    private async Task HandleEntryAsync(IDatabase database, StreamEntry entry, EventEnvelope envelope, CancellationToken cancellationToken)
    {
        try
        {
            await ApplyOnceAsync([envelope], cancellationToken);
            await database.StreamAcknowledgeAsync(_stream, subscription.Group, entry.Id);
            await database.HashDeleteAsync(Streams.Attempts(subscription.Topic, subscription.Group), entry.Id);
        }
        catch (MalformedEventException ex)
        {
            await DeadLetterAsync(database, entry, $"{envelope.Type}: {ex.Message}");
        }
        catch (Exception ex) when (TransientFailures.IsTransient(ex) && !cancellationToken.IsCancellationRequested)
        {
            // Not the event's fault: it stays pending, uncounted, and the consumer backs off before trying it again,
            // so an outage of a service the handler needs never dead-letters an event.
            _ownPendingFirst = true;
            throw new TransientEventFailureException(envelope.Type, envelope.Id, ex);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            var attempts = await database.HashIncrementAsync(Streams.Attempts(subscription.Topic, subscription.Group), entry.Id);
            LogHandlerFailed(logger, ex, envelope.Type, envelope.Id, attempts);
            if (attempts >= options.MaxDeliveries)
            {
                await DeadLetterAsync(database, entry, ex.Message);
            }
        }
    }

    /// <summary>Applies the events not yet in the inbox, in order, with their inbox rows, in one transaction.</summary>
    private async Task ApplyOnceAsync(IReadOnlyList<EventEnvelope> envelopes, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TDbContext>();
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var inbox = db.Set<InboxMessage>();
        var ids = envelopes.Select(e => e.Id).ToList();
        var applied = (await inbox.Where(m => m.Consumer == subscription.Group && ids.Contains(m.EventId)).Select(m => m.EventId).ToListAsync(cancellationToken))
            .ToHashSet(StringComparer.Ordinal);
        foreach (var envelope in envelopes)
        {
            if (!applied.Add(envelope.Id))
            {
                continue;
            }

            using (MessagingTelemetry.StartConsume(envelope, subscription))
            {
                await subscription.ApplyAsync(scope.ServiceProvider, envelope, cancellationToken);
            }

            MessagingTelemetry.CountApplied(subscription, envelope);
            inbox.Add(new InboxMessage { Consumer = subscription.Group, EventId = envelope.Id, ProcessedAt = clock.GetUtcNow() });
        }

        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    private async Task DeadLetterAsync(IDatabase database, StreamEntry entry, string reason)
    {
        MessagingTelemetry.CountDeadLettered(subscription);
        var fields = entry.Values.Append(new NameValueEntry("group", subscription.Group)).Append(new NameValueEntry("reason", reason)).ToArray();
        await database.StreamAddAsync(Streams.DeadLetter(subscription.Topic), fields);
        await database.StreamAcknowledgeAsync(_stream, subscription.Group, entry.Id);
        await database.HashDeleteAsync(Streams.Attempts(subscription.Topic, subscription.Group), entry.Id);
        LogDeadLettered(logger, entry.Id.ToString(), _stream, reason);
    }

    private async Task EnsureGroupAsync(IDatabase database)
    {
        if (_groupReady)
        {
            return;
        }

        try
        {
            // From the start of the stream: a new group sees every event still held, and the inbox skips repeats.
            await database.StreamCreateConsumerGroupAsync(_stream, subscription.Group, "0-0", createStream: true);
        }
        catch (RedisServerException ex) when (ex.Message.StartsWith("BUSYGROUP", StringComparison.Ordinal))
        {
            // The group exists already: another instance, or an earlier run, made it.
        }

        _groupReady = true;
    }

    private async Task SubscribeToWakeUpsAsync()
    {
        try
        {
            await redis.GetSubscriber().SubscribeAsync(RedisChannel.Literal(Streams.WakeChannel(subscription.Topic)), (_, _) => _wake.Notify());
        }
        catch (RedisException ex)
        {
            // Without wake-ups the consumer still polls; StackExchange.Redis resubscribes when Redis returns.
            LogConsumeFailed(logger, ex, _stream, subscription.Group);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Consumer of {Stream} in group {Group} failed; backing off")]
    private static partial void LogConsumeFailed(ILogger logger, Exception exception, string stream, string group);

    [LoggerMessage(Level = LogLevel.Information, Message = "Handling {Type} {EventId} postponed: something it needs is unavailable")]
    private static partial void LogHandlerPostponed(ILogger logger, Exception exception, string type, string eventId);

    [LoggerMessage(Level = LogLevel.Information, Message = "A batch of {Count} events failed together; applying them one by one")]
    private static partial void LogBatchFallback(ILogger logger, Exception exception, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Handler failed for {Type} {EventId} (attempt {Attempts})")]
    private static partial void LogHandlerFailed(ILogger logger, Exception exception, string type, string eventId, long attempts);

    [LoggerMessage(Level = LogLevel.Error, Message = "Entry {EntryId} of {Stream} dead-lettered: {Reason}")]
    private static partial void LogDeadLettered(ILogger logger, string entryId, string stream, string reason);
}

/// <summary>An event could not be applied for a transient reason; it stays pending and is tried again after a pause.</summary>
public sealed class TransientEventFailureException(string eventType, string eventId, Exception inner)
    : Exception($"Handling {eventType} {eventId} postponed", inner)
{
    public string EventType { get; } = eventType;

    public string EventId { get; } = eventId;
}
