using GoingHome.Approvals.V1;
using GoingHome.Case.V1;
using GoingHome.ServiceClients;
using GoingHome.ServiceDefaults.Clients;
using GoingHome.ServiceDefaults.Errors;
using GoingHome.Testing;
using Google.Rpc;
using Grpc.Core;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace GoingHome.Approvals.Tests;

[Collection(ApprovalsCollection.Name)]
public sealed class GateTests(ApprovalsFixture service)
{
    [Fact(DisplayName = "AP-8: the gate fails closed with UNAVAILABLE when Approvals cannot be reached")]
    public async Task AP8_unreachable_approvals_refuse_the_action()
    {
        // Nothing listens on this port: Approvals is stopped.
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["services:approvals:http:0"] = $"http://127.0.0.1:{LocalProcess.FreePort()}" })
            .Build();
        var services = new ServiceCollection().AddLogging().AddSingleton<IConfiguration>(configuration);
        services.AddGoingHomeGrpcClient<ApprovalsService.ApprovalsServiceClient>("approvals", new GrpcResilienceOptions
        {
            MaxRetryAttempts = 1,
            RetryBaseDelay = TimeSpan.FromMilliseconds(10),
            AttemptTimeout = TimeSpan.FromSeconds(2),
        });
        var approvals = services.BuildServiceProvider().GetRequiredService<ApprovalsService.ApprovalsServiceClient>();

        var error = await Assert.ThrowsAsync<RpcException>(() =>
            approvals.RequireApprovalAsync("child-1", "end-care-episode-after-s20-return", "episode-1", CancellationToken.None));

        Assert.Equal(StatusCode.Unavailable, error.StatusCode);
        Assert.Equal("AP-8", error.GetStatusDetail<ErrorInfo>()!.Metadata["rule_ids"]);
    }

    [Fact(DisplayName = "AP-8: the gate refuses with the missing steps' rule IDs, and opens once granted")]
    public async Task AP8_gate_lists_missing_steps_then_opens()
    {
        var sw = service.Client("sw-1", "SW");
        // Looked after 15 days: no AP-2 step, so the chain is the HoS then the Director.
        var child = service.Case.AddChild(service.Today, 12, LegalStatus.Section20, 15);
        const string action = "end-care-episode-after-s20-return";
        var subject = service.SubjectFor(action, child);

        var none = await Assert.ThrowsAsync<RuleViolationException>(() => sw.RequireApprovalAsync(child, action, subject, CancellationToken.None));
        Assert.Equal(["AP-1", "AP-1"], none.Violations.Select(v => v.RuleId));

        var request = await sw.CreateApprovalRequestAsync(new CreateApprovalRequestRequest { RequestId = Guid.NewGuid().ToString(), ChildId = child, Action = action, Subject = subject });
        var afterHoS = await service.Client("hos-1", "HoS").DecideApprovalStepAsync(new DecideApprovalStepRequest
        {
            RequestId = Guid.NewGuid().ToString(), ApprovalRequestId = request.Id, StepIndex = 0, Decision = Decision.Approve, Rationale = "Agreed in writing.", Etag = request.Etag,
        });
        var half = await Assert.ThrowsAsync<RuleViolationException>(() => sw.RequireApprovalAsync(child, action, subject, CancellationToken.None));
        Assert.Contains("Director", half.Violations.Single().Description, StringComparison.Ordinal);

        await service.Client("director-1", "Director").DecideApprovalStepAsync(new DecideApprovalStepRequest
        {
            RequestId = Guid.NewGuid().ToString(), ApprovalRequestId = request.Id, StepIndex = 1, Decision = Decision.Approve, Rationale = "Authorised.", Etag = afterHoS.Etag,
        });
        await sw.RequireApprovalAsync(child, action, subject, CancellationToken.None);
    }
}
