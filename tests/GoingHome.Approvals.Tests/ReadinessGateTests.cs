using GoingHome.Approvals.V1;
using GoingHome.Assessment.V1;
using GoingHome.Case.V1;
using GoingHome.ServiceDefaults.Errors;
using Google.Rpc;
using Grpc.Core;

namespace GoingHome.Approvals.Tests;

[Collection(ApprovalsCollection.Name)]
public sealed class ReadinessGateTests(ApprovalsFixture service)
{
    private Task<ApprovalRequest> RequestAsync(string childId, string action) =>
        service.Client("sw-1", "SW").CreateApprovalRequestAsync(new CreateApprovalRequestRequest
        {
            RequestId = Guid.NewGuid().ToString(), ChildId = childId, Action = action, Subject = service.SubjectFor(action, childId),
        }).ResponseAsync;

    [Fact(DisplayName = "NS-1: a return home is not put to approvers until Assessment says it is ready")]
    public async Task NS1_return_needs_readiness()
    {
        var child = service.Case.AddChild(service.Today, 12, LegalStatus.Section20, 60);
        service.Assessment.Readiness[child] = new ReturnReadiness
        {
            Ready = false,
            Missing =
            {
                new MissingRequirement { RuleId = "NS-1", Description = "No DBS check for household member Leon." },
                new MissingRequirement { RuleId = "RH-3", Description = "The risk of reunification has not been classified." },
            },
        };

        var error = await Assert.ThrowsAsync<RpcException>(() => RequestAsync(child, "end-care-episode-after-s20-return"));
        Assert.Equal(StatusCode.FailedPrecondition, error.StatusCode);
        Assert.Equal(["NS-1", "RH-3"], error.GetStatusDetail<PreconditionFailure>()!.Violations.Select(v => v.Type));
        Assert.Empty(await service.EventsAsync(child));

        // Actions that do not concern a return (a lasting home) are not held by it.
        Assert.Equal(ApprovalState.Pending, (await RequestAsync(child, "lasting-home-recommendation")).State);
    }

    [Fact(DisplayName = "NS-1: when Assessment cannot answer, the request is refused, never let through")]
    public async Task NS1_fails_closed()
    {
        var child = service.Case.AddChild(service.Today, 12, LegalStatus.Section20, 60);
        service.Assessment.Unavailable[child] = true;
        var error = await Assert.ThrowsAsync<RpcException>(() => RequestAsync(child, "return-home"));
        Assert.Equal(StatusCode.Unavailable, error.StatusCode);
        Assert.Contains("NS-1", error.GetStatusDetail<ErrorInfo>()!.Metadata["rule_ids"], StringComparison.Ordinal);
    }
}
