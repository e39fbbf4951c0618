using GoingHome.Case.V1;
using GoingHome.Events.V1;
using GoingHome.ServiceDefaults.Errors;
using Google.Rpc;
using Grpc.Core;
using static GoingHome.Case.Tests.Requests;

namespace GoingHome.Case.Tests;

/// <summary>
/// Keeping GoingHome in step with the system of record: children matched by the source system's ids, created with
/// their episode, placement, allocations and network, left alone when nothing changed, updated (one event) when a field
/// did, and refused one by one when they break a rule.
/// </summary>
[Collection(CaseCollection.Name)]
public sealed class SyncTests(CaseServiceFixture service)
{
    private readonly CaseService.CaseServiceClient _lcs = service.Client("lcs-sync", "integrator");

    [Fact(DisplayName = "Integrators: a first sync creates each child with its episode, placement, allocations and network and their events; the same data again changes nothing and raises nothing")]
    public async Task First_load_then_unchanged()
    {
        var sources = Enumerable.Range(0, 3).Select(i => Source($"lcs-{Guid.NewGuid():N}", $"Synced{i}")).ToList();
        var first = await _lcs.SyncChildrenAsync(Sync(sources));

        Assert.All(first.Results, r => Assert.Equal(SyncOutcome.Created, r.Outcome));
        Assert.Equal(sources.Select(s => s.SourceId), first.Results.Select(r => r.SourceId));
        var child = await service.Client("sw-sync", "SW").GetChildAsync(new GetChildRequest { Id = first.Results[0].ChildId });
        Assert.Equal(("lcs", sources[0].SourceId, first.Results[0].Etag), (child.SourceSystem, child.SourceId, child.Etag));
        var episode = Assert.Single(child.CareEpisodes);
        Assert.Equal((LegalStatus.InterimCareOrder, Day(2026, 9, 1)), (episode.LegalStatus, episode.StartDate));
        Assert.Equal("The Browns", Assert.Single(episode.Placements).CarerName);
        Assert.Equal(3, child.Allocations.Count);
        Assert.Equal("Mum", Assert.Single(child.Network).Name);
        var events = await service.CaseEventsAsync(first.Results[0].ChildId, 6);
        Assert.Equal(
            [ChildCreated.Descriptor.FullName, CareEpisodeStarted.Descriptor.FullName, AllocationChanged.Descriptor.FullName,
             AllocationChanged.Descriptor.FullName, AllocationChanged.Descriptor.FullName, NetworkChanged.Descriptor.FullName],
            events);

        var again = await _lcs.SyncChildrenAsync(Sync(sources));
        Assert.All(again.Results, r => Assert.Equal(SyncOutcome.Unchanged, r.Outcome));
        Assert.Equal(first.Results.Select(r => (r.ChildId, r.Etag)), again.Results.Select(r => (r.ChildId, r.Etag)));
        Assert.Equal(6, (await service.CaseEventsAsync(first.Results[0].ChildId, 7)).Count);
    }

    [Fact(DisplayName = "Integrators: a changed field updates the child with a new etag and one ChildUpdated event; a new placement adds PlacementAdded (GH-1)")]
    public async Task Changed_fields_update()
    {
        var source = Source($"lcs-{Guid.NewGuid():N}", "Before");
        var created = (await _lcs.SyncChildrenAsync(Sync([source]))).Results[0];

        source.Child.FamilyName = "After";
        source.CareEpisodes[0].Placements.Add(new Placement { CarerType = CarerType.Kinship, CarerName = "Aunt Bea", StartDate = Day(2026, 10, 1) });
        var updated = (await _lcs.SyncChildrenAsync(Sync([source]))).Results[0];

        Assert.Equal(SyncOutcome.Updated, updated.Outcome);
        Assert.NotEqual(created.Etag, updated.Etag);
        var child = await service.Client("sw-sync", "SW").GetChildAsync(new GetChildRequest { Id = created.ChildId });
        Assert.Equal("After", child.FamilyName);
        Assert.Equal(2, child.CareEpisodes.Single().Placements.Count);
        var events = await service.CaseEventsAsync(created.ChildId, 8);
        Assert.Equal([ChildUpdated.Descriptor.FullName, PlacementAdded.Descriptor.FullName], events.Skip(6));
    }

