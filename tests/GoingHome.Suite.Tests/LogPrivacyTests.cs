using System.Collections.Concurrent;
using System.Net;
using System.Text;
using GoingHome.Case.V1;
using GoingHome.Pathway.V1;
using GoingHome.ServiceDefaults.Grpc;
using GoingHome.Testing;
using static GoingHome.Suite.Tests.Team;

namespace GoingHome.Suite.Tests;

/// <summary>
/// No personal data in logs: the six services at their default log level, exporting logs over OTLP to a collector of
/// this test's own, carry a child through Case, Pathway, Assessment and Approvals (every service reading the child's
/// record from Case on the way); then every console line and every exported log batch is searched for the child's name
/// and date of birth.
/// </summary>
public sealed class LogPrivacyTests(LogPrivacyTests.VerboseSuite suite) : IClassFixture<LogPrivacyTests.VerboseSuite>
{
    /// <summary>The suite at Information level, with an OTLP (HTTP/protobuf) collector that keeps every request body.</summary>
    public sealed class VerboseSuite : ProcessSuite, IDisposable
    {
        private readonly HttpListener _collector = new();
        private readonly int _port = LocalProcess.FreePort();

        public ConcurrentQueue<byte[]> Exported { get; } = new();

        public ConcurrentQueue<string> ConsoleLines { get; } = new();

        protected override IReadOnlyDictionary<string, string> Settings => new Dictionary<string, string>
        {
            ["Logging__LogLevel__Default"] = "Information",
            ["OTEL_EXPORTER_OTLP_ENDPOINT"] = $"http://127.0.0.1:{_port}",
            ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf",
            ["OTEL_BLRP_SCHEDULE_DELAY"] = "200",
        };

        public override async Task InitializeAsync()
        {
            _collector.Prefixes.Add($"http://127.0.0.1:{_port}/");
            _collector.Start();
            _ = CollectAsync();
            await base.InitializeAsync();
            foreach (var process in Processes.Values.SelectMany(copies => copies))
            {
                process.LineWritten += ConsoleLines.Enqueue;
            }
        }

        public override async Task DisposeAsync()
        {
            await base.DisposeAsync();
            _collector.Close();
        }

        public void Dispose() => ((IDisposable)_collector).Dispose();

        private async Task CollectAsync()
        {
            while (_collector.IsListening)
            {
                HttpListenerContext context;
                try
                {
                    context = await _collector.GetContextAsync();
                }
                catch (Exception e) when (e is HttpListenerException or ObjectDisposedException)
                {
                    return;
                }

                using var body = new MemoryStream();
                await context.Request.InputStream.CopyToAsync(body);
                if (context.Request.Url?.AbsolutePath == "/v1/logs")
                {
                    Exported.Enqueue(body.ToArray());
                }

                context.Response.StatusCode = 200;
                context.Response.Close();
            }
        }
    }

    [Fact(DisplayName = "Least privilege: no child's name or date of birth in any service's console log or OTLP log export")]
    public async Task NoPersonalDataInLogs()
    {
        var team = new Team(suite, "privacy");
        var child = await team.ChildEntersCareAsync(12, LegalStatus.Section20, 40, JourneyTests.Family());
        var record = await team.SocialWorker.Case.GetChildAsync(new GetChildRequest { Id = child.Id });
        await team.SocialWorker.Pathway.RecordSection20TriggerAsync(Section20Trigger(child.Id, GoingHome.Pathway.V1.Section20Trigger.UnplannedReturn, Today.AddDays(-1)));
        Assert.True((await team.MakeReturnReadyAsync(child, JourneyTests.LowRisk, "Grace")).Ready);
        await team.SocialWorker.Approvals.EvaluatePolicyAsync(new GoingHome.Approvals.V1.EvaluatePolicyRequest { ChildId = child.Id, Action = "return-home" });

        // Logs are exported in batches every 200 ms: wait until exporting has settled (a second with no new batch).
        var seen = -1;
        await EventuallyAsync(async () =>
        {
            var now = suite.Exported.Count;
            var settled = now > 0 && now == seen;
            seen = now;
            await Task.Delay(TimeSpan.FromSeconds(1));
            return settled;
        }, "the services' log batches to be exported");
        Assert.NotEmpty(suite.ConsoleLines);

        var born = record.DateOfBirth.ToDateOnly()!.Value;
        string[] personal = [record.FamilyName, $"{born:yyyy-MM-dd}", $"\"year\": {born.Year}, \"month\": {born.Month}, \"day\": {born.Day}", "Grace"];
        foreach (var value in personal)
        {
            Assert.DoesNotContain(suite.ConsoleLines, line => line.Contains(value, StringComparison.Ordinal));
            var bytes = Encoding.UTF8.GetBytes(value);
            Assert.DoesNotContain(suite.Exported, batch => batch.AsSpan().IndexOf(bytes) >= 0);
        }
    }
}
