using GoingHome.Case.Domain;
using GoingHome.Case.V1;
using GoingHome.Events.V1;
using GoingHome.ServiceDefaults.Grpc;
using GoingHome.Ssda903;
using Grpc.Core;
using static GoingHome.Case.Tests.Requests;
using static GoingHome.Testing.RpcAssert;

namespace GoingHome.Case.Tests;

/// <summary>
/// The child's time in care as the DfE's SSDA903 return records it, through the public API: a generated population
/// that uses every code syncs and comes back the same (GetChild and the collection year's export), life events at the
/// source are kept in step, endings must fit the facts, and a return home the approvals did not cover is raised.
/// </summary>
[Collection(CaseCollection.Name)]
public sealed class Ssda903HistoryTests(CaseServiceFixture service)
{
    private static readonly DateOnly LastDay = new(2026, 11, 20);
    private readonly CaseService.CaseServiceClient _lcs = service.Client("lcs-903", "integrator");
    private readonly CaseService.CaseServiceClient _sw = service.Client("sw-903", "SW");
    private readonly CaseService.CaseServiceClient _tm = service.Client("tm-903", "TM");

    [Fact(DisplayName = "CLA-1 / CLA-6: a 903 population of 260 children using every code syncs whole, reads back the same, re-syncs unchanged, exports by collection year; broken histories are refused alone, named")]
    public async Task Population_round_trip()
    {
        var tag = Guid.NewGuid().ToString("N")[..4];
        var population = new SyntheticReturn(seed: 903, LastDay).Children(260, $"{tag}-");
        var rows = population.SelectMany(c => c.Ssda903.Episodes).ToList();
        Assert.Equal(Ssda903Codes.LegalStatuses.Keys.Order(), rows.Select(r => r.Ls).Distinct().Order());
        Assert.Equal(Ssda903Codes.PlacementTypes.Keys.Order(), rows.Select(r => r.Pl).Distinct().Order());
        Assert.Equal(Ssda903Codes.ReasonsForNewEpisode.Keys.Order(), rows.Select(r => r.Rne).Distinct().Order());
        Assert.Equal(Ssda903Codes.ReasonsEpisodeCeased.Keys.Order(), rows.Select(r => r.Rec).Where(r => r.Length > 0).Distinct().Order());
        Assert.True(population.Count(c => c.Ssda903.Episodes.Count(e => e.Rne == "S") > 1) > 100, "several periods per child");

        var broken = Broken(tag);
        var results = new List<SyncChildResult>();
        foreach (var batch in population.Concat(broken).Chunk(100))
        {
            results.AddRange((await _lcs.SyncChildrenAsync(Sync(batch))).Results);
        }

        Assert.All(results.Take(population.Count), r => Assert.True(r.Outcome == SyncOutcome.Created, $"{r.SourceId}: {string.Join("; ", r.Violations)}"));
        var refused = results.Skip(population.Count).ToList();
        Assert.All(refused, r => Assert.Equal(SyncOutcome.Refused, r.Outcome));
        Assert.Contains(refused[0].Violations, v => v.Field == "children[60].ssda903.episodes[0].decom" && v.Description.Contains("date of birth", StringComparison.Ordinal));
        Assert.Contains(refused[1].Violations, v => v.Field == "children[61].ssda903.episodes[1].decom" && v.Description.Contains("overlaps", StringComparison.Ordinal));
        Assert.Contains(refused[2].Violations, v => v.Field == "children[62].ssda903.episodes[0].pl");
        Assert.Contains(refused[3].Violations, v => v.RuleId == "CLA-3");

        for (var i = 0; i < population.Count; i++)
        {
            var kept = await _lcs.GetChildAsync(new GetChildRequest { Id = results[i].ChildId });
            Assert.Equal(population[i].Ssda903.Episodes, kept.Ssda903.Episodes);
            Assert.Equal(population[i].Ssda903.Header, kept.Ssda903.Header);
            Assert.Equal(population[i].Ssda903.Episodes.Count(e => e.Rne == "S"), kept.CareFacts.PeriodsOfCare);
        }

        var again = new List<SyncChildResult>();
        foreach (var batch in population.Chunk(100))
        {
            again.AddRange((await _lcs.SyncChildrenAsync(Sync(batch))).Results);
        }

        Assert.All(again, r => Assert.Equal(SyncOutcome.Unchanged, r.Outcome));

        var (first, last) = (new DateOnly(2025, 4, 1), new DateOnly(2026, 3, 31));
        var exported = new Dictionary<string, Ssda903Child>();
        var page = "";
        do
        {
            var response = await _lcs.ListSsda903ChildrenAsync(new ListSsda903ChildrenRequest { CollectionYear = 2026, PageSize = 200, PageToken = page });
            foreach (var c in response.Children.Where(c => c.Childid.StartsWith(tag, StringComparison.Ordinal)))
            {
                exported.Add(c.Childid, c);
            }

            page = response.NextPageToken;
        }
        while (page.Length > 0);

        var inYear = population.Where(c => c.Ssda903.Episodes.Any(e => InYear(e, first, last))).ToList();
        Assert.Equal(inYear.Select(c => c.SourceId).Order(), exported.Keys.Order());
        Assert.All(inYear, c => Assert.Equal(c.Ssda903.Episodes.Where(e => InYear(e, first, last)), exported[c.SourceId].Ssda903.Episodes));
    }

