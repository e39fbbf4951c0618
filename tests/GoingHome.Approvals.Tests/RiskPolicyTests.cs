using GoingHome.Approvals.V1;
using GoingHome.Assessment.V1;
using GoingHome.Case.V1;
using GoingHome.ServiceDefaults.Errors;
using Google.Rpc;
using Grpc.Core;

namespace GoingHome.Approvals.Tests;

/// <summary>
/// Seed 001 / RH-3: the risk of reunification is a fact the policy reads. By default a High band brings the Deputy
/// Director's agreement into the chain, a Severe band is not put to approvers, and an override is on the facts every
/// approver sees.
/// </summary>
[Collection(ApprovalsCollection.Name)]
public sealed class RiskPolicyTests(ApprovalsFixture service)
{
    private readonly ApprovalsService.ApprovalsServiceClient _sw = service.Client("sw-1", "SW");

    private string ChildWithRisk(RiskBand band, RiskBand computed, string rationale = "")
    {
        var child = service.Case.AddChild(service.Today, 10, LegalStatus.CareOrder, 10);
        service.Assessment.Readiness[child] = new ReturnReadiness { Ready = true, LatestBand = band, ComputedBand = computed, OverrideRationale = rationale };
        return child;
    }

    private Task<ApprovalRequest> RequestAsync(string child) =>
        _sw.CreateApprovalRequestAsync(new CreateApprovalRequestRequest
        {
            RequestId = Guid.NewGuid().ToString(), ChildId = child, Action = "return-home", Subject = service.SubjectFor("return-home", child),
        }).ResponseAsync;

    [Fact(DisplayName = "Seed 001 / RH-3: a High band adds the Deputy Director's agreement; an override from Severe is on the facts every approver sees")]
    public async Task RH3_HighBandEscalates()
    {
        var child = ChildWithRisk(RiskBand.High, RiskBand.Severe, "Father has left the household.");
        var request = await RequestAsync(child);
        Assert.Equal(["AP-5:HoS", "RH-3:DD"], request.Steps.Select(s => $"{s.RuleId}:{s.RequiredRole}"));
        Assert.Equal((RiskBand.High, RiskBand.Severe, "Father has left the household."), (request.Facts.RiskBand, request.Facts.ComputedRiskBand, request.Facts.RiskOverrideRationale));
        Assert.Contains("overridden from Severe", request.Steps[1].Reason, StringComparison.Ordinal);

        var low = await RequestAsync(ChildWithRisk(RiskBand.Low, RiskBand.Low));
        Assert.Equal(["AP-5"], low.Steps.Select(s => s.RuleId));
    }

    [Fact(DisplayName = "Seed 001 / RH-3: a Severe band is not put to approvers, and a band that rises to Severe or High after a grant reopens the gate")]
    public async Task RH3_SevereRefusedAndRisingBandReopens()
    {
        var severe = await Assert.ThrowsAsync<RpcException>(() => RequestAsync(ChildWithRisk(RiskBand.Severe, RiskBand.Severe)));
        Assert.Equal("RH-3", Assert.Single(severe.GetStatusDetail<PreconditionFailure>()!.Violations).Type);

        var child = ChildWithRisk(RiskBand.Medium, RiskBand.Medium);
        var request = await RequestAsync(child);
        var decided = await service.Client("hos-1", "HoS").DecideApprovalStepAsync(new DecideApprovalStepRequest
        {
            RequestId = Guid.NewGuid().ToString(), ApprovalRequestId = request.Id, StepIndex = 0, Decision = Decision.Approve, Rationale = "Agreed.", Etag = request.Etag,
        });
        Assert.Equal(ApprovalState.Granted, decided.State);
        var gate = new CheckGateRequest { ChildId = child, Action = "return-home", Subject = request.Subject };
        Assert.True((await _sw.CheckGateAsync(gate)).Approved);

        service.Assessment.Readiness[child] = new ReturnReadiness { Ready = true, LatestBand = RiskBand.High, ComputedBand = RiskBand.High };
        Assert.Equal(["RH-3:DD"], (await _sw.CheckGateAsync(gate)).MissingSteps.Select(m => $"{m.RuleId}:{m.RequiredRole}"));
        service.Assessment.Readiness[child] = new ReturnReadiness { Ready = true, LatestBand = RiskBand.Severe, ComputedBand = RiskBand.Severe };
        Assert.Contains((await _sw.CheckGateAsync(gate)).MissingSteps, m => m.RuleId == "RH-3" && m.RequiredRole.Length == 0);
    }
}
