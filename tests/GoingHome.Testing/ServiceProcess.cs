using System.Collections.Concurrent;
using System.Diagnostics;

namespace GoingHome.Testing;

/// <summary>
/// A GoingHome service as a real separate process (the build's own output), so a test can kill it without warning
/// and start it again on the same ports and database.
/// </summary>
public sealed class ServiceProcess(string project, IReadOnlyDictionary<string, string> environment, int grpcPort, int webPort) : IAsyncDisposable
{
    private readonly ConcurrentQueue<string> _output = new();
    private Process? _process;

    public ServiceProcess(string project, IReadOnlyDictionary<string, string> environment)
        : this(project, environment, LocalProcess.FreePort(), LocalProcess.FreePort())
    {
    }

    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(90);

    public string Project => project;

    public int GrpcPort => grpcPort;

    public int WebPort => webPort;

    /// <summary>The operating system's process id while it runs (for its resident memory), else null.</summary>
    public int? ProcessId => _process is { HasExited: false } running ? running.Id : null;

    public string GrpcAddress => $"http://127.0.0.1:{GrpcPort}";

    /// <summary>The last lines the service wrote, for a failing test's message.</summary>
    public string RecentOutput => string.Join('\n', _output);

    /// <summary>Every line the service writes to its console, as it writes it (a test that reads all of its logs).</summary>
    public event Action<string>? LineWritten;

    /// <summary>The service's own build output next to this test's (same configuration).</summary>
    public static string AssemblyPath(string project)
    {
        var configuration = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)).Parent!.Name;
        var path = Repository.Path("services", project, "bin", configuration, "net10.0", $"{project}.dll");
        return File.Exists(path) ? path : throw new FileNotFoundException($"Build {project} ({configuration}) first", path);
    }

    public async Task StartAsync()
    {
        var info = new ProcessStartInfo("dotnet", [AssemblyPath(project)])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetDirectoryName(AssemblyPath(project))!,
        };
        info.Environment["GRPC_PORT"] = GrpcPort.ToString(System.Globalization.CultureInfo.InvariantCulture);
        info.Environment["WEB_PORT"] = WebPort.ToString(System.Globalization.CultureInfo.InvariantCulture);
        info.Environment["ASPNETCORE_ENVIRONMENT"] = "Testing";
        info.Environment["Logging__LogLevel__Default"] = "Warning";
        info.Environment["Logging__LogLevel__Microsoft.Hosting.Lifetime"] = "Information";
        foreach (var (key, value) in environment)
        {
            info.Environment[key] = value;
        }

        _process = Process.Start(info) ?? throw new InvalidOperationException($"Could not start {project}");
        _process.OutputDataReceived += (_, e) => Keep(e.Data);
        _process.ErrorDataReceived += (_, e) => Keep(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();

        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var started = Stopwatch.StartNew();
        while (started.Elapsed < StartTimeout)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"{project} exited with {_process.ExitCode} before answering /alive:\n{RecentOutput}");
            }

            try
            {
                if ((await http.GetAsync(new Uri($"http://127.0.0.1:{WebPort}/alive"))).IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            catch (TaskCanceledException)
            {
                // Listening but not answering yet.
            }

            await Task.Delay(100);
        }

        throw new TimeoutException($"{project} did not answer /alive within {StartTimeout.TotalSeconds}s:\n{RecentOutput}");
    }

    /// <summary>SIGKILL: no shutdown hooks, no draining; whatever was in flight is cut off.</summary>
    public async Task KillAsync()
    {
        if (_process is { HasExited: false })
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process?.Dispose();
        _process = null;
    }

    public async ValueTask DisposeAsync() => await KillAsync();

    private void Keep(string? line)
    {
        if (line is null)
        {
            return;
        }

        LineWritten?.Invoke(line);
        _output.Enqueue(line);
        while (_output.Count > 200)
        {
            _output.TryDequeue(out _);
        }
    }
}
