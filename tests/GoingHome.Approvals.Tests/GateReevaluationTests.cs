using GoingHome.Approvals.V1;
using GoingHome.Assessment.V1;
using GoingHome.Case.V1;
using GoingHome.ServiceDefaults.Grpc;
using Grpc.Core;

namespace GoingHome.Approvals.Tests;

/// <summary>
/// A grant holds only for the facts it was decided on (seed 000 GH-13/AP-4, seed 004 AP-2/AP-3, NS-1): the gate
/// evaluates the policy again on today's facts and asks Assessment again, so a change since the decision reopens it.
/// </summary>
[Collection(ApprovalsCollection.Name)]
public sealed class GateReevaluationTests(ApprovalsFixture service)
{
    private readonly ApprovalsService.ApprovalsServiceClient _sw = service.Client("sw-1", "SW");

    private async Task<ApprovalRequest> GrantedAsync(string childId, string action, string subject, DateOnly? plannedReturn = null)
    {
        var request = await _sw.CreateApprovalRequestAsync(new CreateApprovalRequestRequest
        {
            RequestId = Guid.NewGuid().ToString(), ChildId = childId, Action = action, Subject = subject, PlannedReturnDate = plannedReturn?.ToProto(),
        });
        foreach (var step in request.Steps)
        {
            var current = await _sw.GetApprovalRequestAsync(new GetApprovalRequestRequest { Id = request.Id });
            var approver = service.Client($"{step.RequiredRole.ToLowerInvariant()}-1", step.RequiredRole);
            await approver.DecideApprovalStepAsync(new DecideApprovalStepRequest
            {
                RequestId = Guid.NewGuid().ToString(), ApprovalRequestId = request.Id, StepIndex = step.Index, Decision = Decision.Approve,
                Rationale = "Agreed.", Etag = current.Etag,
            });
        }

        var granted = await _sw.GetApprovalRequestAsync(new GetApprovalRequestRequest { Id = request.Id });
        Assert.Equal(ApprovalState.Granted, granted.State);
        return granted;
    }

    private Task<CheckGateResponse> GateAsync(string childId, string action, string subject, DateOnly? plannedReturn = null) =>
        _sw.CheckGateAsync(new CheckGateRequest { ChildId = childId, Action = action, Subject = subject, PlannedReturnDate = plannedReturn?.ToProto() }).ResponseAsync;

    [Fact(DisplayName = "Seed 000 / GH-13 / AP-4: granted with no step 90 days out, the DD's agreement is asked for once the planned return moves within 60 days")]
    public async Task AP4_PlannedReturnMovedCloser()
    {
        var child = service.Case.AddChild(service.Today, 8, LegalStatus.CareOrder, 200);
        var subject = service.SubjectFor("return-home", child);
        var granted = await GrantedAsync(child, "return-home-within-60-days", subject, service.Today.AddDays(90));
        Assert.Empty(granted.Steps);
        Assert.True((await GateAsync(child, "return-home-within-60-days", subject)).Approved);

        var moved = await GateAsync(child, "return-home-within-60-days", subject, service.Today.AddDays(45));
        Assert.False(moved.Approved);
        var missing = Assert.Single(moved.MissingSteps);
        Assert.Equal(("AP-4", "DD", StepState.Unspecified), (missing.RuleId, missing.RequiredRole, missing.State));
        Assert.Contains("facts changed", missing.Reason, StringComparison.Ordinal);

        // Asked again on the new date, the DD's agreement is a step; once given, the gate opens on that date.
        await GrantedAsync(child, "return-home-within-60-days", subject, service.Today.AddDays(45));
        Assert.True((await GateAsync(child, "return-home-within-60-days", subject, service.Today.AddDays(45))).Approved);
    }

    [Fact(DisplayName = "AP-4 / GH-13: a planned return date past the horizon (a year) or in the past is refused, never taken as 'not within 60 days'")]
    public async Task AP4_PlannedReturnHorizon()
    {
        var child = service.Case.AddChild(service.Today, 8, LegalStatus.CareOrder, 200);
        var subject = service.SubjectFor("return-home", child);
        foreach (var date in new[] { new DateOnly(9999, 12, 31), service.Today.AddMonths(13), service.Today.AddDays(-1) })
        {
            var refused = await Assert.ThrowsAsync<RpcException>(() => _sw.CreateApprovalRequestAsync(new CreateApprovalRequestRequest
            {
                RequestId = Guid.NewGuid().ToString(), ChildId = child, Action = "return-home-within-60-days", Subject = subject, PlannedReturnDate = date.ToProto(),
            }).ResponseAsync);
            Assert.Equal(StatusCode.InvalidArgument, refused.StatusCode);
        }

        Assert.Equal(StatusCode.InvalidArgument, (await Assert.ThrowsAsync<RpcException>(() => GateAsync(child, "return-home-within-60-days", subject, new DateOnly(9999, 12, 31)))).StatusCode);
    }

