using System.Diagnostics;
using GoingHome.Testing;

namespace GoingHome.Suite.Tests;

/// <summary>A Node script run against the suite to its end, or stopped at a time limit: the clients that are not .NET.</summary>
public static class NodeScript
{
    public sealed record Outcome(bool TimedOut, int ExitCode, string Output, string Errors)
    {
        public bool Succeeded => !TimedOut && ExitCode == 0;

        public override string ToString() => $"{(TimedOut ? "did not finish in time" : $"exited {ExitCode}")}:\n{Errors}\n{Output}";
    }

    public static async Task<Outcome> RunAsync(string[] args, string workingDirectory, IReadOnlyDictionary<string, string> environment, TimeSpan timeLimit)
    {
        var info = new ProcessStartInfo(LocalProcess.FindBinary("node"), args)
        {
            RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = workingDirectory,
        };
        foreach (var (name, value) in environment)
        {
            info.Environment[name] = value;
        }

        using var node = Process.Start(info)!;
        var output = node.StandardOutput.ReadToEndAsync();
        var errors = node.StandardError.ReadToEndAsync();
        var finished = node.WaitForExitAsync();
        var timedOut = await Task.WhenAny(finished, Task.Delay(timeLimit)) != finished;
        if (timedOut)
        {
            node.Kill(entireProcessTree: true);
            await node.WaitForExitAsync();
        }

        return new Outcome(timedOut, node.ExitCode, await output, await errors);
    }
}