    [Fact(DisplayName = "CLA-1 / CLA-2 / CLA-5: a legal status change, a move and a return home at the source are kept in step; time looked after counts the period; the unapproved return is raised")]
    public async Task Life_events_kept_in_step()
    {
        var source = OpenHistory($"step-{Guid.NewGuid():N}", "V2", "U4", new DateOnly(2026, 6, 1), new DateOnly(2014, 3, 14));
        var created = (await _lcs.SyncChildrenAsync(Sync([source]))).Results.Single();
        Assert.Equal(SyncOutcome.Created, created.Outcome);

        // X1 then RNE L: an interim care order from 1 August, the same foster placement.
        var episodes = source.Ssda903.Episodes;
        episodes[0].Dec = Day(2026, 8, 1);
        episodes[0].Rec = "X1";
        episodes.Add(new Ssda903Episode { Decom = Day(2026, 8, 1), Rne = "L", Ls = "C1", Cin = "N1", Pl = "U4", PlaceProvider = "PR1" });
        Assert.Equal(SyncOutcome.Updated, (await _lcs.SyncChildrenAsync(Sync([source]))).Results.Single().Outcome);
        var changed = await _sw.GetChildAsync(new GetChildRequest { Id = created.ChildId });
        Assert.Equal((LegalStatus.InterimCareOrder, "C1"), (changed.CurrentLegalStatus, changed.CareFacts.LegalStatusCode));
        Assert.Equal(2, changed.CareEpisodes.Count);
        Assert.All(changed.CareEpisodes, e => Assert.Equal(Day(2026, 6, 1), e.PeriodStartDate));
        // CLA-2: days looked after run from the period's start on 1 June, not the new episode's.
        Assert.Equal(LondonToday().DayNumber - new DateOnly(2026, 6, 1).DayNumber, changed.CareFacts.DaysLookedAfter);
        Assert.False(changed.CareFacts.Section20);

        // A move (P), then the source records the child went home on 15 November (E4A).
        episodes[1].Dec = Day(2026, 10, 1);
        episodes[1].Rec = "X1";
        episodes.Add(new Ssda903Episode { Decom = Day(2026, 10, 1), Rne = "P", Ls = "C1", Cin = "N1", Pl = "U1", PlaceProvider = "PR1", ReasonPlaceChange = "CARPL", Dec = Day(2026, 11, 15), Rec = "E4A" });
        Assert.Equal(SyncOutcome.Updated, (await _lcs.SyncChildrenAsync(Sync([source]))).Results.Single().Outcome);

        var home = await _sw.GetChildAsync(new GetChildRequest { Id = created.ChildId });
        Assert.Equal(episodes, home.Ssda903.Episodes);
        Assert.False(home.CareFacts.LookedAfter);
        Assert.True(home.CareFacts.LivingAtHome);
        Assert.Equal("E4A", home.CareFacts.PeriodEndCode);
        Assert.True(home.CareFacts.UnapprovedReturnHome);
        Assert.Equal(["AP-2", "AP-5", "AP-4"], home.CareFacts.MissingApprovalRuleIds);
        Assert.Equal(EpisodeEndReason.ReturnedHome, home.CareEpisodes[^1].EndReason);
        var events = await service.CaseEventsAsync(created.ChildId, 7);
        Assert.Equal(
            [ChildCreated.Descriptor.FullName, CareEpisodeStarted.Descriptor.FullName, CareEpisodeEnded.Descriptor.FullName, CareEpisodeStarted.Descriptor.FullName,
             PlacementAdded.Descriptor.FullName, CareEpisodeEnded.Descriptor.FullName],
            events.Take(6));
    }

