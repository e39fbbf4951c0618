using GoingHome.Case.V1;
using GoingHome.Events.V1;
using GoingHome.Messaging;
using GoingHome.ServiceDefaults.Errors;
using GoingHome.Testing;
using Google.Protobuf.WellKnownTypes;
using Google.Rpc;
using Grpc.Core;
using Microsoft.EntityFrameworkCore;
using static GoingHome.Case.Tests.Requests;

namespace GoingHome.Case.Tests;

[Collection(CaseCollection.Name)]
public sealed class CareEpisodeTests(CaseServiceFixture service)
{
    private readonly CaseService.CaseServiceClient _sw = service.Client("sw-1", "SW");
    // The team manager of team north, where these children's workers are allocated from (ACC-1).
    private readonly CaseService.CaseServiceClient _tm = new(service.WithToken(TestTokens.InTeam("tm-1", "north", "TM")));

    private async Task<(Child Child, CareEpisode Episode)> LookedAfterChildAsync(LegalStatus status = LegalStatus.Section20)
    {
        var child = await _sw.CreateChildAsync(NewChild());
        var episode = await _sw.StartCareEpisodeAsync(new StartCareEpisodeRequest
        {
            ChildId = child.Id,
            RequestId = NewId(),
            LegalStatus = status,
            StartDate = Day(2026, 9, 1),
            Placement = new Placement { CarerType = CarerType.Foster, CarerName = "The Smiths" },
        });
        return (child, episode);
    }

    [Fact]
    public async Task Starting_an_episode_sets_the_legal_status_records_the_placement_and_the_chronology()
    {
        var (child, episode) = await LookedAfterChildAsync();

        var fetched = await _sw.GetChildAsync(new GetChildRequest { Id = child.Id });
        Assert.Equal(LegalStatus.Section20, fetched.CurrentLegalStatus);
        Assert.Equal(Day(2026, 9, 1), episode.Placements.Single().StartDate);
        var chronology = await _sw.ListChronologyEntriesAsync(new ListChronologyEntriesRequest { ChildId = child.Id });
        Assert.Contains(chronology.Entries, e => e.Category == "Care episode" && e.SystemGenerated);
    }

    [Fact]
    public async Task A_second_open_episode_is_a_failed_precondition()
    {
        var (child, _) = await LookedAfterChildAsync();
        var error = await Assert.ThrowsAsync<RpcException>(async () => await _sw.StartCareEpisodeAsync(new StartCareEpisodeRequest
        {
            ChildId = child.Id,
            RequestId = NewId(),
            LegalStatus = LegalStatus.InterimCareOrder,
            StartDate = Day(2026, 10, 1),
        }));

        Assert.Equal(StatusCode.FailedPrecondition, error.StatusCode);
        Assert.Equal("CASE-EPISODE-OPEN", error.GetStatusDetail<PreconditionFailure>()!.Violations.Single().Type);
    }

    [Fact]
    public async Task An_episode_ending_before_it_starts_is_invalid_and_leaves_it_open()
    {
        var (child, episode) = await LookedAfterChildAsync();
        var error = await Assert.ThrowsAsync<RpcException>(async () => await _tm.EndCareEpisodeAsync(new EndCareEpisodeRequest
        {
            ChildId = child.Id,
            EpisodeId = episode.Id,
            RequestId = NewId(),
            EndDate = Day(2026, 8, 1),
            EndReason = EpisodeEndReason.ReturnedHome,
        }));

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Equal("end_date", error.GetStatusDetail<BadRequest>()!.FieldViolations.Single().Field);
        Assert.Equal(LegalStatus.Section20, (await _sw.GetChildAsync(new GetChildRequest { Id = child.Id })).CurrentLegalStatus);
    }

    [Fact(DisplayName = "GH-1: a later placement ends the current one and raises PlacementAdded, so Pathway books its 72-hour tasks")]
    public async Task GH1_A_later_placement_raises_PlacementAdded()
    {
        var (child, episode) = await LookedAfterChildAsync();
        var placed = await _sw.AddPlacementAsync(new AddPlacementRequest
        {
            ChildId = child.Id, EpisodeId = episode.Id, RequestId = NewId(),
            Placement = new Placement { CarerType = CarerType.Kinship, CarerName = "Aunt Bea", StartDate = Day(2026, 10, 1) },
        });
        var record = await _sw.GetChildAsync(new GetChildRequest { Id = child.Id });
        Assert.Equal(Day(2026, 10, 1), record.CareEpisodes.Single().Placements.Single(p => p.Id != placed.Id).EndDate);
        var types = await service.CaseEventsAsync(child.Id, 3);
        Assert.Equal(PlacementAdded.Descriptor.FullName, types[^1]);
    }

    [Fact(DisplayName = "GH-1: a placement keeps the moment it began (London time), and a start_time on another day than start_date is refused")]
    public async Task GH1_A_placement_keeps_its_start_time()
    {
        var (child, episode) = await LookedAfterChildAsync();
        // 16:00 in London on 1 October 2026 (British Summer Time) is 15:00 UTC.
        var at = new DateTimeOffset(2026, 10, 1, 15, 0, 0, TimeSpan.Zero);
        var placed = await _sw.AddPlacementAsync(new AddPlacementRequest
        {
            ChildId = child.Id, EpisodeId = episode.Id, RequestId = NewId(),
            Placement = new Placement { CarerType = CarerType.Foster, CarerName = "The Browns", StartTime = Timestamp.FromDateTimeOffset(at) },
        });
        Assert.Equal((Day(2026, 10, 1), at), (placed.StartDate, placed.StartTime.ToDateTimeOffset()));
        var stored = (await _sw.GetChildAsync(new GetChildRequest { Id = child.Id })).CareEpisodes.Single().Placements.Single(p => p.Id == placed.Id);
        Assert.Equal(at, stored.StartTime.ToDateTimeOffset());

        var error = await Assert.ThrowsAsync<RpcException>(async () => await _sw.AddPlacementAsync(new AddPlacementRequest
        {
            ChildId = child.Id, EpisodeId = episode.Id, RequestId = NewId(),
            Placement = new Placement { CarerType = CarerType.Foster, StartDate = Day(2026, 10, 2), StartTime = Timestamp.FromDateTimeOffset(at) },
        }));
        Assert.Equal("placement.start_time", error.GetStatusDetail<BadRequest>()!.FieldViolations.Single().Field);
    }

