using GoingHome.Case.V1;
using GoingHome.Events.V1;
using GoingHome.LastingHomes.V1;
using GoingHome.ServiceDefaults.Auth;
using GoingHome.ServiceDefaults.Errors;
using GoingHome.ServiceDefaults.Grpc;
using GoingHome.Testing;
using GoingHome.Time;
using Google.Rpc;
using Grpc.Core;
using static GoingHome.Testing.RpcAssert;

namespace GoingHome.LastingHomes.Tests;

public sealed class LastingHomeRulesTests(LastingHomesFixture fixture) : IClassFixture<LastingHomesFixture>
{

    /// <summary>A home ratified by event; unless <paramref name="grantedInApprovals"/> is false, Approvals confirms the grant too.</summary>
    private async Task<LastingHome> RatifiedAsync(bool grantedInApprovals = true)
    {
        var childId = fixture.AddChild();
        var home = await fixture.StartAsync(childId);
        await fixture.PrepareFullyAsync(home.Id);
        var recommended = await fixture.MatchingMeetingAsync(home.Id);
        if (grantedInApprovals)
        {
            fixture.Approvals.Approve("lasting-home-recommendation", $"lastingHomes/{home.Id}");
        }

        await fixture.PublishAsync("approvals", new ApprovalGranted
        {
            ApprovalRequestId = recommended.ApprovalRequestId, ChildId = childId, Action = "lasting-home-recommendation", Subject = $"lastingHomes/{home.Id}",
        }, childId);
        await LocalProcess.WaitUntilAsync(async () => (await Get(home.Id)).Stage == LastingHomeStage.Ratified, TimeSpan.FromSeconds(60), "ratification");
        return await Get(home.Id);
    }

    private Task<LastingHome> Get(string id) => fixture.SocialWorker.GetLastingHomeAsync(new GetLastingHomeRequest { Id = id }).ResponseAsync;

    [Fact(DisplayName = "LH-1 (002): fostering by default; residential only with evidence; time-limited kinship refused; a kinship child is deemed in their lasting home, with the private law order considered")]
    public async Task LH1_Scope()
    {
        Assert.Equal(["LH-1"], UnmetRules(await Assert.ThrowsAsync<RpcException>(() => fixture.StartAsync(fixture.AddChild(), CarerType.Residential))));
        Assert.Equal(["LH-1"], UnmetRules(await Assert.ThrowsAsync<RpcException>(() => fixture.StartAsync(fixture.AddChild(), CarerType.Kinship, timeLimited: true))));
        var residential = await fixture.StartAsync(fixture.AddChild(), CarerType.Residential, evidence: "Home commits to care until 21; key worker continuity plan");
        Assert.Equal(LastingHomeStage.Preparation, residential.Stage);

        var kinship = await fixture.TeamManager.StartLastingHomeAsync(new StartLastingHomeRequest
        {
            ChildId = fixture.AddChild(), CarerType = CarerType.Kinship, CarerName = "Grandmother", PrivateLawOrderConsidered = "special guardianship",
            IroId = "iro-1", IroAgreedOn = fixture.LondonToday.ToProto(), RequestId = Guid.NewGuid().ToString(),
        });
        Assert.Equal("special guardianship", kinship.PrivateLawOrderConsidered);
        // 002: kinship children are deemed to be in their lasting homes: a recorded decision, no matching or ratification.
        Assert.Equal(LastingHomeStage.Deemed, kinship.Stage);
        Assert.Equal(["LH-3"], UnmetRules(await Assert.ThrowsAsync<RpcException>(() => fixture.PrepareAsync(kinship.Id, PreparationItem.ChildDirectWork))));
        Assert.Equal(["LH-4"], UnmetRules(await Assert.ThrowsAsync<RpcException>(() => fixture.MatchingMeetingAsync(kinship.Id))));
        // 002: the preferred legal permanence for kinship is a private law order: the one considered is recorded.
        Assert.Equal(["LH-1"], UnmetRules(await Assert.ThrowsAsync<RpcException>(() => fixture.StartAsync(fixture.AddChild(), CarerType.Kinship))));
    }

