using GoingHome.Approvals.V1;
using GoingHome.Case.V1;
using GoingHome.ServiceDefaults.Errors;
using Google.Rpc;
using Google.Type;
using Grpc.Core;
using static GoingHome.Case.Tests.Requests;
using static GoingHome.Testing.RpcAssert;

namespace GoingHome.Case.Tests;

/// <summary>
/// Case owns the care episode, so it holds the return-home gates itself, whoever calls (S20-6, AP-1..AP-5, AP-8): a
/// team manager calling EndCareEpisode directly cannot end an episode as a return home without the approvals.
/// </summary>
[Collection(CaseCollection.Name)]
public sealed class ReturnHomeGateTests(CaseServiceFixture service)
{
    private static readonly Date EpisodeStart = Day(2026, 9, 1);

    private readonly CaseService.CaseServiceClient _sw = service.Client("sw-1", "SW");
    private readonly CaseService.CaseServiceClient _tm = service.Client("tm-1", "TM");

    private async Task<(string ChildId, string EpisodeId)> LookedAfterChildAsync(LegalStatus status)
    {
        var child = await _sw.CreateChildAsync(NewChild());
        var episode = await _sw.StartCareEpisodeAsync(new StartCareEpisodeRequest { ChildId = child.Id, RequestId = NewId(), LegalStatus = status, StartDate = EpisodeStart });
        return (child.Id, episode.Id);
    }

    private AsyncUnaryCall<CareEpisode> End(string childId, string episodeId, string requestId, EpisodeEndReason reason = EpisodeEndReason.ReturnedHome, params string[] approvals) =>
        _tm.EndCareEpisodeAsync(new EndCareEpisodeRequest
        {
            ChildId = childId, EpisodeId = episodeId, RequestId = requestId, EndDate = Day(2026, 11, 20), EndReason = reason, ApprovalRequestIds = { approvals },
        });

    private async Task<bool> StillOpenAsync(string childId) =>
        (await _sw.GetChildAsync(new GetChildRequest { Id = childId })).CareEpisodes.Single().EndDate is null;


    private static Facts FactsOf(LegalStatus status, Date? start = null) => new() { LegalStatus = status, EpisodeStartDate = start ?? EpisodeStart };

    [Fact(DisplayName = "S20-6 / AP-1: a section 20 episode does not end as a return home with no approval named, whoever calls")]
    public async Task S20_6_AP1_NothingApproved()
    {
        var (child, episode) = await LookedAfterChildAsync(LegalStatus.Section20);
        var refused = await Assert.ThrowsAsync<RpcException>(() => End(child, episode, NewId()).ResponseAsync);
        Assert.Equal(["AP-1", "AP-1"], UnmetRules(refused));

        var pending = service.Approvals.Add(child, "end-care-episode-after-s20-return", $"section20Returns/{NewId()}", FactsOf(LegalStatus.Section20), granted: false);
        Assert.Equal(["AP-1", "AP-1"], UnmetRules(await Assert.ThrowsAsync<RpcException>(() => End(child, episode, NewId(), approvals: pending.Id).ResponseAsync)));
        Assert.True(await StillOpenAsync(child));
    }

    [Fact(DisplayName = "AP-8: with Approvals unreachable, ending an episode as a return home is UNAVAILABLE and nothing changes; once it answers, the approval holds")]
    public async Task AP8_ApprovalsDown()
    {
        var (child, episode) = await LookedAfterChildAsync(LegalStatus.Section20);
        var granted = service.Approvals.Add(child, "end-care-episode-after-s20-return", $"section20Returns/{NewId()}", FactsOf(LegalStatus.Section20));
        service.Approvals.Down = true;
        try
        {
            var refused = await Assert.ThrowsAsync<RpcException>(() => End(child, episode, NewId(), approvals: granted.Id).ResponseAsync);
            Assert.Equal(StatusCode.Unavailable, refused.StatusCode);
        }
        finally
        {
            service.Approvals.Down = false;
        }

        Assert.True(await StillOpenAsync(child));
        // Back up (once Case's circuit to Approvals closes again), the same approval ends the episode.
        var ended = await GoingHome.Testing.Outage.OnceAvailableAsync(() => End(child, episode, NewId(), approvals: granted.Id).ResponseAsync);
        Assert.Equal(EpisodeEndReason.ReturnedHome, ended.EndReason);
    }

    [Fact(DisplayName = "S20-6 / AP-1: once HoS and Director have approved, the episode ends once; a retry returns the same answer")]
    public async Task S20_6_AP1_GrantedEndsOnce()
    {
        var (child, episode) = await LookedAfterChildAsync(LegalStatus.Section20);
        var granted = service.Approvals.Add(child, "end-care-episode-after-s20-return", $"section20Returns/{NewId()}", FactsOf(LegalStatus.Section20));
        var requestId = NewId();
        var ended = await End(child, episode, requestId, approvals: granted.Id);
        Assert.Equal(EpisodeEndReason.ReturnedHome, ended.EndReason);
        Assert.Equal(ended, await End(child, episode, requestId, approvals: granted.Id));
        Assert.Equal(["CASE-EPISODE-ENDED"], UnmetRules(await Assert.ThrowsAsync<RpcException>(() => End(child, episode, NewId(), approvals: granted.Id).ResponseAsync)));
    }

