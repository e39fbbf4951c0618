using GoingHome.Approvals.V1;
using GoingHome.Case.V1;
using GoingHome.Pathway.V1;
using GoingHome.ServiceDefaults.Grpc;
using Grpc.Core;
using Xunit.Abstractions;
using static GoingHome.Suite.Tests.Team;

namespace GoingHome.Suite.Tests;

/// <summary>
/// A Section 20 return carried through while every service is killed (SIGKILL) and restarted in turn, Redis is killed
/// and restarted from its append-only file and PostgreSQL is killed and recovers, with children entering care in the
/// background the whole time. Then the ledger: nothing lost, nothing applied twice, nothing dead-lettered.
/// The short form runs in CI; GOINGHOME_FAULTS=long runs three more rounds of every fault over a heavier load.
/// </summary>
public sealed class FaultTests(FaultTests.FaultSuite suite, ITestOutputHelper output) : IClassFixture<FaultTests.FaultSuite>
{
    private static readonly bool LongForm = Environment.GetEnvironmentVariable("GOINGHOME_FAULTS") == "long";

    /// <summary>Its own six services, databases and Redis, so the faults touch no other test.</summary>
    public sealed class FaultSuite : ProcessSuite;

    [Fact(DisplayName = "AP-8 / NT-5 / S20-6: kill -9 each service, restart Redis and PostgreSQL during a journey: it completes, gates stay closed, nothing lost or doubled")]
    public async Task Faults_JourneyCompletesWithNothingLostOrDoubled()
    {
        var team = new Team(suite, "f");
        using var stop = new CancellationTokenSource();
        var admissions = new List<string>();
        var background = AdmitChildrenAsync(admissions, LongForm ? 400 : 40, stop.Token);

        var child = await team.ChildEntersCareAsync(12, LegalStatus.Section20, 40, JourneyTests.Family());
        await KillAndRestartAsync("case");

        // Pathway's circuit to the restarted Case may still be open: UNAVAILABLE, and the same request again is safe.
        var trigger = Section20Trigger(child.Id, GoingHome.Pathway.V1.Section20Trigger.UnplannedReturn, Today.AddDays(-1));
        var s20 = await RetryAsync(() => team.SocialWorker.Pathway.RecordSection20TriggerAsync(trigger).ResponseAsync);
        // The trigger committed with its events; Pathway dies, perhaps before relaying them, and relays them on restart.
        await KillAndRestartAsync("pathway");
        await KillAndRestartAsync("notifications");
        await NotifiedAsync(team.Iro, child.Id, "s20-return-requested");

        Assert.True((await team.MakeReturnReadyAsync(child, JourneyTests.LowRisk, "Grace")).Ready);
        await KillAndRestartAsync("assessment");
        await suite.Redis.KillAndRestartAsync();
        var prepared = NewId();
        await RetryAsync(() => team.RecordIroViewsAndStepDownPlanAsync(child.Id, prepared));
        var plan = await RetryAsync(() => team.ReturnHomePlanAsync(child.Id));
        var decide = new DecideSection20ReturnRequest { ReturnId = s20.Id, Viable = true, Reason = "The reassessment supports the return", PlanDocumentId = plan, RequestId = NewId() };
        await RetryAsync(() => team.TeamManager.Pathway.DecideSection20ReturnAsync(decide).ResponseAsync);

        // AP-8: with Approvals gone the episode cannot be ended, whatever was approved.
        var complete = new CompleteSection20ReturnRequest { ReturnId = s20.Id, EndDate = Today.ToProto(), RequestId = NewId() };
        await suite.Process("approvals").KillAsync();
        var closed = await Assert.ThrowsAsync<RpcException>(() => team.TeamManager.Pathway.CompleteSection20ReturnAsync(complete).ResponseAsync);
        Assert.Equal(StatusCode.Unavailable, closed.StatusCode);
        await suite.Process("approvals").StartAsync();
        await suite.Postgres.KillAndRestartAsync();

        var request = await RetryAsync(async () => (await team.HeadOfService.Approvals.ListApprovalRequestsAsync(new ListApprovalRequestsRequest { ChildId = child.Id })).ApprovalRequests.Single());
        await RetryAsync(() => DecideAsync(team.ServiceManager, request.Id));
        await RetryAsync(() => DecideAsync(team.HeadOfService, request.Id));
        await KillAndRestartAsync("lastinghomes");
        await RetryAsync(() => DecideAsync(team.Director, request.Id));
        complete.RequestId = NewId();
        Assert.Equal(Section20State.Completed, (await RetryAsync(() => team.TeamManager.Pathway.CompleteSection20ReturnAsync(complete).ResponseAsync)).State);

        for (var round = 0; LongForm && round < 3; round++)
        {
            foreach (var (name, _, _) in Suite.Services)
            {
                await KillAndRestartAsync(name);
            }

            await suite.Redis.KillAndRestartAsync();
            await suite.Postgres.KillAndRestartAsync();
        }

        await stop.CancelAsync();
        await background;

        // The journey's outcome, once: the episode ended, the IRO and GP told once each.
        var record = await RetryAsync(() => team.SocialWorker.Case.GetChildAsync(new GetChildRequest { Id = child.Id }).ResponseAsync);
        Assert.Equal(EpisodeEndReason.ReturnedHome, Assert.Single(record.CareEpisodes).EndReason);
        var told = await team.EveryoneToldAsync(child.Id, "user:iro-f care-episode-ended", $"member:{child.Members["Dr Patel"]} child-returned-home");
        Assert.Single(told, t => t == "user:iro-f care-episode-ended");

        // Every admitted child has exactly one pathway, opened from an event that crossed the faults.
        await EventuallyAsync(async () => await suite.CountAsync("pathwaydb", """SELECT count(DISTINCT "ChildId") FROM pathways""") == admissions.Count + 1,
            "a pathway for every child admitted during the faults");

        var ledger = await EventLedger.SettledAsync(suite);
        output.WriteLine($"children admitted during the faults: {admissions.Count}; {ledger}");
        Assert.Equal((0L, 0L, 0L), (ledger.Lost, ledger.DuplicatesApplied, ledger.DeadLettered));
    }

    private async Task KillAndRestartAsync(string service)
    {
        await suite.Process(service).KillAsync();
        await suite.Process(service).StartAsync();
    }

    /// <summary>
    /// Children entering care one after another until stopped, each write retried with its own request_id until it
    /// lands: a service or database that is down makes the caller wait, never write twice.
    /// </summary>
    private async Task AdmitChildrenAsync(List<string> admitted, int most, CancellationToken stop)
    {
        var clerk = suite.As("sw-background", ServiceDefaults.Auth.Roles.SocialWorker);
        while (!stop.IsCancellationRequested && admitted.Count < most)
        {
            var create = new CreateChildRequest
            {
                RequestId = NewId(),
                Child = new Child { GivenName = "Sam", FamilyName = $"Background-{admitted.Count}", DateOfBirth = Today.AddYears(-7).ToProto(), Gender = Gender.Male },
            };
            var child = await RetryAsync(() => clerk.Case.CreateChildAsync(create).ResponseAsync);
            var start = new StartCareEpisodeRequest
            {
                ChildId = child.Id, LegalStatus = LegalStatus.InterimCareOrder, StartDate = Today.ToProto(), RequestId = NewId(),
                Placement = new Placement { CarerType = CarerType.Foster, CarerName = "Foster family", StartDate = Today.ToProto() },
            };
            await RetryAsync(() => clerk.Case.StartCareEpisodeAsync(start).ResponseAsync);
            admitted.Add(child.Id);
        }
    }
}
