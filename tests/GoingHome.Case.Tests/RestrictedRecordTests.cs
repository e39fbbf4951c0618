using GoingHome.Audit.V1;
using GoingHome.Case.V1;
using GoingHome.Testing;
using Grpc.Core;
using static GoingHome.Case.Tests.Requests;

namespace GoingHome.Case.Tests;

/// <summary>
/// Restricted records in Case, the service that owns them: a team manager or above restricts a child's record to named
/// people and teams; everyone else finds no such child, whichever method they use, and every attempt is logged.
/// </summary>
[Collection(CaseCollection.Name)]
public sealed class RestrictedRecordTests(CaseServiceFixture service)
{
    private AccessLogService.AccessLogServiceClient Dpo => new(service.Invoker("dpo-restrict", "DPO"));

    [Fact(DisplayName = "Trust: a restricted record is NOT_FOUND to everyone not named, exactly as a child that does not exist, by every method that names it")]
    public async Task Restricted_record_is_absent_to_others()
    {
        var family = $"Restricted{Guid.NewGuid():N}"[..20];
        var (child, _) = await RestrictedChildAsync(family, users: ["sw-named"], teams: ["north"]);
        var outsider = service.Client("sw-outsider", "SW");
        var absent = await Assert.ThrowsAsync<RpcException>(async () => await outsider.GetChildAsync(new GetChildRequest { Id = Guid.NewGuid().ToString() }));

        var calls = new Func<Task>[]
        {
            async () => await outsider.GetChildAsync(new GetChildRequest { Id = child.Id }),
            async () => await outsider.ListCaseNotesAsync(new ListCaseNotesRequest { ChildId = child.Id }),
            async () => await outsider.ListChronologyEntriesAsync(new ListChronologyEntriesRequest { ChildId = child.Id }),
            async () => await outsider.GetChildRecordRestrictionAsync(new GetChildRecordRestrictionRequest { ChildId = child.Id }),
            async () => await outsider.CreateCaseNoteAsync(new CreateCaseNoteRequest
            {
                ChildId = child.Id, RequestId = NewId(), Note = new CaseNote { Type = CaseNoteType.Visit, Subject = "Visit", Body = "Seen at school." },
            }),
            async () => await outsider.UpdateChildAsync(new UpdateChildRequest
            {
                Child = new Child { Id = child.Id, GivenName = "Changed", Etag = "7" }, UpdateMask = new() { Paths = { "given_name" } }, RequestId = NewId(),
            }),
        };
        foreach (var call in calls)
        {
            var error = await Assert.ThrowsAsync<RpcException>(call);
            Assert.True(error.StatusCode == StatusCode.NotFound, error.Status.Detail);
            Assert.Equal(absent.Status.Detail.Replace(absent.Status.Detail.Split('\'')[1], ""), error.Status.Detail.Replace(child.Id, ""));
        }

        var listed = await outsider.ListChildrenAsync(new ListChildrenRequest { Filter = $"family_name = \"{family}\"" });
        Assert.Empty(listed.Children);

        var refused = await AccessRecordsAsync(child.Id, r => r.Count(x => x.UserId == "sw-outsider" && x.Access == AccessKind.Refused) >= calls.Length);
        Assert.Equal(calls.Length, refused.Count(r => r is { UserId: "sw-outsider", Access: AccessKind.Refused }));
        Assert.DoesNotContain(refused, r => r is { UserId: "sw-outsider", Access: AccessKind.Read or AccessKind.Write });
    }

    [Fact(DisplayName = "Trust: the people and teams named, and the manager who restricted it, still read and list the record")]
    public async Task Named_people_and_teams_still_see_the_record()
    {
        var family = $"Named{Guid.NewGuid():N}"[..20];
        var (child, manager) = await RestrictedChildAsync(family, users: ["sw-named"], teams: ["north"]);
        var readers = new[]
        {
            manager,
            service.Client("sw-named", "SW"),
            new CaseService.CaseServiceClient(service.WithToken(TestTokens.InTeam("sw-north", "north", "SW"))),
        };
        foreach (var reader in readers)
        {
            Assert.Equal(child.Id, (await reader.GetChildAsync(new GetChildRequest { Id = child.Id })).Id);
            Assert.Single((await reader.ListChildrenAsync(new ListChildrenRequest { Filter = $"family_name = \"{family}\"" })).Children);
        }

        var southerner = new CaseService.CaseServiceClient(service.WithToken(TestTokens.InTeam("sw-south", "south", "SW")));
        var error = await Assert.ThrowsAsync<RpcException>(async () => await southerner.GetChildAsync(new GetChildRequest { Id = child.Id }));
        Assert.Equal(StatusCode.NotFound, error.StatusCode);
        // Not even a count: a filter that matches only the restricted child answers as if there were none.
        var counted = await southerner.ListChildrenAsync(new ListChildrenRequest { Filter = $"family_name = \"{family}\" AND age >= 1" });
        Assert.Equal((0, 0), (counted.TotalSize, counted.Children.Count));
    }