    [Fact(DisplayName = "AP-2 / AP-4 / AP-5: any other episode ends as a return home only with the return-home chain and the DD's 60-day agreement")]
    public async Task AP2_AP4_AP5_CareOrderReturn()
    {
        var (child, episode) = await LookedAfterChildAsync(LegalStatus.CareOrder);
        Assert.Equal(["AP-5", "AP-4"], UnmetRules(await Assert.ThrowsAsync<RpcException>(() => End(child, episode, NewId()).ResponseAsync)));

        var subject = $"pathways/{NewId()}";
        var chain = service.Approvals.Add(child, "return-home", subject, FactsOf(LegalStatus.CareOrder));
        Assert.Equal(["AP-4"], UnmetRules(await Assert.ThrowsAsync<RpcException>(() => End(child, episode, NewId(), approvals: chain.Id).ResponseAsync)));
        Assert.True(await StillOpenAsync(child));

        var sixtyDays = service.Approvals.Add(child, "return-home-within-60-days", subject, FactsOf(LegalStatus.CareOrder));
        Assert.Equal(EpisodeEndReason.ReturnedHome, (await End(child, episode, NewId(), approvals: [chain.Id, sixtyDays.Id])).EndReason);
    }

    [Fact(DisplayName = "AP-1: a grant is for the episode it was decided on; another child's, an earlier episode's or another action's does not count")]
    public async Task AP1_GrantBelongsToThisEpisode()
    {
        var (child, episode) = await LookedAfterChildAsync(LegalStatus.Section20);
        var (other, _) = await LookedAfterChildAsync(LegalStatus.Section20);
        var othersGrant = service.Approvals.Add(other, "end-care-episode-after-s20-return", $"section20Returns/{NewId()}", FactsOf(LegalStatus.Section20));
        var wrongAction = service.Approvals.Add(child, "lasting-home-recommendation", $"lastingHomes/{NewId()}", FactsOf(LegalStatus.Section20));
        var invalid = await Assert.ThrowsAsync<RpcException>(() => End(child, episode, NewId(), approvals: [othersGrant.Id, wrongAction.Id, "no-such-request"]).ResponseAsync);
        Assert.Equal(StatusCode.InvalidArgument, invalid.StatusCode);
        Assert.Equal(["approval_request_ids[0]", "approval_request_ids[1]", "approval_request_ids[2]"], invalid.GetStatusDetail<BadRequest>()!.FieldViolations.Select(f => f.Field));

        var earlierEpisode = service.Approvals.Add(child, "end-care-episode-after-s20-return", $"section20Returns/{NewId()}", FactsOf(LegalStatus.Section20, Day(2025, 1, 6)));
        Assert.Equal(["AP-1"], UnmetRules(await Assert.ThrowsAsync<RpcException>(() => End(child, episode, NewId(), approvals: earlierEpisode.Id).ResponseAsync)));
        Assert.True(await StillOpenAsync(child));
    }

    [Fact(DisplayName = "AP-8 / CLA-3: an episode ending for another reason needs no approval, approvals named for it are refused as a bad field, and an order-based ending needs the order on file")]
    public async Task OtherEndReasonsNeedNoApproval()
    {
        var (child, episode) = await LookedAfterChildAsync(LegalStatus.CareOrder);
        var invalid = await Assert.ThrowsAsync<RpcException>(() => End(child, episode, NewId(), EpisodeEndReason.SpecialGuardianship, "anything").ResponseAsync);
        Assert.Equal("approval_request_ids", invalid.GetStatusDetail<BadRequest>()!.FieldViolations.Single().Field);
        // CLA-3: a special guardianship order ends the period only once the order is on the child's file.
        Assert.Equal(["CLA-3"], UnmetRules(await Assert.ThrowsAsync<RpcException>(() => End(child, episode, NewId(), EpisodeEndReason.SpecialGuardianship).ResponseAsync)));
        await service.Client("sw-gate", "SW").CreateDocumentAsync(new CreateDocumentRequest
        {
            ChildId = child, RequestId = NewId(), Document = new Document { Kind = DocumentKind.Court, Title = "Special guardianship order", DocumentDate = Day(2026, 11, 20) },
        });
        var ended = await End(child, episode, NewId(), EpisodeEndReason.SpecialGuardianship);
        Assert.Equal((EpisodeEndReason.SpecialGuardianship, "E48"), (ended.EndReason, ended.Rec));
    }
}
