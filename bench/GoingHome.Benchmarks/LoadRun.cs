using System.Diagnostics;

namespace GoingHome.Benchmarks;

/// <summary>What one closed-loop load run measured.</summary>
public sealed record LoadResult(string Name, long Operations, long Errors, TimeSpan Elapsed, double P50Ms, double P99Ms)
{
    public double PerSecond => Operations / Elapsed.TotalSeconds;

    public override string ToString() =>
        $"{Name,-34} {PerSecond,10:F0} ops/s   p50 {P50Ms,7:F2} ms   p99 {P99Ms,7:F2} ms   errors {Errors}";
}

/// <summary>Runs an operation from N concurrent workers for a fixed time (bounded), recording each call's latency.</summary>
public static class LoadRun
{
    /// <param name="measuring">Called once the warm-up is over, as the measured time starts.</param>
    public static async Task<LoadResult> RunAsync(string name, int concurrency, TimeSpan warmup, TimeSpan duration, Func<int, Task> operation, Action? measuring = null)
    {
        await RunWorkersAsync(concurrency, warmup, operation, recordInto: null);
        measuring?.Invoke();
        var latencies = new List<double>[concurrency];
        var errors = new long[concurrency];
        var stopwatch = Stopwatch.StartNew();
        await RunWorkersAsync(concurrency, duration, operation, latencies, errors);
        stopwatch.Stop();

        var all = latencies.SelectMany(l => l).Order().ToArray();
        return new LoadResult(name, all.Length, errors.Sum(), stopwatch.Elapsed, Percentile(all, 0.50), Percentile(all, 0.99));
    }

    private static Task RunWorkersAsync(int concurrency, TimeSpan duration, Func<int, Task> operation, List<double>[]? recordInto, long[]? errors = null)
    {
        var end = Stopwatch.GetTimestamp() + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        return Task.WhenAll(Enumerable.Range(0, concurrency).Select(worker => Task.Run(async () =>
        {
            var mine = new List<double>(capacity: 100_000);
            if (recordInto is not null)
            {
                recordInto[worker] = mine;
            }

            for (var i = 0; Stopwatch.GetTimestamp() < end; i++)
            {
                var start = Stopwatch.GetTimestamp();
                try
                {
                    await operation(worker * 1_000_000 + i);
                    mine.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
                }
                catch (Exception) when (errors is not null)
                {
                    errors[worker]++;
                }
            }
        })));
    }

    public static double Percentile(double[] sorted, double p) =>
        sorted.Length == 0 ? double.NaN : sorted[Math.Min(sorted.Length - 1, (int)(p * sorted.Length))];
}