    [Fact]
    public async Task An_unknown_legal_status_is_invalid()
    {
        var child = await _sw.CreateChildAsync(NewChild());
        var error = await Assert.ThrowsAsync<RpcException>(async () => await _sw.StartCareEpisodeAsync(new StartCareEpisodeRequest
        {
            ChildId = child.Id,
            RequestId = NewId(),
            LegalStatus = (LegalStatus)42,
            StartDate = Day(2026, 9, 1),
        }));
        Assert.Equal("legal_status", error.GetStatusDetail<BadRequest>()!.FieldViolations.Single().Field);
    }

    [Fact]
    public async Task Ending_an_episode_ends_its_placement_and_raises_the_event_on_the_case_stream()
    {
        var (child, episode) = await LookedAfterChildAsync();
        var approval = service.Approvals.Add(child.Id, "end-care-episode-after-s20-return", $"section20Returns/{NewId()}",
            new GoingHome.Approvals.V1.Facts { LegalStatus = LegalStatus.Section20, EpisodeStartDate = episode.StartDate });
        var ended = await _tm.EndCareEpisodeAsync(new EndCareEpisodeRequest
        {
            ChildId = child.Id,
            EpisodeId = episode.Id,
            RequestId = NewId(),
            EndDate = Day(2026, 11, 20),
            EndReason = EpisodeEndReason.ReturnedHome,
            ApprovalRequestIds = { approval.Id },
        });

        Assert.Equal(Day(2026, 11, 20), ended.Placements.Single().EndDate);
        Assert.Equal(LegalStatus.Unspecified, (await _sw.GetChildAsync(new GetChildRequest { Id = child.Id })).CurrentLegalStatus);
        var types = await service.CaseEventsAsync(child.Id, 3);
        Assert.Equal([ChildCreated.Descriptor.FullName, CareEpisodeStarted.Descriptor.FullName, CareEpisodeEnded.Descriptor.FullName], types);
    }

    [Fact]
    public async Task Network_and_allocation_changes_raise_events_and_household_membership_is_for_family_only()
    {
        var child = await _sw.CreateChildAsync(NewChild());
        var parent = await _sw.AddNetworkMemberAsync(new AddNetworkMemberRequest
        {
            ChildId = child.Id,
            RequestId = NewId(),
            Member = new NetworkMember { Relationship = Relationship.Parent, Name = "Grace Okafor", HouseholdMember = true },
        });
        var gp = await Assert.ThrowsAsync<RpcException>(async () => await _sw.AddNetworkMemberAsync(new AddNetworkMemberRequest
        {
            ChildId = child.Id,
            RequestId = NewId(),
            Member = new NetworkMember { Relationship = Relationship.Gp, Name = "Dr Patel", HouseholdMember = true },
        }));
        await _tm.AllocateWorkerAsync(new AllocateWorkerRequest
        {
            ChildId = child.Id,
            RequestId = NewId(),
            Allocation = new Allocation { Role = WorkerRole.SocialWorker, WorkerId = "sw-1", WorkerName = "Sam", TeamId = "north" },
        });
        await _tm.AllocateWorkerAsync(new AllocateWorkerRequest
        {
            ChildId = child.Id,
            RequestId = NewId(),
            Allocation = new Allocation { Role = WorkerRole.SocialWorker, WorkerId = "sw-2", WorkerName = "Kim", TeamId = "north" },
        });

        Assert.True(parent.HouseholdMember);
        Assert.Equal("member.household_member", gp.GetStatusDetail<BadRequest>()!.FieldViolations.Single().Field);
        var fetched = await _sw.GetChildAsync(new GetChildRequest { Id = child.Id });
        Assert.Equal("sw-2", fetched.Allocations.Single().WorkerId);
        var types = await service.CaseEventsAsync(child.Id, 4);
        Assert.Equal(
            [ChildCreated.Descriptor.FullName, NetworkChanged.Descriptor.FullName, AllocationChanged.Descriptor.FullName, AllocationChanged.Descriptor.FullName],
            types);
        var outbox = await service.WithDbAsync(db => db.Set<OutboxMessage>().Where(m => m.SentAt == null).CountAsync());
        Assert.Equal(0, outbox);
    }

    [Fact]
    public async Task A_stale_etag_on_a_sub_resource_write_is_aborted()
    {
        var (child, _) = await LookedAfterChildAsync();
        var error = await Assert.ThrowsAsync<RpcException>(async () => await _sw.AddNetworkMemberAsync(new AddNetworkMemberRequest
        {
            ChildId = child.Id,
            RequestId = NewId(),
            Etag = child.Etag,
            Member = new NetworkMember { Relationship = Relationship.WiderFamily, Name = "Aunt Ada" },
        }));
        Assert.Equal(StatusCode.Aborted, error.StatusCode);
    }
}
