using GoingHome.ServiceDefaults.Telemetry;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace GoingHome.Messaging;

/// <summary>
/// A scan that runs every <see cref="Interval"/> on the injected clock (so tests move time instead of waiting). One
/// failed pass is logged and the next interval tries again. Subclasses take a <see cref="RedisLock"/> in
/// <see cref="ScanOnceAsync"/> so two instances never scan at once.
/// </summary>
public abstract partial class ScheduledScan(TimeProvider clock, ILogger logger) : BackgroundService
{
    protected abstract TimeSpan Interval { get; }

    protected TimeProvider Clock => clock;

    /// <summary>One pass; returns how many things it raised, or null when another instance holds the lock.</summary>
    public abstract Task<int?> ScanOnceAsync(CancellationToken cancellationToken);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            using (var scan = SuiteMetrics.Source.StartActivity($"scan {GetType().Name}"))
            {
                try
                {
                    // Outside the null-conditional call: with no listener the span is null, and the scan must still run.
                    var raised = await ScanOnceAsync(stoppingToken);
                    scan?.SetTag("goinghome.scan.raised", raised);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    scan?.SetStatus(System.Diagnostics.ActivityStatusCode.Error);
                    LogScanFailed(logger, ex, GetType().Name);
                }
            }

            await Task.Delay(Interval, clock, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Scan} failed; trying again next interval")]
    private static partial void LogScanFailed(ILogger logger, Exception exception, string scan);
}
