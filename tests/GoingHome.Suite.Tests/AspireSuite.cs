using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using GoingHome.Testing;

namespace GoingHome.Suite.Tests;

/// <summary>
/// The suite as ops run it: the AppHost (Projects.GoingHome_AppHost) started through Aspire.Hosting.Testing, with
/// PostgreSQL and Redis as the AppHost's local processes in a throwaway folder, on ports of its own choosing, and the
/// test's signing key as the AppHost's parameter. Ready once Aspire reports every service healthy.
/// </summary>
public class AspireSuite : Suite
{
    private readonly string _dataFolder = Directory.CreateTempSubdirectory("goinghome-aspire-").FullName;

    public AspireSuite()
    {
        // Run as root, the AppHost's PostgreSQL runs as the postgres user, who must reach its folder inside this one.
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(_dataFolder, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
            | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
        }
    }
    private readonly Dictionary<string, string> _connectionStrings = [];
    private DistributedApplication? _app;

    private const string WebApp = "web";

    private DistributedApplication App => _app ?? throw new InvalidOperationException("The AppHost has not started.");

    public override async Task InitializeAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.GoingHome_AppHost>(
            [
                "--GoingHome:Infrastructure=processes",
                $"--GoingHome:DataFolder={_dataFolder}",
                $"--Parameters:auth-signing-key={TestTokens.SigningKey}",
                "--DcpPublisher:RandomizePorts=true",
                // The AppHost's own warnings reach the test log; the resources' consoles (every SQL error PostgreSQL
                // logs while EF probes its history table) do not.
                "--Logging:LogLevel:Default=Warning",
                "--Logging:LogLevel:GoingHome.AppHost.Resources=None",
            ],
            (options, _) => options.DisableDashboard = true,
            timeout.Token);
        foreach (var project in builder.Resources.OfType<ProjectResource>())
        {
            // Events are relayed within a fifth of a second, so journeys wait on them briefly.
            builder.CreateResourceBuilder(project).WithEnvironment("Messaging__MaxPollDelay", "00:00:00.200");
        }

        _app = await builder.BuildAsync(timeout.Token);
        await _app.StartAsync(timeout.Token);
        await _app.ResourceNotifications.WaitForResourceHealthyAsync(WebApp, timeout.Token);
        foreach (var (name, _, database) in Services)
        {
            await _app.ResourceNotifications.WaitForResourceHealthyAsync(name, timeout.Token);
            _connectionStrings[database] = await _app.GetConnectionStringAsync(database, timeout.Token)
                ?? throw new InvalidOperationException($"The AppHost gives no connection string for {database}.");
        }
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }

        Directory.Delete(_dataFolder, recursive: true);
    }

    public override Uri GrpcAddress(string service, int instance = 0) => App.GetEndpoint(service, "http");

    /// <summary>The reference web app, at the origin every service allows.</summary>
    public Uri WebAppAddress => App.GetEndpoint(WebApp, "http");

    protected override string ConnectionString(string database) => _connectionStrings[database];
}
