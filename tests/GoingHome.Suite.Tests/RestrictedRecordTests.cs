using GoingHome.Approvals.V1;
using GoingHome.Assessment.V1;
using GoingHome.Audit.V1;
using GoingHome.Case.V1;
using GoingHome.LastingHomes.V1;
using GoingHome.Notifications.V1;
using GoingHome.Pathway.V1;
using GoingHome.ServiceDefaults.Auth;
using Grpc.Core;
using static GoingHome.Suite.Tests.Team;

namespace GoingHome.Suite.Tests;

/// <summary>
/// A restricted record across the suite: the team manager restricts a child's record in Case, and every service, from
/// Case's event, hides the child from a practitioner not named (NOT_FOUND by every door, left out of lists and
/// inboxes), logs each attempt as refused, and opens it again when the restriction is lifted.
/// </summary>
[Collection(SuiteCollection.Name)]
public sealed class RestrictedRecordTests(SharedSuite suite, Xunit.Abstractions.ITestOutputHelper output)
{
    [Fact(DisplayName = "Trust: all six services hide a restricted child from those not named, log the attempts, and show it again once lifted")]
    public async Task Every_service_honours_a_restriction()
    {
        var team = new Team(suite, "restrict");
        var child = await team.ChildEntersCareAsync(9, LegalStatus.InterimCareOrder, 20, JourneyTests.Family());
        var outsider = suite.As("tm-not-named", Roles.TeamManager);
        var doors = Doors(child.Id);
        Assert.NotEmpty(await TasksOfAsync(outsider, team.SocialWorker.Id));
        foreach (var (service, door) in doors)
        {
            Assert.False(await NotFoundAsync(() => door(outsider)), service);
        }

        var restriction = await team.TeamManager.Case.RestrictChildRecordAsync(new RestrictChildRecordRequest
        {
            ChildId = child.Id, RequestId = NewId(), Reason = "A child of a member of staff", UserIds = { team.SocialWorker.Id, team.Iro.Id },
        });

        var answered = System.Diagnostics.Stopwatch.StartNew();
        foreach (var (service, door) in doors)
        {
            await EventuallyAsync(async () => await NotFoundAsync(() => door(outsider)), $"{service} to hide the restricted child");
            output.WriteLine($"{service} hides the child {answered.ElapsedMilliseconds} ms after RestrictChildRecord answered");
        }

        Assert.Empty(await TasksOfAsync(outsider, team.SocialWorker.Id));
        var outsiderInbox = await outsider.Notifications.ListNotificationsAsync(new ListNotificationsRequest { PageSize = 200 });
        Assert.DoesNotContain(outsiderInbox.Notifications, n => n.ChildId == child.Id);
        foreach (var (service, door) in doors)
        {
            Assert.False(await NotFoundAsync(() => door(team.TeamManager)), service);
        }

        Assert.NotEmpty(await TasksOfAsync(team.SocialWorker, team.SocialWorker.Id));
        Assert.NotEmpty(await team.SocialWorker.InboxAsync(child.Id));

        var dpo = suite.As("dpo-restrict", Roles.DataProtectionOfficer);
        var refused = new List<AccessRecord>();
        await EventuallyAsync(async () =>
        {
            refused = [.. (await dpo.SuiteAccessLog.ListChildAccessAsync(new ListChildAccessRequest { ChildId = child.Id })).Records
                .Where(r => r is { UserId: "tm-not-named", Access: AccessKind.Refused })];
            return refused.Select(r => r.Service).Distinct().Count() == Suite.Services.Count;
        }, "every service's refusal to reach the access log");
        Assert.Equal(Suite.Services.Select(s => s.Name).Order(), refused.Select(r => r.Service).Distinct().Order());

        await team.TeamManager.Case.LiftChildRecordRestrictionAsync(new LiftChildRecordRestrictionRequest
        {
            ChildId = child.Id, RequestId = NewId(), Reason = "The member of staff has left", Etag = restriction.Etag,
        });
        foreach (var (service, door) in doors)
        {
            await EventuallyAsync(async () => !await NotFoundAsync(() => door(outsider)), $"{service} to show the child again");
        }
    }

    /// <summary>
    /// One call per service that names the child. Lasting Homes lists by team, not child, so its door is starting a
    /// lasting home with the carer left out: INVALID_ARGUMENT for those who may see the record, NOT_FOUND for others.
    /// </summary>
    private static List<(string Service, Func<Person, Task> Door)> Doors(string childId) =>
    [
        ("case", async p => await p.Case.GetChildAsync(new GetChildRequest { Id = childId })),
        ("pathway", async p => await p.Pathway.GetPathwayAsync(new GetPathwayRequest { ChildId = childId })),
        ("assessment", async p => await p.Assessment.ListChecklistsAsync(new ListChecklistsRequest { ChildId = childId })),
        ("approvals", async p => await p.Approvals.ListApprovalRequestsAsync(new ListApprovalRequestsRequest { ChildId = childId })),
        ("notifications", async p => await p.Notifications.ListChildNotificationsAsync(new ListChildNotificationsRequest { ChildId = childId })),
        ("lastinghomes", async p => await p.LastingHomes.StartLastingHomeAsync(new StartLastingHomeRequest { ChildId = childId, RequestId = NewId() })),
    ];

    private static async Task<List<PathwayTask>> TasksOfAsync(Person reader, string ownerId) =>
        [.. (await reader.Pathway.ListTasksAsync(new ListTasksRequest { OwnerId = ownerId, PageSize = 200 })).Tasks];

    private static async Task<bool> NotFoundAsync(Func<Task> call)
    {
        try
        {
            await call();
            return false;
        }
        catch (RpcException e) when (e.StatusCode != StatusCode.Unavailable)
        {
            return e.StatusCode == StatusCode.NotFound;
        }
    }
}