    [Fact(DisplayName = "CLA-3: an 18th birthday and an adoption at the source are kept when they fit the facts and refused, named, when they do not")]
    public async Task Endings_at_the_source_fit_the_facts()
    {
        var adult = OpenHistory($"e17-{Guid.NewGuid():N}", "C2", "U4", new DateOnly(2020, 1, 6), new DateOnly(2008, 5, 1));
        Close(adult, new DateOnly(2026, 6, 1), "E17");
        var sixteen = OpenHistory($"e17y-{Guid.NewGuid():N}", "C2", "U4", new DateOnly(2020, 1, 6), new DateOnly(2010, 5, 1));
        Close(sixteen, new DateOnly(2026, 6, 1), "E17");
        var adopted = OpenHistory($"e11-{Guid.NewGuid():N}", "E1", "A5", new DateOnly(2024, 1, 6), new DateOnly(2022, 5, 1));
        Close(adopted, new DateOnly(2026, 6, 1), "E11");
        var noOrder = OpenHistory($"e11n-{Guid.NewGuid():N}", "C2", "U4", new DateOnly(2024, 1, 6), new DateOnly(2022, 5, 1));
        Close(noOrder, new DateOnly(2026, 6, 1), "E11");

        var results = (await _lcs.SyncChildrenAsync(Sync([adult, sixteen, adopted, noOrder]))).Results;

        Assert.Equal([SyncOutcome.Created, SyncOutcome.Refused, SyncOutcome.Created, SyncOutcome.Refused], results.Select(r => r.Outcome));
        Assert.Contains(results[1].Violations, v => v.RuleId == "CLA-3" && v.Description.Contains("E17", StringComparison.Ordinal));
        Assert.Contains(results[3].Violations, v => v.RuleId == "CLA-3" && v.Description.Contains("placement order", StringComparison.Ordinal));
        Assert.Equal(EpisodeEndReason.Age18, (await _sw.GetChildAsync(new GetChildRequest { Id = results[0].ChildId })).CareEpisodes.Single().EndReason);
    }

