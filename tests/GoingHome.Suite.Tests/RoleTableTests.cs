using System.Text.RegularExpressions;
using GoingHome.ServiceDefaults.Auth;
using GoingHome.ServiceDefaults.Errors;
using GoingHome.Testing;
using Google.Protobuf.Reflection;
using Google.Rpc;
using Grpc.Core;

namespace GoingHome.Suite.Tests;

/// <summary>
/// The role table in docs/roles.md is the role model: every RPC of every service is in it, and each is called with every role
/// against the running suite. A listed role passes the role check (whatever the handler then says of an empty
/// request); every other role is refused by it.
/// </summary>
[Collection(SuiteCollection.Name)]
public sealed partial class RoleTableTests(SharedSuite suite)
{
    internal static readonly Dictionary<string, (string Process, ServiceDescriptor Descriptor)> ServicesByName =
        new()
        {
            ["Case"] = ("case", Case.V1.CaseService.Descriptor),
            ["Approvals"] = ("approvals", Approvals.V1.ApprovalsService.Descriptor),
            ["Assessment"] = ("assessment", Assessment.V1.AssessmentService.Descriptor),
            ["Notifications"] = ("notifications", Notifications.V1.NotificationsService.Descriptor),
            ["Pathway"] = ("pathway", Pathway.V1.PathwayService.Descriptor),
            ["LastingHomes"] = ("lastinghomes", LastingHomes.V1.LastingHomesService.Descriptor),
            // Every service serves its own access log with the same code; Case's stands for all six here, and
            // AccessLogTests asks each of the six.
            ["AccessLog"] = ("case", Audit.V1.AccessLogService.Descriptor),
            ["SuiteAccessLog"] = ("case", Audit.V1.SuiteAccessLogService.Descriptor),
        };

    [Fact(DisplayName = "Least privilege: the role table (docs/roles.md) lists every RPC of every service, once")]
    public void The_table_lists_every_rpc()
    {
        var listed = Table().Select(r => $"{r.Service}.{r.Rpc}").ToList();
        var published = ServicesByName.SelectMany(s => s.Value.Descriptor.Methods.Select(m => $"{s.Key}.{m.Name}")).ToList();

        Assert.Equal(published.Order(), listed.Order());
    }

    [Fact(DisplayName = "Least privilege: every RPC called with every role is let through the role check exactly when the table lists the role")]
    public async Task Every_rpc_with_every_role_matches_the_table()
    {
        var calls = Table().SelectMany(row => Roles.All.Select(role => (Row: row, Role: role))).ToList();
        var outcomes = new List<string>();
        using var gate = new SemaphoreSlim(8);
        await Task.WhenAll(calls.Select(async call =>
        {
            await gate.WaitAsync();
            try
            {
                var refused = await RefusedByRoleAsync(call.Row, call.Role);
                if (refused == call.Row.Roles.Contains(call.Role))
                {
                    lock (outcomes)
                    {
                        outcomes.Add($"{call.Row.Service}.{call.Row.Rpc} as {call.Role}: {(refused ? "refused, but the table allows it" : "let through, but the table does not list it")}");
                    }
                }
            }
            finally
            {
                gate.Release();
            }
        }));

        Assert.True(calls.Count > 800, $"only {calls.Count} calls");
        Assert.Empty(outcomes.Order());
    }

    [Fact(DisplayName = "ACC-1: every change that names a child, called with a role the table allows but from another team, is refused PERMISSION_DENIED naming ACC-1 before anything else")]
    public async Task Every_change_to_a_child_needs_the_relationship()
    {
        var team = new Team(suite, "acc1");
        var child = await team.ChildEntersCareAsync(9, Case.V1.LegalStatus.CareOrder, 40);
        var practitioners = new[] { Roles.SocialWorker, Roles.TeamManager, Roles.IndependentReviewingOfficer, Roles.SupervisingSocialWorker };
        var calls = Table()
            .Select(row => (Row: row, Method: ServicesByName[row.Service].Descriptor.FindMethodByName(row.Rpc)))
            .Where(c => c.Method.InputType.FindFieldByName("child_id") is not null && c.Method.InputType.FindFieldByName("request_id") is not null)
            .SelectMany(c => c.Row.Roles.Intersect(practitioners).Select(role => (c.Row, c.Method, Role: role)))
            .ToList();
        var wrong = new List<string>();
        foreach (var (row, method, role) in calls)
        {
            var (process, descriptor) = ServicesByName[row.Service];
            var request = ContractCalls.Empty(method.InputType);
            method.InputType.FindFieldByName("child_id").Accessor.SetValue(request, child.Id);
            method.InputType.FindFieldByName("request_id").Accessor.SetValue(request, Guid.NewGuid().ToString());
            var options = new CallOptions(
                new Metadata { { "authorization", $"Bearer {TestTokens.InTeam($"outsider-{role}", "south", role)}" } }, DateTime.UtcNow.AddSeconds(20));
            try
            {
                await ContractCalls.CallAsync(suite.Channel(process).CreateCallInvoker(), descriptor, method, options, request);
                wrong.Add($"{row.Service}.{row.Rpc} as {role}: answered");
            }
            catch (RpcException ex) when (ex.StatusCode == StatusCode.PermissionDenied && ex.GetStatusDetail<ErrorInfo>()?.Metadata["rule_ids"] == "ACC-1")
            {
            }
            catch (RpcException ex)
            {
                wrong.Add($"{row.Service}.{row.Rpc} as {role}: {ex.StatusCode} {ex.Status.Detail}");
            }
        }

        Assert.True(calls.Count > 40, $"only {calls.Count} calls");
        Assert.Empty(wrong);
    }

    private async Task<bool> RefusedByRoleAsync(Row row, string role)
    {
        var (process, descriptor) = ServicesByName[row.Service];
        var method = descriptor.FindMethodByName(row.Rpc);
        var options = new CallOptions(
            new Metadata { { "authorization", $"Bearer {TestTokens.For($"probe-{role}", role)}" } },
            DateTime.UtcNow.AddSeconds(method.IsServerStreaming ? 2 : 20));
        try
        {
            await ContractCalls.CallAsync(suite.Channel(process).CreateCallInvoker(), descriptor, method, options, ContractCalls.Empty(method.InputType));
            return false;
        }
        catch (RpcException ex) when (ex.StatusCode == StatusCode.PermissionDenied)
        {
            var reason = ex.GetStatusDetail<ErrorInfo>()?.Reason;
            Assert.True(reason is not null, $"{row.Service}.{row.Rpc} as {role}: PERMISSION_DENIED without an ErrorInfo");
            return reason == "ROLE_NOT_ALLOWED";
        }
        catch (RpcException ex)
        {
            Assert.True(ex.StatusCode != StatusCode.Unauthenticated, $"{row.Service}.{row.Rpc} as {role}: {ex.Status}");
            return false;
        }
    }

    internal sealed record Row(string Service, string Rpc, IReadOnlySet<string> Roles);

    internal static List<Row> Table()
    {
        var section = File.ReadAllText(Repository.Path("docs", "roles.md"));
        return [.. TableRow().Matches(section).Where(m => m.Groups["service"].Value != "service").Select(m => new Row(
            m.Groups["service"].Value, m.Groups["rpc"].Value,
            m.Groups["roles"].Value.Split(',', StringSplitOptions.TrimEntries).ToHashSet()))];
    }

    [GeneratedRegex(@"^\| (?<service>[A-Za-z]+) \| (?<rpc>[A-Za-z0-9]+) \| (?<roles>[^|]+?) \|", RegexOptions.Multiline)]
    private static partial Regex TableRow();
}