    [Fact(DisplayName = "LH-2: the TM starts with the allocated IRO's agreement; no rule uses time spent in the placement")]
    public async Task LH2_StartedByTmWithIroAndNoMinimumDuration()
    {
        // Placed yesterday: nothing about time in the home stops the process (LH-2: no minimum duration may exist).
        var newlyPlaced = fixture.AddChild(daysInPlacement: 1);
        Assert.Equal(LastingHomeStage.Preparation, (await fixture.StartAsync(newlyPlaced)).Stage);

        var bySocialWorker = await Assert.ThrowsAsync<RpcException>(() => fixture.SocialWorker.StartLastingHomeAsync(new StartLastingHomeRequest
        {
            ChildId = fixture.AddChild(), CarerType = CarerType.Foster, CarerName = "x", IroId = "iro-1", IroAgreedOn = fixture.LondonToday.ToProto(), RequestId = "r",
        }).ResponseAsync);
        Assert.Equal(StatusCode.PermissionDenied, bySocialWorker.StatusCode);
        var wrongIro = await Assert.ThrowsAsync<RpcException>(() => fixture.TeamManager.StartLastingHomeAsync(new StartLastingHomeRequest
        {
            ChildId = fixture.AddChild(), CarerType = CarerType.Foster, CarerName = "x", IroId = "iro-9", IroAgreedOn = fixture.LondonToday.ToProto(), RequestId = Guid.NewGuid().ToString(),
        }).ResponseAsync);
        Assert.Equal(["LH-2"], UnmetRules(wrongIro));
    }

    [Fact(DisplayName = "LH-3: the matching meeting cannot be recorded as held until every preparation item is recorded")]
    public async Task LH3_PreparationBeforeTheMeeting()
    {
        var home = await fixture.StartAsync(fixture.AddChild());
        var missing = await Assert.ThrowsAsync<RpcException>(() => fixture.MatchingMeetingAsync(home.Id));
        var rules = UnmetRules(missing);
        Assert.Equal(9, rules.Count);
        Assert.All(rules, r => Assert.Equal("LH-3", r));
        Assert.Contains(missing.GetStatusDetail<PreconditionFailure>()!.Violations, v => v.Description.Contains("school-1", StringComparison.Ordinal));

        Assert.Contains(missing.GetStatusDetail<PreconditionFailure>()!.Violations, v => v.Description.Contains("information about the foster carers", StringComparison.Ordinal));
        foreach (var bySsw in new[] { PreparationItem.CarersCommitmentWork, PreparationItem.CarersInformation })
        {
            var notSsw = await Assert.ThrowsAsync<RpcException>(() => fixture.PrepareAsync(home.Id, bySsw));
            Assert.Equal(StatusCode.PermissionDenied, notSsw.StatusCode);
        }

        await fixture.PrepareFullyAsync(home.Id);
        Assert.Equal(LastingHomeStage.AwaitingRatification, (await fixture.MatchingMeetingAsync(home.Id)).Stage);
    }

