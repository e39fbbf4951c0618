using System.Globalization;

namespace GoingHome.Benchmarks;

/// <summary>
/// One of the suite's processes, read from /proc: resident memory, and CPU time, so a run can say where its CPU went
/// (each service, and the rest of the machine: PostgreSQL, Redis, the dashboard, DCP's proxies and this client).
/// </summary>
public sealed record SuiteProcess(string Name, int Pid)
{
    private const double TicksPerSecond = 100;

    /// <summary>
    /// The processes running now whose command line matches a pattern, as NAME=REGEX (PostgreSQL's backends are
    /// started as connections open, so they are looked for when the measured time starts).
    /// </summary>
    public static IEnumerable<SuiteProcess> Matching(string option)
    {
        var (name, pattern) = option.Split('=', 2) is [var n, var p] ? (n, new System.Text.RegularExpressions.Regex(p)) : throw new ArgumentException($"NAME=REGEX expected: {option}");
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(directory), CultureInfo.InvariantCulture, out var pid) && TryReadCommandLine(directory) is { } commandLine && pattern.IsMatch(commandLine))
            {
                yield return new SuiteProcess(name, pid);
            }
        }
    }

    private static string? TryReadCommandLine(string directory)
    {
        try
        {
            return File.ReadAllText(Path.Combine(directory, "cmdline")).Replace('\0', ' ').TrimEnd();
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>NAME=PID, or a bare PID.</summary>
    public static SuiteProcess Parse(string option) => option.Split('=', 2) is [var name, var pid]
        ? new SuiteProcess(name, int.Parse(pid, CultureInfo.InvariantCulture))
        : new SuiteProcess($"pid {option}", int.Parse(option, CultureInfo.InvariantCulture));

    public long ResidentMegabytes()
    {
        var line = File.ReadLines($"/proc/{Pid}/status").First(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
        return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / 1024;
    }

    /// <summary>
    /// User and system CPU seconds the process has used (fields 14 and 15 of /proc/PID/stat); null once it has exited
    /// (a short-lived PostgreSQL worker can).
    /// </summary>
    public double? CpuSeconds()
    {
        string stat;
        try
        {
            stat = File.ReadAllText($"/proc/{Pid}/stat");
        }
        catch (IOException)
        {
            return null;
        }

        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return (long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture)) / TicksPerSecond;
    }

    /// <summary>CPU seconds the whole machine has been busy (not idle, not waiting for I/O), from /proc/stat.</summary>
    public static double MachineBusySeconds()
    {
        var ticks = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1)
            .Select(t => long.Parse(t, CultureInfo.InvariantCulture)).ToArray();
        return (ticks.Take(8).Sum() - ticks[3] - ticks[4]) / TicksPerSecond;
    }
}
