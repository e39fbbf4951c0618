using System.Threading.Channels;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace GoingHome.Persistence;

/// <summary>Read audit rows waiting to be written; unbounded so a read never waits on the audit log.</summary>
public sealed class ReadAuditQueue
{
    private readonly Channel<AuditEntity> _channel = Channel.CreateUnbounded<AuditEntity>(new UnboundedChannelOptions { SingleReader = true });

    public ChannelReader<AuditEntity> Reader => _channel.Reader;

    public void Enqueue(AuditEntity record)
    {
        if (!_channel.Writer.TryWrite(record))
        {
            throw new InvalidOperationException("The read audit queue is closed; the service is stopping.");
        }
    }

    public void Complete() => _channel.Writer.TryComplete();
}

/// <summary>Writes read audit rows in batches, at least every second, and drains the queue on shutdown.</summary>
public sealed partial class ReadAuditWriter<TDbContext>(
    ReadAuditQueue queue, IServiceScopeFactory scopes, ILogger<ReadAuditWriter<TDbContext>> logger) : BackgroundService
    where TDbContext : DbContext
{
    public static readonly TimeSpan FlushInterval = TimeSpan.FromSeconds(1);
    private const int MaxBatch = 1000;

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        queue.Complete();
        await base.StopAsync(cancellationToken);

        // The loop below drains the queue; but a host stopped before the loop was first scheduled never ran it.
        var rest = new List<AuditEntity>();
        while (queue.Reader.TryRead(out var record))
        {
            rest.Add(record);
        }

        await FlushAsync(rest);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var batch = new List<AuditEntity>(MaxBatch);
        // Runs until the queue is completed and drained, so rows read before shutdown are still written.
        while (await queue.Reader.WaitToReadAsync(CancellationToken.None))
        {
            using var window = new CancellationTokenSource(FlushInterval);
            try
            {
                while (batch.Count < MaxBatch && await queue.Reader.WaitToReadAsync(window.Token))
                {
                    while (batch.Count < MaxBatch && queue.Reader.TryRead(out var record))
                    {
                        batch.Add(record);
                    }
                }
            }
            catch (OperationCanceledException) when (window.IsCancellationRequested)
            {
                // The window closed: flush what we have.
            }

            await FlushAsync(batch);
        }
    }

    private async Task FlushAsync(List<AuditEntity> batch)
    {
        while (batch.Count > 0)
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                var db = scope.ServiceProvider.GetRequiredService<TDbContext>();
                db.Set<AuditEntity>().AddRange(await WithoutUnknownClaimsAsync(db, batch));
                await db.SaveChangesAsync(CancellationToken.None);
                batch.Clear();
            }
            catch (Exception ex)
            {
                // The database is away: keep the rows and try again rather than lose the audit trail.
                LogFlushFailed(logger, ex, batch.Count);
                await Task.Delay(FlushInterval);
            }
        }
    }

    /// <summary>Rows for tokens that did not validate are kept only when the person they claim has called here before.</summary>
    private static async Task<List<AuditEntity>> WithoutUnknownClaimsAsync(TDbContext db, List<AuditEntity> batch)
    {
        var claimed = batch.Where(r => r.Role == AuditEntity.InvalidToken).Select(r => r.UserId).Distinct().ToList();
        if (claimed.Count == 0)
        {
            return batch;
        }

        var known = await db.Set<AuditEntity>().Where(a => claimed.Contains(a.UserId) && a.Role != AuditEntity.InvalidToken)
            .Select(a => a.UserId).Distinct().ToListAsync();
        var knownInBatch = batch.Where(r => r.Role != AuditEntity.InvalidToken).Select(r => r.UserId);
        var keep = known.Concat(knownInBatch).ToHashSet(StringComparer.Ordinal);
        return [.. batch.Where(r => r.Role != AuditEntity.InvalidToken || keep.Contains(r.UserId))];
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not write {Count} read audit rows; retrying")]
    private static partial void LogFlushFailed(ILogger logger, Exception exception, int count);
}