    [Fact(DisplayName = "LH-4 / LH-5 / AP-6: chaired by the child's TM, contribution not negative; the recommendation goes to the HoS and ratification flows back")]
    public async Task LH4_MatchingMeetingAndRatification()
    {
        var childId = fixture.AddChild();
        var home = await fixture.StartAsync(childId);
        await fixture.PrepareFullyAsync(home.Id);

        var wrongChair = await Assert.ThrowsAsync<RpcException>(() => fixture.MatchingMeetingAsync(home.Id, fixture.Client("tm-9", Roles.TeamManager)));
        Assert.Equal(["LH-4"], UnmetRules(wrongChair));
        var negative = await Assert.ThrowsAsync<RpcException>(() => fixture.MatchingMeetingAsync(home.Id, contribution: -1));
        Assert.Equal("contribution_pence", negative.GetStatusDetail<BadRequest>()!.FieldViolations.Single().Field);
        Assert.Equal(LastingHomeStage.Preparation, (await Get(home.Id)).Stage);

        var recommended = await fixture.MatchingMeetingAsync(home.Id);
        Assert.Equal(("tm-1", 25_000L, "Pizza and bowling"), (recommended.ChairId, recommended.ContributionPence, recommended.CelebrationWish));
        var request = Assert.Single(fixture.Approvals.Requests.Values, r => r.ChildId == childId);
        Assert.Equal(("lasting-home-recommendation", $"lastingHomes/{home.Id}"), (request.Action, request.Subject));

        await fixture.PublishAsync("approvals", new ApprovalRejected { ChildId = childId, Action = "return-home", Subject = $"lastingHomes/{home.Id}" }, childId);
        await fixture.PublishAsync("approvals", new ApprovalGranted { ChildId = childId, Action = "lasting-home-recommendation", Subject = $"lastingHomes/{home.Id}" }, childId);
        await LocalProcess.WaitUntilAsync(async () => (await Get(home.Id)).Stage == LastingHomeStage.Ratified, TimeSpan.FromSeconds(60), "ratification");
        Assert.Equal(fixture.LondonToday, (await Get(home.Id)).RatifiedOn.ToDateOnly());
    }