    [Fact(DisplayName = "Integrators / CLA-3: a child that breaks a rule is refused alone with its violations, and the rest go through")]
    public async Task Bad_records_are_refused_alone()
    {
        var good = Source($"lcs-{Guid.NewGuid():N}", "Good");
        var unborn = Source($"lcs-{Guid.NewGuid():N}", "Unborn");
        unborn.Child.DateOfBirth = Day(2031, 1, 1);
        var ended = Source($"lcs-{Guid.NewGuid():N}", "Ended");
        var renamed = Source($"lcs-{Guid.NewGuid():N}", "Renamed");
        var before = (await _lcs.SyncChildrenAsync(Sync([ended, renamed]))).Results;
        ended.CareEpisodes[0].EndDate = Day(2026, 11, 1);
        // CLA-3: an 18th-birthday ending for a twelve-year-old does not fit the facts.
        ended.CareEpisodes[0].EndReason = EpisodeEndReason.Age18;
        renamed.Child.GivenName = "Renamed";

        var results = (await _lcs.SyncChildrenAsync(Sync([good, unborn, ended, renamed]))).Results;

        Assert.Equal([SyncOutcome.Created, SyncOutcome.Refused, SyncOutcome.Refused, SyncOutcome.Updated], results.Select(r => r.Outcome));
        Assert.Equal("Renamed", (await service.Client("sw-sync", "SW").GetChildAsync(new GetChildRequest { Id = results[3].ChildId })).GivenName);
        var kept = await service.Client("sw-sync", "SW").GetChildAsync(new GetChildRequest { Id = before[0].ChildId });
        Assert.Null(kept.CareEpisodes.Single().EndDate);
        Assert.Contains(results[1].Violations, v => v.Field == "children[1].child.date_of_birth");
        Assert.Empty(results[1].ChildId);
        Assert.Contains(results[2].Violations, v => v.RuleId == "CLA-3" && v.Description.Contains("E17", StringComparison.Ordinal));
    }

    [Fact(DisplayName = "Integrators: a synced date of birth after the child's care episode began is refused, as UpdateChild refuses it")]
    public async Task Birth_after_an_episode_is_refused()
    {
        var source = Source($"lcs-{Guid.NewGuid():N}", "Born");
        var created = (await _lcs.SyncChildrenAsync(Sync([source]))).Results[0];
        source.Child.DateOfBirth = Day(2026, 10, 1);

        var refused = (await _lcs.SyncChildrenAsync(Sync([source]))).Results[0];

        Assert.Equal(SyncOutcome.Refused, refused.Outcome);
        // CLA-6: the episode the source holds would then begin before the child was born.
        Assert.Contains(refused.Violations, v => v.Field == "children[0].care_episodes[0].placements[0].start_date" && v.Description.Contains("date of birth", StringComparison.Ordinal));
        Assert.Equal(Day(2014, 3, 14), (await service.Client("sw-sync", "SW").GetChildAsync(new GetChildRequest { Id = created.ChildId })).DateOfBirth);
    }

    [Fact(DisplayName = "Integrators: a bad batch is refused whole with the field named; only an integrator syncs")]
    public async Task Bad_batches_and_other_roles()
    {
        var error = await Assert.ThrowsAsync<RpcException>(async () => await _lcs.SyncChildrenAsync(new SyncChildrenRequest { SourceSystem = "LCS!", RequestId = NewId() }));
        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Contains("source_system", error.Status.Detail, StringComparison.Ordinal);
        foreach (var role in new[] { "SW", "TM", "Director", "admin", "service" })
        {
            var refused = await Assert.ThrowsAsync<RpcException>(async () => await service.Client($"{role}-sync", role).SyncChildrenAsync(Sync([Source("x", "X")])));
            Assert.Equal(StatusCode.PermissionDenied, refused.StatusCode);
        }
    }