    [Fact(DisplayName = "Trust: only a team manager or above restricts or lifts a record; the restriction names its reason and the restricting manager")]
    public async Task Only_managers_restrict()
    {
        var child = await service.Client("sw-r", "SW").CreateChildAsync(NewChild());
        foreach (var role in new[] { "SW", "SSW", "IRO", "admin", "service", "DPO" })
        {
            var error = await Assert.ThrowsAsync<RpcException>(async () => await service.Client($"r-{role}", role).RestrictChildRecordAsync(Restrict(child.Id, "r-x")));
            Assert.Equal(StatusCode.PermissionDenied, error.StatusCode);
        }

        var restriction = await service.Client("tm-r", "TM").RestrictChildRecordAsync(Restrict(child.Id, "sw-r"));
        Assert.True(restriction.Restricted);
        Assert.Equal(["sw-r", "tm-r"], restriction.UserIds.Order());
        Assert.Equal("tm-r", restriction.ChangeUserId);
        Assert.Equal("A child of a member of staff", restriction.Reason);
        Assert.Equal("1", restriction.Etag);

        var blank = await Assert.ThrowsAsync<RpcException>(async () => await service.Client("tm-r", "TM").RestrictChildRecordAsync(
            new RestrictChildRecordRequest { ChildId = child.Id, RequestId = NewId() }));
        Assert.Equal(StatusCode.InvalidArgument, blank.StatusCode);
        var stale = await Assert.ThrowsAsync<RpcException>(async () => await service.Client("tm-r", "TM").RestrictChildRecordAsync(
            new RestrictChildRecordRequest { ChildId = child.Id, RequestId = NewId(), Reason = "Again", Etag = "0" }));
        Assert.Equal(StatusCode.Aborted, stale.StatusCode);
    }

    [Fact(DisplayName = "Trust: lifting a restriction needs a reason, opens the record to everyone again, and is in the access log as a write")]
    public async Task Lifting_opens_the_record_and_is_audited()
    {
        var (child, manager) = await RestrictedChildAsync($"Lift{Guid.NewGuid():N}"[..20], users: [], teams: []);
        var outsider = service.Client("sw-later", "SW");
        await Assert.ThrowsAsync<RpcException>(async () => await outsider.GetChildAsync(new GetChildRequest { Id = child.Id }));

        var noReason = await Assert.ThrowsAsync<RpcException>(async () => await manager.LiftChildRecordRestrictionAsync(
            new LiftChildRecordRestrictionRequest { ChildId = child.Id, RequestId = NewId() }));
        Assert.Equal(StatusCode.InvalidArgument, noReason.StatusCode);

        var lifted = await manager.LiftChildRecordRestrictionAsync(new LiftChildRecordRestrictionRequest
        {
            ChildId = child.Id, RequestId = NewId(), Reason = "No longer in the news", Etag = "1",
        });
        Assert.False(lifted.Restricted);
        Assert.Equal("2", lifted.Etag);
        Assert.Equal(child.Id, (await outsider.GetChildAsync(new GetChildRequest { Id = child.Id })).Id);

        var log = await AccessRecordsAsync(child.Id, r => r.Any(x => x.Method.EndsWith("/LiftChildRecordRestriction", StringComparison.Ordinal)));
        Assert.Contains(log, r => r is { UserId: "tm-restricts", Access: AccessKind.Write } && r.Method.EndsWith("/RestrictChildRecord", StringComparison.Ordinal));
        Assert.Contains(log, r => r is { UserId: "tm-restricts", Access: AccessKind.Write } && r.Method.EndsWith("/LiftChildRecordRestriction", StringComparison.Ordinal));
    }

    private async Task<(Child Child, CaseService.CaseServiceClient Manager)> RestrictedChildAsync(string family, string[] users, string[] teams)
    {
        var manager = service.Client("tm-restricts", "TM");
        var child = await manager.CreateChildAsync(NewChild(familyName: family));
        var request = Restrict(child.Id, users);
        request.TeamIds.AddRange(teams);
        await manager.RestrictChildRecordAsync(request);
        return (child, manager);
    }

    private static RestrictChildRecordRequest Restrict(string childId, params string[] users) => new()
    {
        ChildId = childId, RequestId = NewId(), Reason = "A child of a member of staff", UserIds = { users },
    };

    private async Task<List<AccessRecord>> AccessRecordsAsync(string childId, Func<List<AccessRecord>, bool> done)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (true)
        {
            var records = (await Dpo.ListAccessRecordsAsync(new ListAccessRecordsRequest { ChildId = childId, PageSize = 200 })).Records.ToList();
            if (done(records) || DateTime.UtcNow > deadline)
            {
                return records;
            }

            await Task.Delay(100);
        }
    }
}
