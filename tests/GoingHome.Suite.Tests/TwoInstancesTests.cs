using GoingHome.Case.V1;
using GoingHome.ServiceDefaults.Auth;
using GoingHome.ServiceDefaults.Grpc;
using Xunit.Abstractions;
using static GoingHome.Suite.Tests.Team;

namespace GoingHome.Suite.Tests;

/// <summary>
/// Two copies of every service on one database and Redis, as a deployment with two replicas would run: callers spread
/// over both, both consume the same consumer groups, both run the deadline scan. Nothing may happen twice.
/// </summary>
public sealed class TwoInstancesTests(TwoInstancesTests.TwoOfEach suite, ITestOutputHelper output) : IClassFixture<TwoInstancesTests.TwoOfEach>
{
    private const int Children = 20;

    public sealed class TwoOfEach() : ProcessSuite(2)
    {
        /// <summary>A scan every second, so both copies race for every overdue task many times over.</summary>
        protected override IReadOnlyDictionary<string, string> Settings { get; } = new Dictionary<string, string>
        {
            ["Notifications__DeadlineScanInterval"] = "00:00:01",
        };
    }

    [Fact(DisplayName = "NT-4 / GH-1 / NT-5: two instances of each service: every pathway, task, reminder and event handled once")]
    public async Task TwoInstances_NothingHandledTwice()
    {
        for (var i = 0; i < Children; i++)
        {
            // Ten days in care: the 72-hour GH-1 tasks are overdue the moment they are opened.
            var sw = suite.As($"sw-two-{i}", Roles.SocialWorker, instance: i % 2);
            var tm = suite.As($"tm-two-{i}", Roles.TeamManager, instance: (i + 1) % 2);
            var child = await sw.Case.CreateChildAsync(new CreateChildRequest
            {
                RequestId = NewId(), Child = new Child { GivenName = "Kai", FamilyName = $"Twin-{i}", DateOfBirth = Today.AddYears(-6).ToProto(), Gender = Gender.Male },
            });
            await tm.Case.AllocateWorkerAsync(new AllocateWorkerRequest
            {
                ChildId = child.Id, RequestId = NewId(), Allocation = new Allocation { Role = WorkerRole.SocialWorker, WorkerId = sw.Id, TeamId = "north" },
            });
            await sw.Case.StartCareEpisodeAsync(new StartCareEpisodeRequest
            {
                ChildId = child.Id, LegalStatus = LegalStatus.InterimCareOrder, StartDate = Today.AddDays(-10).ToProto(), RequestId = NewId(),
                Placement = new Placement { CarerType = CarerType.Foster, StartDate = Today.AddDays(-10).ToProto() },
            });
        }

        await EventuallyAsync(async () => await suite.CountAsync("pathwaydb", "SELECT count(*) FROM pathways") == Children, "a pathway for every child");
        var overdueTasks = await suite.CountAsync("pathwaydb", """SELECT count(*) FROM pathway_tasks WHERE "DueAt" < now()""");
        Assert.Equal(2 * Children, overdueTasks);

        // Every overdue task noticed once, whichever copy's scan got there first.
        await EventuallyAsync(async () => await suite.CountAsync("notificationsdb", """SELECT count(*) FROM tracked_tasks WHERE "OverdueSentAt" IS NOT NULL""") == overdueTasks,
            "an overdue notice for every overdue task");
        var notices = await suite.CountAsync("notificationsdb", """SELECT count(DISTINCT "SourceId") FROM notifications WHERE "Kind" = 'task-overdue'""");
        Assert.Equal(overdueTasks, notices);

        var ledger = await EventLedger.SettledAsync(suite);
        output.WriteLine(ledger.ToString());
        Assert.Equal((0L, 0L, 0L), (ledger.Lost, ledger.DuplicatesApplied, ledger.DeadLettered));
        Assert.All(await EachCopysHealthAsync(), healthy => Assert.True(healthy));
    }

    private async Task<List<bool>> EachCopysHealthAsync()
    {
        using var http = new HttpClient();
        var answers = new List<bool>();
        foreach (var copy in suite.Processes.Values.SelectMany(copies => copies))
        {
            answers.Add((await http.GetAsync(new Uri($"http://127.0.0.1:{copy.WebPort}/health"))).IsSuccessStatusCode);
        }

        return answers;
    }
}