    [Fact(DisplayName = "ACC-3: an integrator is bound to its source system: another client's source is refused, an unbound client keeps nothing, and it reads only the children it keeps")]
    public async Task Integrators_are_bound_to_their_source()
    {
        var kept = (await _lcs.SyncChildrenAsync(Sync([Source($"acc3-{Guid.NewGuid():N}", "Kept")]))).Results.Single();
        var mosaic = service.Client("mosaic-sync", "integrator");

        // Another integrator sending the first one's source system changes nothing of its children.
        var takeover = await Assert.ThrowsAsync<RpcException>(async () => await mosaic.SyncChildrenAsync(Sync([Source("anything", "Taken")])));
        Assert.Equal(StatusCode.PermissionDenied, takeover.StatusCode);
        Assert.Equal("ACC-3", takeover.GetStatusDetail<ErrorInfo>()!.Metadata["rule_ids"]);
        var unbound = await Assert.ThrowsAsync<RpcException>(async () => await service.Client("unknown-client", "integrator").SyncChildrenAsync(Sync([Source("x", "X")])));
        Assert.Equal(StatusCode.PermissionDenied, unbound.StatusCode);

        // It reads the children it keeps, not another's nor those typed in by workers (answered as unknown ids).
        Assert.Equal("Kept", (await _lcs.GetChildAsync(new GetChildRequest { Id = kept.ChildId })).FamilyName);
        var notTheirs = await Assert.ThrowsAsync<RpcException>(async () => await mosaic.GetChildAsync(new GetChildRequest { Id = kept.ChildId }));
        Assert.Equal(StatusCode.NotFound, notTheirs.StatusCode);
        var typedIn = await service.Client("sw-acc3", "SW").CreateChildAsync(NewChild(familyName: "TypedIn"));
        Assert.Equal(StatusCode.NotFound, (await Assert.ThrowsAsync<RpcException>(async () => await _lcs.GetChildAsync(new GetChildRequest { Id = typedIn.Id }))).StatusCode);
        var listed = await _lcs.ListChildrenAsync(new ListChildrenRequest { Filter = "family_name = \"Kept\"", PageSize = 200 });
        Assert.Equal(kept.ChildId, listed.Children.Single().Id);
        Assert.Equal(0, (await _lcs.ListChildrenAsync(new ListChildrenRequest { Filter = "family_name = \"TypedIn\"" })).TotalSize);
        Assert.Equal(0, (await mosaic.ListChildrenAsync(new ListChildrenRequest { Filter = "family_name = \"Kept\"" })).TotalSize);
    }

    private static SyncChildrenRequest Sync(IEnumerable<SourceChild> children) => new() { SourceSystem = "lcs", RequestId = NewId(), Children = { children } };

    private static SourceChild Source(string sourceId, string familyName) => new()
    {
        SourceId = sourceId,
        Child = NewChild(familyName: familyName).Child,
        CareEpisodes =
        {
            new CareEpisode
            {
                LegalStatus = LegalStatus.InterimCareOrder, StartDate = Day(2026, 9, 1),
                Placements = { new Placement { CarerType = CarerType.Foster, CarerName = "The Browns", StartDate = Day(2026, 9, 1) } },
            },
        },
        Allocations =
        {
            new Allocation { Role = WorkerRole.SocialWorker, WorkerId = "sw-lcs", WorkerName = "Sam", TeamId = "north" },
            new Allocation { Role = WorkerRole.TeamManager, WorkerId = "tm-lcs", WorkerName = "Tia", TeamId = "north" },
            new Allocation { Role = WorkerRole.IndependentReviewingOfficer, WorkerId = "iro-lcs", WorkerName = "Ira", TeamId = "north" },
        },
        Network = { new NetworkMember { Relationship = Relationship.Parent, Name = "Mum" } },
    };
}
