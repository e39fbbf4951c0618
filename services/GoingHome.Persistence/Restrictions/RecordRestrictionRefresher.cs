using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace GoingHome.Persistence.Restrictions;

/// <summary>
/// Reloads the restricted children every second, so a restriction applied by this service's consumer (or, in Case, by
/// another instance) holds here within a second of its commit. If the first load fails (the database away at start),
/// calls that touch a child are answered UNAVAILABLE until one succeeds (<see cref="RecordRestrictions"/>).
/// </summary>
public sealed partial class RecordRestrictionRefresher<TDbContext>(
    IServiceScopeFactory scopes, RecordRestrictions restrictions, ILogger<RecordRestrictionRefresher<TDbContext>> logger) : BackgroundService
    where TDbContext : DbContext
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);

    /// <summary>The first load, before the host starts serving (hosted services start before the web server).</summary>
    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        await ReloadAsync(cancellationToken);
        await base.StartAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Freshness runs on the wall clock, not the injected one: a test that holds case time still must not hold a
        // restriction back.
        using var timer = new PeriodicTimer(Interval, TimeProvider.System);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                await ReloadAsync(stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping.
        }
    }

    private async Task ReloadAsync(CancellationToken stoppingToken)
    {
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            await restrictions.ReloadAsync(scope.ServiceProvider.GetRequiredService<TDbContext>(), stoppingToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The database is away: the last list read stays in force until it is back.
            LogReloadFailed(logger, ex);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not reload the restricted records; keeping the last list read")]
    private static partial void LogReloadFailed(ILogger logger, Exception exception);
}
