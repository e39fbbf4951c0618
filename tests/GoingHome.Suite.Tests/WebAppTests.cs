using System.Text.Json;
using GoingHome.Approvals.V1;
using GoingHome.Case.V1;
using GoingHome.Pathway.V1;
using GoingHome.ServiceDefaults.Grpc;
using GoingHome.Testing;
using Xunit.Abstractions;
using static GoingHome.Suite.Tests.Team;

namespace GoingHome.Suite.Tests;

/// <summary>
/// The reference web app (web/app) in headless Chromium against the suite the AppHost started: this test makes the
/// children, requests and people, then web/app/tests/browser.test.mjs (node --test, playwright-core, axe) acts in the
/// browser as them. Screenshots of each screen go to this project's TestResults/screenshots.
/// </summary>
[Collection(SuiteCollection.Name)]
public sealed class WebAppTests(SharedSuite suite, ITestOutputHelper output)
{
    [Fact(DisplayName = "GH-1 / GH-14 / AP-7 / NT-1 / LH-9: the web app in Chromium: an overdue task seen, rules shown, a decision seen live in the worker's inbox, a cut stream resumed, CORS by origin, every screen accessible")]
    public async Task WebApp_InARealBrowser()
    {
        var team = new Team(suite, "web");

        // Thirty days in care: the GH-1 tasks are overdue, and the return-home needs the SM (AP-2) then the HoS (AP-5).
        var child = await team.ChildEntersCareAsync(8, LegalStatus.InterimCareOrder, 30, JourneyTests.Family());
        await PlanReturnWithin60DaysAsync(team, child.Id);
        Assert.True((await team.MakeReturnReadyAsync(child, JourneyTests.LowRisk, "Grace")).Ready);
        var asked = await team.SocialWorker.Pathway.RequestReturnHomeApprovalsAsync(new RequestReturnHomeApprovalsRequest
        {
            ChildId = child.Id, RequestId = NewId(), PlanDocumentId = await team.ReturnHomePlanAsync(child.Id),
        });
        var requests = new List<ApprovalRequest>();
        foreach (var id in asked.ApprovalRequestIds)
        {
            requests.Add(await team.SocialWorker.Approvals.GetApprovalRequestAsync(new GetApprovalRequestRequest { Id = id }));
        }

        // The deputy director's own request for another child, which the browser must refuse them (AP-7).
        var other = await team.ChildEntersCareAsync(12, LegalStatus.CareOrder, 40);
        var otherPathway = await PlanReturnWithin60DaysAsync(team, other.Id);
        var own = await team.DeputyDirector.Approvals.CreateApprovalRequestAsync(new CreateApprovalRequestRequest
        {
            ChildId = other.Id, Action = "return-home-within-60-days", Subject = $"pathways/{otherPathway.Id}", RequestId = NewId(),
            PlannedReturnDate = otherPathway.PlannedReturnDate, Summary = "Return home within 60 days of the planned date",
        });

        // A lasting home awaiting the HoS's ratification, for the tracker.
        var home = await team.RecommendLastingHomeAsync(await team.ChildEntersCareAsync(6, LegalStatus.CareOrder, 400));

        var scenario = JsonSerializer.Serialize(new
        {
            child = child.Id,
            childName = await NameOfAsync(team, child.Id),
            notReady = other.Id,
            returnHome = requests.Single(r => r.Action == "return-home").Id,
            withinSixtyDays = requests.Single(r => r.Action == "return-home-within-60-days").Id,
            ownRequest = own.Id,
            lastingHome = home.Id,
            socialWorker = team.SocialWorker.Id,
            teamManager = team.TeamManager.Id,
            serviceManager = team.ServiceManager.Id,
            otherServiceManager = "sm-web-2",
            deputyDirector = team.DeputyDirector.Id,
            headOfService = team.HeadOfService.Id,
        });
        var browser = await NodeScript.RunAsync(
            ["--test", "--test-reporter=spec", Repository.Path("web", "app", "tests", "browser.test.mjs")], Repository.Path("web", "app"),
            new Dictionary<string, string>
            {
                ["GOINGHOME_WEB_URL"] = suite.WebAppAddress.ToString(),
                ["GOINGHOME_SCENARIO"] = scenario,
                ["GOINGHOME_SCREENSHOTS"] = Path.Combine(Repository.Path("tests", "GoingHome.Suite.Tests"), "TestResults", "screenshots"),
            },
            TimeSpan.FromMinutes(12));

        // Each browser test's line in the test log, passed or not.
        output.WriteLine(browser.Output);
        Assert.True(browser.Succeeded, $"the browser tests {browser}");
    }

    private static async Task<string> NameOfAsync(Team team, string childId)
    {
        var record = await team.SocialWorker.Case.GetChildAsync(new GetChildRequest { Id = childId });
        return $"{record.GivenName} {record.FamilyName}";
    }

    /// <summary>Stage 2 after the critical conversation, with the return planned 45 days out (GH-13: AP-4 applies).</summary>
    private static async Task<GoingHome.Pathway.V1.Pathway> PlanReturnWithin60DaysAsync(Team team, string childId)
    {
        await team.RecordAsync(childId, RecordKind.CriticalConversation, "parents");
        await team.MoveAsync(childId, Stage.Stage2, PlanDecision.HomeWithin6To12Months);
        return await team.SocialWorker.Pathway.SetPlannedReturnDateAsync(new SetPlannedReturnDateRequest
        {
            ChildId = childId, PlannedReturnDate = Today.AddDays(45).ToProto(), RequestId = NewId(),
        });
    }
}
