using GoingHome.Approvals.V1;
using GoingHome.Case.V1;
using GoingHome.ServiceDefaults.Errors;
using Google.Rpc;
using Grpc.Core;

namespace GoingHome.Approvals.Tests;

[Collection(ApprovalsCollection.Name)]
public sealed class DecisionRulesTests(ApprovalsFixture service)
{
    private async Task<ApprovalRequest> ReturnHomeAsync(ApprovalsService.ApprovalsServiceClient requester, int age = 10, int days = 30)
    {
        var child = service.Case.AddChild(service.Today, age, LegalStatus.CareOrder, days);
        return await requester.CreateApprovalRequestAsync(new CreateApprovalRequestRequest
        {
            RequestId = Guid.NewGuid().ToString(),
            ChildId = child,
            Action = "return-home",
            Subject = service.SubjectFor("return-home", child),
        });
    }

    private static Task<ApprovalRequest> DecideAsync(ApprovalsService.ApprovalsServiceClient client, ApprovalRequest request, int step = 0, string rationale = "Agreed.") =>
        client.DecideApprovalStepAsync(new DecideApprovalStepRequest
        {
            RequestId = Guid.NewGuid().ToString(),
            ApprovalRequestId = request.Id,
            StepIndex = step,
            Decision = Decision.Approve,
            Rationale = rationale,
            Etag = request.Etag,
        }).ResponseAsync;

    [Fact(DisplayName = "AP-7: nobody approves their own request")]
    public async Task AP7_no_self_approval()
    {
        var sm = service.Client("sm-self", "SM");
        var request = await ReturnHomeAsync(sm);
        var error = await Assert.ThrowsAsync<RpcException>(() => DecideAsync(sm, request));
        Assert.Equal(StatusCode.PermissionDenied, error.StatusCode);
        Assert.Equal("AP-7", error.GetStatusDetail<ErrorInfo>()!.Metadata["rule_ids"]);
    }

    [Fact(DisplayName = "AP-7: a junior role may not decide a step")]
    public async Task AP7_wrong_role()
    {
        var request = await ReturnHomeAsync(service.Client("sw-1", "SW"));
        var error = await Assert.ThrowsAsync<RpcException>(() => DecideAsync(service.Client("tm-1", "TM"), request));
        Assert.Equal(StatusCode.PermissionDenied, error.StatusCode);
        Assert.Contains("needs SM", error.Status.Detail, StringComparison.Ordinal);
    }

    [Fact(DisplayName = "AP-7: a more senior role in the line may act instead, and the decision records the role used")]
    public async Task AP7_senior_may_act_instead()
    {
        var request = await ReturnHomeAsync(service.Client("sw-1", "SW"));
        var decided = await DecideAsync(service.Client("dd-1", "DD"), request, rationale: "Covering for the SM on leave.");
        var decision = decided.Steps[0].Decision;
        Assert.Equal(("dd-1", "DD", "Covering for the SM on leave."), (decision.DeciderId, decision.DeciderRole, decision.Rationale));
        Assert.Equal(ApprovalsFixture.Start, decision.DecideTime.ToDateTimeOffset());
    }

    [Fact(DisplayName = "AP-7: IRO and SSW sit outside the line and cannot approve")]
    public async Task AP7_outside_the_line()
    {
        var request = await ReturnHomeAsync(service.Client("sw-1", "SW"));
        var error = await Assert.ThrowsAsync<RpcException>(() => DecideAsync(service.Client("iro-1", "IRO"), request));
        Assert.Equal(StatusCode.PermissionDenied, error.StatusCode);
    }

    [Fact(DisplayName = "AP-7: a decision needs a rationale")]
    public async Task AP7_rationale_required()
    {
        var request = await ReturnHomeAsync(service.Client("sw-1", "SW"));
        var error = await Assert.ThrowsAsync<RpcException>(() => DecideAsync(service.Client("sm-1", "SM"), request, rationale: " "));
        Assert.Equal("rationale", error.GetStatusDetail<BadRequest>()!.FieldViolations.Single().Field);
    }

