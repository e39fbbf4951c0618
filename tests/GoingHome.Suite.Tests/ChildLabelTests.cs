using GoingHome.Case.V1;
using GoingHome.LastingHomes.V1;
using GoingHome.Notifications.V1;
using GoingHome.Pathway.V1;
using Google.Protobuf.WellKnownTypes;
using static GoingHome.Suite.Tests.Team;

namespace GoingHome.Suite.Tests;

/// <summary>
/// Lists name the child: each service keeps the names and date of birth Case raises, and its list messages carry the
/// child's display name and age, so no front end fetches each child to label a row. A rename reaches every list.
/// </summary>
[Collection(SuiteCollection.Name)]
public sealed class ChildLabelTests(SharedSuite suite)
{
    [Fact(DisplayName = "Worker's day: tasks, notifications and the tracker name the child with their age, and follow a rename")]
    public async Task Lists_name_the_child_and_follow_a_rename()
    {
        var team = new Team(suite, "labels");
        var child = await team.ChildEntersCareAsync(9, LegalStatus.CareOrder, 400);
        var record = await team.SocialWorker.Case.GetChildAsync(new GetChildRequest { Id = child.Id });
        var home = await team.RecommendLastingHomeAsync(child);

        async Task<List<(string Name, int Age)>> NamesAsync()
        {
            var tasks = (await team.SocialWorker.Pathway.ListTasksAsync(new ListTasksRequest { ChildId = child.Id, PageSize = 50 })).Tasks
                .Select(t => (t.ChildDisplayName, t.ChildAgeYears));
            var told = (await team.SocialWorker.Notifications.ListChildNotificationsAsync(new ListChildNotificationsRequest { ChildId = child.Id })).Notifications
                .Select(n => (n.ChildDisplayName, n.ChildAgeYears));
            var tracked = (await team.TeamManager.LastingHomes.ListTrackerEntriesAsync(new ListTrackerEntriesRequest { TeamId = home.TeamId, PageSize = 200 })).Entries
                .Where(e => e.ChildId == child.Id).Select(e => (e.ChildDisplayName, e.ChildAgeYears));
            return [.. tasks.Take(1), .. told.Take(1), .. tracked];
        }

        var named = $"{record.GivenName} {record.FamilyName}";
        await EventuallyAsync(async () => await NamesAsync() is { Count: 3 } names && names.All(n => n == (named, 9)), "every list to name the child, aged 9");

        var current = await team.SocialWorker.Case.GetChildAsync(new GetChildRequest { Id = child.Id });
        await team.SocialWorker.Case.UpdateChildAsync(new UpdateChildRequest
        {
            RequestId = NewId(),
            Child = new Child { Id = child.Id, Etag = current.Etag, GivenName = "Amira" },
            UpdateMask = new FieldMask { Paths = { "given_name" } },
        });
        await EventuallyAsync(async () => (await NamesAsync()).All(n => n == ($"Amira {record.FamilyName}", 9)), "every list to follow the rename");
    }
}
