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
        var environment = new Dictionary<string, string>();
        foreach (var service in new[] { "case", "approvals", "assessment", "notifications", "pathway" })
        {
            environment[$"GOINGHOME_{service.ToUpperInvariant()}"] = $"127.0.0.1:{suite.GrpcAddress(service).Port}";
        }

        foreach (var (variable, user, role) in new[]
                 {
                     ("SW", "sw-node", Roles.SocialWorker), ("TM", "tm-node", Roles.TeamManager), ("IRO", "iro-node", Roles.IndependentReviewingOfficer),
                     ("SM", "sm-node", Roles.ServiceManager), ("HOS", "hos-node", Roles.HeadOfService), ("DIRECTOR", "director-node", Roles.Director), ("INTEGRATOR", "lcs-integration", Roles.Integrator),
                 })
        {
            environment[$"GOINGHOME_TOKEN_{variable}"] = TestTokens.For(user, role);
        }

        var node = await NodeScript.RunAsync([Repository.Path("clients", "node", "return-home.mjs")], Repository.Path(), environment, TimeSpan.FromMinutes(3));
        Assert.True(node.Succeeded, $"node {node}");

        using var result = JsonDocument.Parse(node.Output);
        Assert.Equal("SECTION20_STATE_COMPLETED", result.RootElement.GetProperty("s20").GetString());
        Assert.Equal("goinghome.events.v1.ChildReturnedHome", result.RootElement.GetProperty("webhook").GetString());
        Assert.StartsWith("member:", Assert.Single(result.RootElement.GetProperty("told").EnumerateArray()).GetString(), StringComparison.Ordinal);
        Assert.Equal(result.RootElement.GetProperty("webhookEventId").GetString(), result.RootElement.GetProperty("feedEventId").GetString());
        Assert.Equal(["SYNC_OUTCOME_CREATED", "SYNC_OUTCOME_UNCHANGED"], result.RootElement.GetProperty("sync").EnumerateArray().Select(o => o.GetString()));
    }
}
