using System.Diagnostics;
using System.Text.Json;
using GoingHome.ServiceDefaults.Auth;
using GoingHome.Testing;

namespace GoingHome.Suite.Tests;

/// <summary>
/// An integrator who does not use .NET: clients/node/return-home.mjs, Node with @grpc/grpc-js loading protos/ at run
/// time, drives a Section 20 return against the running suite, receives the signed webhook as an integrator and finds
/// the same event in the pull feed.
/// </summary>
[Collection(SuiteCollection.Name)]
public sealed class NodeClientTests(SharedSuite suite)
{
    [Fact(DisplayName = "NT-3 / NT-5 / S20-6: a Node client over protos/ syncs a child from its system of record, drives a return home, verifies the signed webhook and finds the event in the feed")]
    public async Task NT5_NodeClientDrivesAReturnAndReceivesTheWebhook()
    {
        var info = new ProcessStartInfo(LocalProcess.FindBinary("node"), [Repository.Path("clients", "node", "return-home.mjs")])
        {
            RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = Repository.Path(),
        };
        foreach (var service in new[] { "case", "approvals", "assessment", "notifications", "pathway" })
        {
            info.Environment[$"GOINGHOME_{service.ToUpperInvariant()}"] = $"127.0.0.1:{suite.GrpcAddress(service).Port}";
        }

        foreach (var (variable, user, role) in new[]
                 {
                     ("SW", "sw-node", Roles.SocialWorker), ("TM", "tm-node", Roles.TeamManager), ("IRO", "iro-node", Roles.IndependentReviewingOfficer),
                     ("SM", "sm-node", Roles.ServiceManager), ("HOS", "hos-node", Roles.HeadOfService), ("DIRECTOR", "director-node", Roles.Director), ("INTEGRATOR", "lcs-integration", Roles.Integrator),
                 })
        {
            info.Environment[$"GOINGHOME_TOKEN_{variable}"] = TestTokens.For(user, role);
        }

        using var node = Process.Start(info)!;
        var output = node.StandardOutput.ReadToEndAsync();
        var errors = node.StandardError.ReadToEndAsync();
        await node.WaitForExitAsync(new CancellationTokenSource(TimeSpan.FromMinutes(3)).Token);
        Assert.True(node.ExitCode == 0, $"node exited {node.ExitCode}: {await errors}{await output}");

        using var result = JsonDocument.Parse(await output);
        Assert.Equal("SECTION20_STATE_COMPLETED", result.RootElement.GetProperty("s20").GetString());
        Assert.Equal("goinghome.events.v1.ChildReturnedHome", result.RootElement.GetProperty("webhook").GetString());
        Assert.StartsWith("member:", Assert.Single(result.RootElement.GetProperty("told").EnumerateArray()).GetString(), StringComparison.Ordinal);
        Assert.Equal(result.RootElement.GetProperty("webhookEventId").GetString(), result.RootElement.GetProperty("feedEventId").GetString());
        Assert.Equal(["SYNC_OUTCOME_CREATED", "SYNC_OUTCOME_UNCHANGED"], result.RootElement.GetProperty("sync").EnumerateArray().Select(o => o.GetString()));
    }
}