    [Fact(DisplayName = "CLA-1 / CLA-2 / CLA-3 / CLA-4: in GoingHome, a legal status change stays in the period; no code ends it early, AGE_18 needs 18, and an ending while placed with parents needs the return-home approvals")]
    public async Task Endings_in_GoingHome()
    {
        var child = await _sw.CreateChildAsync(NewChild());
        var s20 = await _sw.StartCareEpisodeAsync(new StartCareEpisodeRequest
        {
            ChildId = child.Id, RequestId = NewId(), Ls = "V2", Cin = "N4", StartDate = Day(2026, 9, 1),
            Placement = new Placement { Pl = "U6", CarerName = "The Browns", StartDate = Day(2026, 9, 1) },
        });
        Assert.Equal((LegalStatus.Section20, "V2"), (s20.LegalStatus, s20.Ls));
        var end = new EndCareEpisodeRequest { ChildId = child.Id, EpisodeId = s20.Id, EndDate = Day(2026, 11, 1), RequestId = NewId() };

        Assert.Equal(["CLA-1"], UnmetRules(await Assert.ThrowsAsync<RpcException>(() => _tm.EndCareEpisodeAsync(With(end, e => e.EndReason = EpisodeEndReason.LegalStatusChanged)).ResponseAsync)));
        Assert.Equal(["CLA-3"], UnmetRules(await Assert.ThrowsAsync<RpcException>(() => _tm.EndCareEpisodeAsync(With(end, e => e.EndReason = EpisodeEndReason.Age18)).ResponseAsync)));
        Assert.Equal(["CLA-3"], UnmetRules(await Assert.ThrowsAsync<RpcException>(() => _tm.EndCareEpisodeAsync(With(end, e => e.Rec = "E5")).ResponseAsync)));
        // CLA-4: "any other reason" for a child under 18 is a return home: gated (AP-1 after section 20).
        Assert.Contains("AP-1", UnmetRules(await Assert.ThrowsAsync<RpcException>(() => _tm.EndCareEpisodeAsync(With(end, e => e.EndReason = EpisodeEndReason.Other)).ResponseAsync)));
        // CLA-3: a child arrangements order needs the order on the file first.
        Assert.Equal(["CLA-3"], UnmetRules(await Assert.ThrowsAsync<RpcException>(() => _tm.EndCareEpisodeAsync(With(end, e => e.Rec = "E41")).ResponseAsync)));
        var mismatch = await Assert.ThrowsAsync<RpcException>(() => _tm.EndCareEpisodeAsync(With(end, e => { e.Rec = "E13"; e.EndReason = EpisodeEndReason.Adopted; })).ResponseAsync);
        Assert.Equal(StatusCode.InvalidArgument, mismatch.StatusCode);

        // CLA-1: a care order in the same period; CLA-2: the days still count from 1 September.
        var order = await _tm.ChangeLegalStatusAsync(new ChangeLegalStatusRequest { ChildId = child.Id, EpisodeId = s20.Id, Ls = "C1", ChangeDate = Day(2026, 10, 1), RequestId = NewId() });
        var kept = await _sw.GetChildAsync(new GetChildRequest { Id = child.Id });
        Assert.Equal(["S", "L"], kept.Ssda903.Episodes.Select(e => e.Rne));
        Assert.Equal(["X1", ""], kept.Ssda903.Episodes.Select(e => e.Rec));
        Assert.Equal(["U6", "U6"], kept.Ssda903.Episodes.Select(e => e.Pl));
        Assert.Equal(LondonToday().DayNumber - new DateOnly(2026, 9, 1).DayNumber, kept.CareFacts.DaysLookedAfter);

        // CLA-4: placed with parents, then ended "for any other reason": still a return home, gated (AP-8 fails closed).
        await _sw.AddPlacementAsync(new AddPlacementRequest { ChildId = child.Id, EpisodeId = order.Id, RequestId = NewId(), Placement = new Placement { Pl = "P1", StartDate = Day(2026, 10, 20) } });
        Assert.True((await _sw.GetChildAsync(new GetChildRequest { Id = child.Id })).CareFacts.LivingAtHome);
        var other = new EndCareEpisodeRequest { ChildId = child.Id, EpisodeId = order.Id, EndDate = Day(2026, 11, 1), RequestId = NewId(), Rec = "E8" };
        var unmet = UnmetRules(await Assert.ThrowsAsync<RpcException>(() => _tm.EndCareEpisodeAsync(other).ResponseAsync));
        Assert.Contains("AP-5", unmet);
        Assert.Contains("AP-4", unmet);
        Assert.True((await _sw.GetChildAsync(new GetChildRequest { Id = child.Id })).CareFacts.LookedAfter);
    }

    [Fact(DisplayName = "S20-6 / CLA-1: the IRO's role ends with the period of care, not with a legal status change")]
    public async Task Iro_role_ends_with_the_period()
    {
        var child = await _sw.CreateChildAsync(NewChild());
        var first = await _sw.StartCareEpisodeAsync(new StartCareEpisodeRequest
        {
            ChildId = child.Id, RequestId = NewId(), Ls = "L2", StartDate = Day(2026, 9, 1), Placement = new Placement { Pl = "U6", StartDate = Day(2026, 9, 1) },
        });
        await _tm.AllocateWorkerAsync(new AllocateWorkerRequest
        {
            ChildId = child.Id, RequestId = NewId(), Allocation = new Allocation { Role = WorkerRole.TeamManager, WorkerId = "tm-903", TeamId = "north" },
        });
        await _tm.AllocateWorkerAsync(new AllocateWorkerRequest
        {
            ChildId = child.Id, RequestId = NewId(), Allocation = new Allocation { Role = WorkerRole.IndependentReviewingOfficer, WorkerId = "iro-903", TeamId = "iro" },
        });
        var second = await _tm.ChangeLegalStatusAsync(new ChangeLegalStatusRequest { ChildId = child.Id, EpisodeId = first.Id, Ls = "C1", ChangeDate = Day(2026, 9, 8), RequestId = NewId() });
        Assert.Contains((await _sw.GetChildAsync(new GetChildRequest { Id = child.Id })).Allocations, a => a.Role == WorkerRole.IndependentReviewingOfficer);

        await _tm.EndCareEpisodeAsync(new EndCareEpisodeRequest { ChildId = child.Id, EpisodeId = second.Id, EndDate = Day(2026, 11, 1), Rec = "E3", RequestId = NewId() });

        var ended = await _sw.GetChildAsync(new GetChildRequest { Id = child.Id });
        Assert.DoesNotContain(ended.Allocations, a => a.Role == WorkerRole.IndependentReviewingOfficer);
        Assert.Equal(("E3", false), (ended.CareFacts.PeriodEndCode, ended.CareFacts.LookedAfter));
        Assert.Equal(61, ended.CareFacts.DaysLookedAfter);
    }

