using System.Diagnostics;

namespace GoingHome.AppHost.Local;

/// <summary>
/// Where PostgreSQL and Redis run: containers where a container runtime answers, local processes otherwise (many
/// council laptops have no container runtime, or one that is not allowed to run). <c>GoingHome:Infrastructure</c>
/// (processes, containers) decides instead of the probe.
/// </summary>
public enum InfrastructureMode
{
    Processes,
    Containers,
}

public static class InfrastructureModes
{
    public static InfrastructureMode Choose(string? configured) => configured?.ToLowerInvariant() switch
    {
        "processes" => InfrastructureMode.Processes,
        "containers" => InfrastructureMode.Containers,
        null or "" or "auto" => ContainerRuntimeAnswers() ? InfrastructureMode.Containers : InfrastructureMode.Processes,
        _ => throw new InvalidOperationException($"GoingHome:Infrastructure is '{configured}': use processes, containers or auto."),
    };

    private static bool ContainerRuntimeAnswers()
    {
        try
        {
            using var docker = Process.Start(new ProcessStartInfo("docker", ["info", "--format", "{{.ServerVersion}}"])
            {
                RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
            });
            if (docker is null || !docker.WaitForExit(TimeSpan.FromSeconds(5)))
            {
                docker?.Kill(entireProcessTree: true);
                return false;
            }

            return docker.ExitCode == 0;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return false;
        }
    }
}