    [Fact(DisplayName = "GH-13 / RH-8 / S20-7: a request straight in Approvals holds what the owner holds: a pathway not in Stage 2 with its date, or a return found not viable, takes none")]
    public async Task Subjects_in_a_state_that_cannot_take_a_request()
    {
        var child = service.Case.AddChild(service.Today, 8, LegalStatus.CareOrder, 200);
        var early = service.Pathway.AddPathway(child, Pathway.V1.Stage.Stage1);
        var refused = await Assert.ThrowsAsync<RpcException>(() => _sw.CreateApprovalRequestAsync(new CreateApprovalRequestRequest
        {
            RequestId = Guid.NewGuid().ToString(), ChildId = child, Action = "return-home", Subject = early,
        }).ResponseAsync);
        Assert.Equal(["GH-13"], GoingHome.Testing.RpcAssert.UnmetRules(refused));

        var s20Child = service.Case.AddChild(service.Today, 12, LegalStatus.Section20, 40);
        var notViable = service.SubjectFor("end-care-episode-after-s20-return", s20Child);
        service.Pathway.Section20Returns[notViable["section20Returns/".Length..]].State = Pathway.V1.Section20State.NotViable;
        var closed = await Assert.ThrowsAsync<RpcException>(() => _sw.CreateApprovalRequestAsync(new CreateApprovalRequestRequest
        {
            RequestId = Guid.NewGuid().ToString(), ChildId = s20Child, Action = "end-care-episode-after-s20-return", Subject = notViable,
        }).ResponseAsync);
        Assert.Equal(["S20-7"], GoingHome.Testing.RpcAssert.UnmetRules(closed));
    }

    [Fact(DisplayName = "Seed 004 / AP-2 / AP-3: a 15-year-old's approved return is reopened for the AD's approval once they are 16, and a new legal status is judged too")]
    public async Task AP3_AgeBandAndLegalStatusChanged()
    {
        var child = service.Case.AddChild(service.Today, 15, LegalStatus.Section20, 40);
        var subject = service.SubjectFor("return-home", child);
        var granted = await GrantedAsync(child, "return-home", subject);
        Assert.Equal(["AP-2", "AP-5"], granted.Steps.Select(s => s.RuleId));
        Assert.True((await GateAsync(child, "return-home", subject)).Approved);

        // A birthday: the young person is 16 now, accommodated under section 20.
        var record = service.Case.Children[child];
        var sixteen = service.Today.AddYears(-16).AddDays(-1);
        record.DateOfBirth = sixteen.ToProto();
        var reopened = await GateAsync(child, "return-home", subject);
        Assert.False(reopened.Approved);
        Assert.Equal(["AP-3:AD"], reopened.MissingSteps.Select(m => $"{m.RuleId}:{m.RequiredRole}"));

        // Under a care order instead, AP-3 no longer applies; the grant for the steps it had holds again.
        record.CurrentLegalStatus = LegalStatus.CareOrder;
        Assert.True((await GateAsync(child, "return-home", subject)).Approved);
    }

    [Fact(DisplayName = "Seed 004 / NS-1 / AP-8: readiness is asked again at the gate: a return that is no longer ready reopens it, and Assessment down closes it")]
    public async Task NS1_ReadinessAskedAgainAtTheGate()
    {
        var child = service.Case.AddChild(service.Today, 10, LegalStatus.CareOrder, 10);
        var subject = service.SubjectFor("return-home", child);
        await GrantedAsync(child, "return-home", subject);
        Assert.True((await GateAsync(child, "return-home", subject)).Approved);

        service.Assessment.Readiness[child] = new ReturnReadiness
        {
            Ready = false, Missing = { new MissingRequirement { RuleId = "NS-1", Description = "Leon (mother's partner) moved in: no DBS check" } },
        };
        var reopened = await GateAsync(child, "return-home", subject);
        Assert.False(reopened.Approved);
        Assert.Equal("NS-1", Assert.Single(reopened.MissingSteps).RuleId);

        service.Assessment.Unavailable[child] = true;
        Assert.Equal(StatusCode.Unavailable, (await Assert.ThrowsAsync<RpcException>(() => GateAsync(child, "return-home", subject))).StatusCode);
    }
}
