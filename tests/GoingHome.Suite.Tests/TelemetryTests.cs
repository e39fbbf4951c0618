using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Text;
using GoingHome.Case.V1;
using GoingHome.Pathway.V1;
using GoingHome.ServiceDefaults.Grpc;
using GoingHome.Testing;
using static GoingHome.Suite.Tests.Team;

namespace GoingHome.Suite.Tests;

/// <summary>
/// What the services export over OTLP, to a collector of this test's own. No personal data in logs: the six services at
/// their default log level carry a child through Case, Pathway, Assessment and Approvals (every service reading the
/// child's record from Case on the way); then every console line and every exported log batch is searched for the
/// child's name and date of birth. Traces follow the work: one trace id from a request to the event consumers.
/// </summary>
public sealed class TelemetryTests(TelemetryTests.VerboseSuite suite) : IClassFixture<TelemetryTests.VerboseSuite>
{
    /// <summary>The suite at Information level, with an OTLP (HTTP/protobuf) collector that keeps every request body.</summary>
    public sealed class VerboseSuite : ProcessSuite, IDisposable
    {
        private readonly HttpListener _collector = new();
        private readonly int _port = LocalProcess.FreePort();

        public ConcurrentQueue<byte[]> Exported { get; } = new();

        public ConcurrentQueue<byte[]> ExportedTraces { get; } = new();

        public ConcurrentQueue<byte[]> ExportedMetrics { get; } = new();

        public ConcurrentQueue<string> ConsoleLines { get; } = new();

        protected override IReadOnlyDictionary<string, string> Settings => new Dictionary<string, string>
        {
            ["Logging__LogLevel__Default"] = "Information",
            ["OTEL_EXPORTER_OTLP_ENDPOINT"] = $"http://127.0.0.1:{_port}",
            ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf",
            ["OTEL_BLRP_SCHEDULE_DELAY"] = "200",
            ["OTEL_BSP_SCHEDULE_DELAY"] = "200",
            ["OTEL_METRIC_EXPORT_INTERVAL"] = "500",
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
                switch (context.Request.Url?.AbsolutePath)
                {
                    case "/v1/logs":
                        Exported.Enqueue(body.ToArray());
                        break;
                    case "/v1/traces":
                        ExportedTraces.Enqueue(body.ToArray());
                        break;
                    case "/v1/metrics":
                        ExportedMetrics.Enqueue(body.ToArray());
                        break;
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

    [Fact(DisplayName = "Telemetry: one trace follows a return-home request from Pathway through Approvals and Case to the event consumers")]
    public async Task One_trace_follows_the_work_across_services_and_events()
    {
        var team = new Team(suite, "trace");
        var child = await team.ChildReadyToGoHomeAsync(LegalStatus.InterimCareOrder, 30, plannedInDays: 45);
        var plan = await team.ReturnHomePlanAsync(child.Id);

        // The caller starts the trace, as a front end or integrator with OpenTelemetry would: W3C traceparent.
        var traceId = ActivityTraceId.CreateRandom();
        var asked = await team.SocialWorker.Pathway.RequestReturnHomeApprovalsAsync(
            new RequestReturnHomeApprovalsRequest { ChildId = child.Id, RequestId = NewId(), PlanDocumentId = plan },
            new Grpc.Core.Metadata { { "traceparent", $"00-{traceId}-{ActivitySpanId.CreateRandom()}-01" } });

        var id = new byte[16];
        traceId.CopyTo(id);
        // Pathway handles the request and calls Approvals, which reads the child from Case; the events both raise
        // are applied by the Notifications consumer, whose span continues the same trace from the envelope.
        string[] services = ["pathway", "approvals", "case", "notifications"];
        await EventuallyAsync(
            () => Task.FromResult(services.All(service => suite.ExportedTraces.Any(batch => batch.AsSpan().IndexOf(id) >= 0 && batch.AsSpan().IndexOf(ServiceName(service)) >= 0))),
            "spans of the caller's trace from " + string.Join(", ", services));
        Assert.Contains(suite.ExportedTraces, batch => batch.AsSpan().IndexOf(id) >= 0 && batch.AsSpan().IndexOf("consume goinghome.events.v1."u8) >= 0);

        // The suite's own meter counts the work: events published and applied, a step decided, notices delivered.
        var returnHome = await Task.WhenAll(asked.ApprovalRequestIds.Select(async request =>
            await team.SocialWorker.Approvals.GetApprovalRequestAsync(new GoingHome.Approvals.V1.GetApprovalRequestRequest { Id = request })));
        await DecideAsync(team.ServiceManager, returnHome.Single(r => r.Action == "return-home").Id);
        string[] counters = ["goinghome.events.published", "goinghome.events.applied", "goinghome.approvals.steps_decided", "goinghome.notifications.delivered"];
        await EventuallyAsync(
            () => Task.FromResult(counters.All(name => suite.ExportedMetrics.Any(batch => batch.AsSpan().IndexOf(Encoding.UTF8.GetBytes(name)) >= 0))),
            "the GoingHome meter's counters exported: " + string.Join(", ", counters));
    }

    /// <summary>The OTLP resource attribute service.name = <paramref name="service"/>, as protobuf encodes it.</summary>
    private static byte[] ServiceName(string service) =>
        [0x0A, 12, .. "service.name"u8, 0x12, (byte)(service.Length + 2), 0x0A, (byte)service.Length, .. Encoding.UTF8.GetBytes(service)];
}