    [Fact(DisplayName = "CLA-6: the collection year's export is for integrators only, and a bad year is INVALID_ARGUMENT")]
    public async Task Export_access()
    {
        var refused = await Assert.ThrowsAsync<RpcException>(() => _sw.ListSsda903ChildrenAsync(new ListSsda903ChildrenRequest { CollectionYear = 2026 }).ResponseAsync);
        Assert.Equal(StatusCode.PermissionDenied, refused.StatusCode);
        var bad = await Assert.ThrowsAsync<RpcException>(() => _lcs.ListSsda903ChildrenAsync(new ListSsda903ChildrenRequest { CollectionYear = 26 }).ResponseAsync);
        Assert.Equal(StatusCode.InvalidArgument, bad.StatusCode);
    }

    private DateOnly LondonToday() => GoingHome.Time.WorkingDayCalendar.LondonDate(service.Clock.GetUtcNow());

    private static bool InYear(Ssda903Episode e, DateOnly first, DateOnly last) =>
        e.Decom.ToDateOnly() <= last && (e.Dec is null || e.Dec.ToDateOnly() >= first);

    private static T With<T>(T request, Action<T> change)
        where T : Google.Protobuf.IMessage<T>
    {
        var copy = request.Clone();
        change(copy);
        return copy;
    }

    private static SyncChildrenRequest Sync(IEnumerable<SourceChild> children) => new() { SourceSystem = "lcs", RequestId = NewId(), Children = { children } };

    private static SourceChild OpenHistory(string sourceId, string ls, string pl, DateOnly decom, DateOnly dob) => new()
    {
        SourceId = sourceId,
        Child = new Child { GivenName = "Jo", FamilyName = "Source" },
        Ssda903 = new Ssda903History
        {
            Header = new Ssda903Header { Upn = "UN2", Sex = "2", Dob = dob.ToProto(), Ethnic = "WBRI", Uasc = "0" },
            Episodes = { new Ssda903Episode { Decom = decom.ToProto(), Rne = "S", Ls = ls, Cin = "N1", Pl = pl, PlaceProvider = "PR1" } },
        },
    };

    private static void Close(SourceChild child, DateOnly dec, string rec)
    {
        child.Ssda903.Episodes[^1].Dec = dec.ToProto();
        child.Ssda903.Episodes[^1].Rec = rec;
    }

    /// <summary>Histories that each break one stated rule: before birth, overlapping periods, an unknown code, an ending that does not fit.</summary>
    private static List<SourceChild> Broken(string tag)
    {
        var beforeBirth = OpenHistory($"{tag}-bb", "C2", "U4", new DateOnly(2015, 1, 1), new DateOnly(2016, 1, 1));
        var overlapping = OpenHistory($"{tag}-ov", "C2", "U4", new DateOnly(2020, 1, 1), new DateOnly(2016, 1, 1));
        Close(overlapping, new DateOnly(2021, 1, 1), "E8");
        overlapping.Ssda903.Episodes.Add(new Ssda903Episode { Decom = Day(2020, 6, 1), Rne = "S", Ls = "V2", Cin = "N1", Pl = "U6" });
        var unknown = OpenHistory($"{tag}-uk", "C2", "Q9", new DateOnly(2020, 1, 1), new DateOnly(2016, 1, 1));
        var unfit = OpenHistory($"{tag}-uf", "C2", "U4", new DateOnly(2020, 1, 1), new DateOnly(2016, 1, 1));
        Close(unfit, new DateOnly(2021, 1, 1), "E14");
        return [beforeBirth, overlapping, unknown, unfit];
    }
}
