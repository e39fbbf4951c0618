using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace GoingHome.Persistence;

/// <summary>Seals new audit rows into the hash chain every second, so a row is tamper-evident within a second or two of being written.</summary>
public sealed partial class AuditSealer<TDbContext>(IServiceScopeFactory scopes, TimeProvider clock, ILogger<AuditSealer<TDbContext>> logger) : BackgroundService
    where TDbContext : DbContext
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval, clock);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                await SealWaitingAsync(stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping; whatever is left is sealed by the next run.
        }
    }

    private async Task SealWaitingAsync(CancellationToken stoppingToken)
    {
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var log = scope.ServiceProvider.GetRequiredService<AuditLog<TDbContext>>();
            while (await log.SealAsync(stoppingToken) == AuditLog<TDbContext>.SealBatch)
            {
                stoppingToken.ThrowIfCancellationRequested();
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The database is away: the rows wait, unsealed, for the next tick.
            LogSealFailed(logger, ex);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not seal audit rows into the chain; retrying")]
    private static partial void LogSealFailed(ILogger logger, Exception exception);
}
