using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace GoingHome.Messaging;

/// <summary>
/// Publishes committed outbox rows to their topic's Redis Stream, then marks them sent. A crash between the two
/// publishes the rows again on restart: delivery is at least once, and consumers de-duplicate by event id.
/// Several instances may run: each locks its batch with SKIP LOCKED.
/// </summary>
public sealed partial class OutboxRelay<TDbContext>(
    IServiceScopeFactory scopes, IConnectionMultiplexer redis, OutboxSignal signal, MessagingOptions options,
    TimeProvider clock, ILogger<OutboxRelay<TDbContext>> logger) : BackgroundService
    where TDbContext : DbContext
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var failureDelay = options.MinPollDelay;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var published = await PublishPendingAsync(stoppingToken);
                failureDelay = options.MinPollDelay;
                if (published < options.RelayBatchSize && await signal.WaitAsync(options.RelayPollInterval, stoppingToken))
                {
                    await Task.Delay(options.RelayLinger, stoppingToken);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                // Redis or PostgreSQL is away: the rows stay unsent and are tried again.
                LogRelayFailed(logger, ex, failureDelay);
                await Task.Delay(failureDelay, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
                failureDelay = TimeSpan.FromTicks(Math.Min(failureDelay.Ticks * 2, options.MaxPollDelay.Ticks));
            }
        }
    }

    /// <summary>Publishes one batch of unsent rows in order; returns how many.</summary>
    public async Task<int> PublishPendingAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TDbContext>();
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var batch = await db.Set<OutboxMessage>()
            .FromSql($"""SELECT * FROM outbox_messages WHERE "SentAt" IS NULL ORDER BY "Sequence" LIMIT {options.RelayBatchSize} FOR UPDATE SKIP LOCKED""")
            .AsNoTracking()
            .ToListAsync(cancellationToken);
        if (batch.Count == 0)
        {
            return 0;
        }

        using var publishing = MessagingTelemetry.StartPublish(batch);
        var database = redis.GetDatabase();
        var appends = batch.Select(message => database.StreamAddAsync(
            Streams.ForTopic(message.Topic),
            [
                new NameValueEntry(Streams.IdField, message.EventId),
                new NameValueEntry(Streams.TypeField, message.Type),
                new NameValueEntry(Streams.PayloadField, message.Envelope),
            ],
            maxLength: options.StreamMaxLength,
            useApproximateMaxLength: true)).ToList();
        await Task.WhenAll(appends);

        var now = clock.GetUtcNow();
        var sequences = batch.Select(m => m.Sequence).ToArray();
        await db.Set<OutboxMessage>().Where(m => sequences.Contains(m.Sequence))
            .ExecuteUpdateAsync(set => set.SetProperty(m => m.SentAt, now), cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        MessagingTelemetry.CountPublished(batch);

        foreach (var topic in batch.Select(m => m.Topic).Distinct())
        {
            await redis.GetSubscriber().PublishAsync(RedisChannel.Literal(Streams.WakeChannel(topic)), "1", CommandFlags.FireAndForget);
        }

        return batch.Count;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Outbox relay failed; retrying in {Delay}")]
    private static partial void LogRelayFailed(ILogger logger, Exception exception, TimeSpan delay);
}