    [Fact(DisplayName = "AP-7: decisions are final: a withdrawn request cannot be decided")]
    public async Task AP7_no_decision_on_a_withdrawn_request()
    {
        var sw = service.Client("sw-1", "SW");
        var request = await ReturnHomeAsync(sw);
        var withdrawn = await sw.WithdrawApprovalRequestAsync(new WithdrawApprovalRequestRequest { RequestId = Guid.NewGuid().ToString(), Id = request.Id, Reason = "Plan changed." });
        Assert.Equal(ApprovalState.Withdrawn, withdrawn.State);

        var error = await Assert.ThrowsAsync<RpcException>(() => DecideAsync(service.Client("sm-1", "SM"), withdrawn));
        Assert.Equal(StatusCode.FailedPrecondition, error.StatusCode);
        Assert.Equal("AP-7", error.GetStatusDetail<PreconditionFailure>()!.Violations.Single().Type);
    }

    [Fact(DisplayName = "AP-7: two approvers deciding the same step at once: one wins, the other is aborted")]
    public async Task AP7_concurrent_decisions()
    {
        var request = await ReturnHomeAsync(service.Client("sw-1", "SW"));
        var attempts = new[] { "sm-a", "sm-b", "sm-c", "sm-d" }
            .Select(id => DecideAsync(service.Client(id, "SM"), request))
            .ToList();
        var outcomes = await Task.WhenAll(attempts.Select(async t =>
        {
            try
            {
                await t;
                return StatusCode.OK;
            }
            catch (RpcException ex)
            {
                return ex.StatusCode;
            }
        }));

        Assert.Single(outcomes, StatusCode.OK);
        Assert.All(outcomes.Where(o => o != StatusCode.OK), o => Assert.Equal(StatusCode.Aborted, o));
        var stored = await service.Client("sw-1", "SW").GetApprovalRequestAsync(new GetApprovalRequestRequest { Id = request.Id });
        Assert.Equal(StepState.Approved, stored.Steps[0].State);
    }

    [Fact(DisplayName = "AP-7: a stale etag is aborted")]
    public async Task AP7_stale_etag()
    {
        var request = await ReturnHomeAsync(service.Client("sw-1", "SW"));
        var decided = await DecideAsync(service.Client("sm-1", "SM"), request);
        var error = await Assert.ThrowsAsync<RpcException>(() => DecideAsync(service.Client("hos-1", "HoS"), request, step: 1));
        Assert.Equal(StatusCode.Aborted, error.StatusCode);
        Assert.NotEqual(request.Etag, decided.Etag);
    }

    [Fact]
    public async Task The_queue_shows_what_waits_on_my_roles_but_never_my_own_requests()
    {
        var team = $"team-{Guid.NewGuid():N}";
        var mine = service.Client("sm-queue", "SM");
        var child = service.Case.AddChild(service.Today, 10, LegalStatus.CareOrder, 30, team);
        var waiting = await service.Client("sw-1", "SW").CreateApprovalRequestAsync(new CreateApprovalRequestRequest
        {
            RequestId = Guid.NewGuid().ToString(), ChildId = child, Action = "return-home", Subject = service.SubjectFor("return-home", child),
        });
        var other = service.Case.AddChild(service.Today, 10, LegalStatus.CareOrder, 30, team);
        await mine.CreateApprovalRequestAsync(new CreateApprovalRequestRequest
        {
            RequestId = Guid.NewGuid().ToString(), ChildId = other, Action = "return-home", Subject = service.SubjectFor("return-home", other),
        });

        var queue = await mine.ListApprovalRequestsAsync(new ListApprovalRequestsRequest { AssignedToMe = true, TeamId = team });
        Assert.Equal([waiting.Id], queue.ApprovalRequests.Select(r => r.Id));

        var hosQueue = await service.Client("hos-queue", "HoS").ListApprovalRequestsAsync(new ListApprovalRequestsRequest { AssignedToMe = true, TeamId = team });
        Assert.Equal(2, hosQueue.TotalSize);
    }
}