    [Fact(DisplayName = "LH-6 / LH-7 / LH-8 / AP-6 / AP-8: the visit only after ratification confirmed by Approvals (fails closed), on the child's file and the carers' record; then the celebration; guides shared")]
    public async Task LH6_VisitCelebrationAndGuides()
    {
        var early = await fixture.StartAsync(fixture.AddChild());
        var tooSoon = await Assert.ThrowsAsync<RpcException>(() => VisitAsync(early.Id));
        Assert.Equal(["LH-6"], UnmetRules(tooSoon));

        // Rules AP-6 / AP-8: the ratification is confirmed with Approvals at the visit, failing closed.
        var unconfirmed = await RatifiedAsync(grantedInApprovals: false);
        Assert.Equal(["AP-6"], UnmetRules(await Assert.ThrowsAsync<RpcException>(() => VisitAsync(unconfirmed.Id))));
        fixture.Approvals.Approve("lasting-home-recommendation", $"lastingHomes/{unconfirmed.Id}");
        fixture.Approvals.Down = true;
        try
        {
            Assert.Equal(StatusCode.Unavailable, (await Assert.ThrowsAsync<RpcException>(() => VisitAsync(unconfirmed.Id))).StatusCode);
        }
        finally
        {
            fixture.Approvals.Down = false;
        }

        Assert.Equal(LastingHomeStage.Ratified, (await Get(unconfirmed.Id)).Stage);
        // Back up (once the client's circuit closes again), the confirmed ratification lets the visit through.
        Assert.Equal(LastingHomeStage.CommitmentVisitHeld, (await Outage.OnceAvailableAsync(() => VisitAsync(unconfirmed.Id))).Stage);

        var home = await RatifiedAsync();
        var noCard = await Assert.ThrowsAsync<RpcException>(() => VisitAsync(home.Id, card: false));
        Assert.Equal(StatusCode.InvalidArgument, noCard.StatusCode);
        // 002: the carers share their commitment within the visit, and time is spent on what it means for the child.
        var unshared = fixture.CommitmentVisit(home.Id);
        unshared.CarersCommitment = unshared.MeaningForChild = "";
        var fields = (await Assert.ThrowsAsync<RpcException>(() => fixture.TeamManager.RecordCommitmentVisitAsync(unshared).ResponseAsync))
            .GetStatusDetail<BadRequest>()!.FieldViolations.Select(f => f.Field);
        Assert.Equal(["carers_commitment", "meaning_for_child"], fields);
        // 002: the child's team manager and social worker are both there; a manager recording it alone is refused.
        var withoutSw = fixture.CommitmentVisit(home.Id, attendees: ["Amy", "the Browns", "tm-1"]);
        Assert.Equal(["LH-6"], UnmetRules(await Assert.ThrowsAsync<RpcException>(() => fixture.TeamManager.RecordCommitmentVisitAsync(withoutSw).ResponseAsync)));
        var visited = await VisitAsync(home.Id);
        Assert.Equal(LastingHomeStage.CommitmentVisitHeld, visited.Stage);
        // LH-6: the record for the child's file is named now and travels in the event Case files it from; nothing is
        // written to Case before this service's own commit.
        var filed = (await fixture.EventsAsync(home.ChildId)).Select(e => e.Payload).Where(p => p.Is(CommitmentVisitRecorded.Descriptor))
            .Select(p => p.Unpack<CommitmentVisitRecorded>()).Single();
        Assert.Equal((visited.ChildFileDocumentId, "The Browns", home.Id), (filed.DocumentId, filed.CarerName, filed.LastingHomeId));
        Assert.DoesNotContain(fixture.Case.Documents, d => d.ChildId == home.ChildId);
        Assert.Equal(["Amy", "the Browns", "tm-1", "sw-1"], visited.VisitAttendees);
        Assert.Equal("Amy is part of our family for good.", visited.CarersCommitment);

        Assert.Equal(StatusCode.PermissionDenied, (await Assert.ThrowsAsync<RpcException>(() =>
            fixture.SocialWorker.RecordOnCarersRecordAsync(new RecordOnCarersRecordRequest { Id = home.Id, RequestId = "r" }).ResponseAsync)).StatusCode);
        Assert.Equal("ssw-1", (await fixture.Ssw.RecordOnCarersRecordAsync(new RecordOnCarersRecordRequest { Id = home.Id, RequestId = Guid.NewGuid().ToString() })).CarersRecordBy);

        var celebrated = await fixture.SocialWorker.RecordCelebrationAsync(new RecordCelebrationRequest
        {
            Id = home.Id, HeldOn = fixture.LondonToday.ToProto(), Event = "Pizza and bowling", ContributionPaid = true, PhotographsRequested = true,
            RequestId = Guid.NewGuid().ToString(),
        });
        Assert.Equal((LastingHomeStage.Celebrated, true, true), (celebrated.Stage, celebrated.ContributionPaid, celebrated.PhotographsRequested));

        foreach (var (guide, with) in new[] { (Guide.Child, "Amy"), (Guide.Parents, "Mother"), (Guide.FosterCarers, "The Browns") })
        {
            await fixture.SocialWorker.ShareGuideAsync(new ShareGuideRequest { Id = home.Id, Guide = guide, SharedWith = with, SharedOn = fixture.LondonToday.ToProto(), RequestId = Guid.NewGuid().ToString() });
        }

        Assert.Equal(["Amy", "Mother", "The Browns"], (await Get(home.Id)).Guides.Select(g => g.SharedWith));
    }

