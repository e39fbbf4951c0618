using System.Text.RegularExpressions;
using GoingHome.Testing;

namespace GoingHome.Platform.Tests;

/// <summary>
/// The Aspire AppHost is not built here (no Aspire packages), so this reads it as text: it must declare, resource for
/// resource, what ./run.sh starts: the same services on the same ports with the same databases, Postgres and Redis.
/// </summary>
public sealed partial class AppHostParityTests
{
    [Fact]
    public void The_AppHost_declares_what_the_runner_starts()
    {
        var runner = File.ReadAllText(Repository.Path("run.sh"));
        var appHost = File.ReadAllText(Repository.Path("apphost", "GoingHome.AppHost", "AppHost.cs"));

        var runnerServices = RunnerService().Matches(runner)
            .Select(m => $"{m.Groups["name"].Value}|{m.Groups["project"].Value}|{m.Groups["db"].Value}|{m.Groups["grpc"].Value}|{m.Groups["web"].Value}")
            .Order().ToList();
        var databaseVariables = AppHostDatabase().Matches(appHost).ToDictionary(m => m.Groups["variable"].Value, m => m.Groups["db"].Value);
        var appHostServices = AppHostService().Matches(appHost)
            .Select(m => $"{m.Groups["name"].Value}|{m.Groups["project"].Value.Replace('_', '.')}|{databaseVariables[m.Groups["db"].Value]}|{m.Groups["grpc"].Value}|{m.Groups["web"].Value}")
            .Order().ToList();

        Assert.Equal(6, runnerServices.Count);
        Assert.Equal(runnerServices, appHostServices);
        var runnerDatabases = RunnerDatabases().Match(runner).Groups["list"].Value.Split(' ', StringSplitOptions.RemoveEmptyEntries).Order();
        Assert.Equal(runnerDatabases, databaseVariables.Values.Order());
        Assert.Contains("AddRedis(\"redis\")", appHost, StringComparison.Ordinal);
        Assert.Contains("ConnectionStrings__redis", runner, StringComparison.Ordinal);
    }

    [GeneratedRegex(@"""(?<name>[a-z]+)\|(?<project>GoingHome\.[A-Za-z]+)\|(?<db>[a-z]+)\|(?<grpc>\d+)\|(?<web>\d+)""")]
    private static partial Regex RunnerService();

    [GeneratedRegex(@"DATABASES=\((?<list>[^)]*)\)")]
    private static partial Regex RunnerDatabases();

    [GeneratedRegex(@"var (?<variable>[a-z]+) = postgres\.AddDatabase\(""(?<db>[a-z]+)""\)")]
    private static partial Regex AppHostDatabase();

    [GeneratedRegex(@"AddService<Projects\.(?<project>GoingHome_[A-Za-z]+)>\(""(?<name>[a-z]+)"", (?<db>[a-z]+), (?<grpc>\d+), (?<web>\d+)\)")]
    private static partial Regex AppHostService();
}
