using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace GoingHome.Testing;

/// <summary>Process helpers for servers the tests start from the machine's own binaries (no Docker here).</summary>
public static class LocalProcess
{
    public static bool IsRoot => Environment.UserName == "root";

    // Below Linux's ephemeral range (32768-60999): a port the kernel hands out for bind(0) is also one it may give
    // any outgoing connection as its local port before the server we picked it for has bound it.
    private const int FirstPort = 20000;
    private const int LastPort = 32000;
    private static readonly HashSet<int> HandedOut = [];

    /// <summary>A loopback port free now, never handed out before in this test run, outside the ephemeral range.</summary>
    public static int FreePort()
    {
        lock (HandedOut)
        {
            while (true)
            {
                var port = Random.Shared.Next(FirstPort, LastPort);
                if (HandedOut.Add(port) && CanBind(port))
                {
                    return port;
                }
            }
        }
    }

    private static bool CanBind(int port)
    {
        try
        {
            using var listener = new TcpListener(IPAddress.Loopback, port);
            listener.Start();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    /// <summary>Runs a command to completion; throws with its output when it fails.</summary>
    public static string Run(string file, params string[] args)
    {
        using var process = Process.Start(Info(file, args)) ?? throw new InvalidOperationException($"Could not start {file}");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{file} {string.Join(' ', args)} exited {process.ExitCode}: {error.Result}{output.Result}");
        }

        return output.Result;
    }

    /// <summary>SIGKILLs every process whose command line mentions <paramref name="pattern"/>; true if any was found.</summary>
    public static bool KillAll(string pattern)
    {
        using var process = Process.Start(Info("pkill", ["-9", "-f", pattern])) ?? throw new InvalidOperationException("Could not start pkill");
        process.WaitForExit();
        return process.ExitCode == 0;
    }

    public static Process Start(string file, params string[] args) => Start(file, args, _ => { });

    /// <summary>Starts a server, handing each line it writes to <paramref name="output"/>.</summary>
    public static Process Start(string file, string[] args, Action<string> output)
    {
        var process = Process.Start(Info(file, args)) ?? throw new InvalidOperationException($"Could not start {file}");
        process.OutputDataReceived += (_, e) => output(e.Data ?? "");
        process.ErrorDataReceived += (_, e) => output(e.Data ?? "");
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    /// <summary>PostgreSQL refuses to run as root: run its tools as the postgres user when we are root.</summary>
    public static (string File, string[] Args) AsPostgresUser(string file, params string[] args) =>
        IsRoot ? ("runuser", ["-u", "postgres", "--", file, .. args]) : (file, args);

    public static string FindBinary(string name, params string[] extraDirectories)
    {
        var path = Environment.GetEnvironmentVariable("PATH")?.Split(':') ?? [];
        foreach (var directory in path.Concat(extraDirectories))
        {
            var candidate = Path.Combine(directory, name);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new InvalidOperationException($"{name} was not found on PATH or in {string.Join(", ", extraDirectories)}; run ./test.sh, which installs it.");
    }

    public static async Task WaitUntilAsync(Func<Task<bool>> ready, TimeSpan timeout, string what)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                if (await ready())
                {
                    return;
                }
            }
            catch (Exception) when (DateTime.UtcNow < deadline)
            {
                // Not up yet.
            }

            await Task.Delay(100);
        }

        throw new TimeoutException($"{what} did not become ready within {timeout.TotalSeconds}s");
    }

    private static ProcessStartInfo Info(string file, string[] args)
    {
        var info = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        return info;
    }
}