    [Fact(DisplayName = "LH-9 / NS-4: the tracker for screens: stage, dates, next step, days waiting; filters, order and counts; a care plan revision proposes one")]
    public async Task LH9_Tracker()
    {
        // Bad input is typed, never INTERNAL: a wait beyond any date the calendar can hold is a field violation.
        var tooLong = await Assert.ThrowsAsync<RpcException>(() => fixture.SocialWorker.ListTrackerEntriesAsync(new ListTrackerEntriesRequest { WaitingLongerThanDays = 1_000_000 }).ResponseAsync);
        Assert.Equal("waiting_longer_than_days", tooLong.GetStatusDetail<BadRequest>()!.FieldViolations.Single().Field);

        var team = $"team-{Guid.NewGuid():N}";
        var first = fixture.AddChild();
        fixture.Case.Children[first].Allocations[0].TeamId = team;
        var older = await fixture.StartAsync(first);
        fixture.Clock.Advance(TimeSpan.FromDays(10));
        var second = fixture.AddChild();
        fixture.Case.Children[second].Allocations[0].TeamId = team;
        await fixture.StartAsync(second);
        fixture.Clock.Advance(TimeSpan.FromDays(5));

        var tracker = await fixture.SocialWorker.ListTrackerEntriesAsync(new ListTrackerEntriesRequest { TeamId = team });
        Assert.Equal([15, 5], tracker.Entries.Select(e => e.DaysWaiting));
        Assert.Equal(older.Id, tracker.Entries[0].LastingHomeId);
        Assert.Contains("LH-3", tracker.Entries[0].NextStep, StringComparison.Ordinal);
        var waiting = await fixture.SocialWorker.ListTrackerEntriesAsync(new ListTrackerEntriesRequest { TeamId = team, WaitingLongerThanDays = 10 });
        Assert.Single(waiting.Entries);
        var paged = await fixture.SocialWorker.ListTrackerEntriesAsync(new ListTrackerEntriesRequest { TeamId = team, PageSize = 1 });
        Assert.NotEmpty(paged.NextPageToken);

        // LH-6 (002): a ratified home's visit is due 10 working days after ratification, and flagged once overdue.
        var ratified = await RatifiedAsync();
        var entry = (await fixture.SocialWorker.ListTrackerEntriesAsync(new ListTrackerEntriesRequest { Stage = LastingHomeStage.Ratified, PageSize = 100 }))
            .Entries.Single(e => e.LastingHomeId == ratified.Id);
        var calendar = new WorkingDayCalendar(BankHolidays.Embedded());
        Assert.Equal(calendar.AddWorkingDays(ratified.RatifiedOn.ToDateOnly()!.Value, 10), entry.VisitDueOn.ToDateOnly());
        Assert.False(entry.VisitOverdue);
        fixture.Clock.Advance(TimeSpan.FromDays(16));
        entry = (await fixture.SocialWorker.ListTrackerEntriesAsync(new ListTrackerEntriesRequest { Stage = LastingHomeStage.Ratified, PageSize = 100 }))
            .Entries.Single(e => e.LastingHomeId == ratified.Id);
        Assert.True(entry.VisitOverdue);
        Assert.Null((await fixture.SocialWorker.ListTrackerEntriesAsync(new ListTrackerEntriesRequest { TeamId = team })).Entries[0].VisitDueOn);

        // NS-4: Pathway's care plan revision proposes a lasting home; the TM's start takes it on.
        var revised = fixture.AddChild();
        fixture.Case.Children[revised].Allocations[0].TeamId = team;
        await fixture.PublishAsync("pathway", new CarePlanRevisionOpened { ChildId = revised, PathwayId = Guid.NewGuid().ToString(), TeamId = team }, revised);
        await LocalProcess.WaitUntilAsync(async () => (await fixture.SocialWorker.GetTrackerSummaryAsync(new GetTrackerSummaryRequest { TeamId = team }))
            .ChildrenByStage.ContainsKey("Proposed"), TimeSpan.FromSeconds(60), "the proposed lasting home");
        var summary = await fixture.SocialWorker.GetTrackerSummaryAsync(new GetTrackerSummaryRequest { TeamId = team });
        Assert.Equal((2, 1), (summary.ChildrenByStage["Preparation"], summary.ChildrenByStage["Proposed"]));
        var started = await fixture.StartAsync(revised);
        Assert.Equal(LastingHomeStage.Preparation, started.Stage);
        Assert.Equal(3, (await fixture.SocialWorker.GetTrackerSummaryAsync(new GetTrackerSummaryRequest { TeamId = team })).ChildrenByStage["Preparation"]);
    }

    private Task<LastingHome> VisitAsync(string id, bool card = true) => fixture.TeamManager.RecordCommitmentVisitAsync(fixture.CommitmentVisit(id, card)).ResponseAsync;
}
