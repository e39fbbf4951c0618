using GoingHome.Case.V1;
using GoingHome.Events.V1;
using GoingHome.Pathway.V1;
using GoingHome.ServiceDefaults.Grpc;
using GoingHome.Testing;
using GoingHome.Time;
using Microsoft.EntityFrameworkCore;

namespace GoingHome.Pathway.Tests;

/// <summary>
/// The pathway follows the care history Case keeps: a legal status change continues the period (one pathway), a return
/// home the source recorded without approvals brings the child's pathway home and the HoS a task, and a period that
/// ended otherwise than home ends the Going Home pathway.
/// </summary>
public sealed class CareHistoryEventTests(PathwayFixture fixture) : IClassFixture<PathwayFixture>
{
    [Fact(DisplayName = "CLA-1: a new legal status in the period (RNE L) moves the pathway to the new episode; no second pathway opens")]
    public async Task Legal_status_change_continues_the_pathway()
    {
        var childId = await fixture.ChildEntersCareAsync(status: LegalStatus.Section20);
        var today = fixture.Clock.LondonToday();
        await fixture.PublishCaseEventAsync(new CareEpisodeStarted { ChildId = childId, EpisodeId = "e2", LegalStatus = LegalStatus.InterimCareOrder, Ls = "C1", Rne = "L", StartDate = today.ToProto() }, childId);

        await LocalProcess.WaitUntilAsync(() => fixture.WithDbAsync(db => db.Pathways.AnyAsync(p => p.ChildId == childId && p.EpisodeId == "e2")), TimeSpan.FromSeconds(60), "the pathway to follow the new episode");
        Assert.Equal(1, await fixture.WithDbAsync(db => db.Pathways.CountAsync(p => p.ChildId == childId)));
    }

    [Fact(DisplayName = "CLA-5 / RH-8: a return home recorded at the source without approvals: Stage 3, GP and Housing told, a HoS review task escalating to the DD")]
    public async Task Unapproved_return_is_raised()
    {
        var childId = await fixture.ChildEntersCareAsync();
        var today = fixture.Clock.LondonToday();
        await fixture.PublishCaseEventAsync(new CareEpisodeEnded
        {
            ChildId = childId, EpisodeId = "e1", EndDate = today.ToProto(), EndReason = EpisodeEndReason.ReturnedHome, Rec = "E4B", PeriodEnded = true,
            ReturnedHome = true, UnapprovedReturnHome = true, MissingApprovalRuleIds = { "AP-5", "AP-4" },
        }, childId);

        await LocalProcess.WaitUntilAsync(async () => (await fixture.TasksAsync(childId)).Any(t => t.RuleId == "CLA-5"), TimeSpan.FromSeconds(60), "the HoS review task");
        var review = (await fixture.TasksAsync(childId)).Single(t => t.RuleId == "CLA-5");
        Assert.Equal("HoS", review.OwnerRole);
        Assert.Equal(Stage.Stage3, (await fixture.SocialWorker.GetPathwayAsync(new GetPathwayRequest { ChildId = childId })).Stage);
        Assert.Equal(today, Assert.Single(await fixture.RaisedAsync<ChildReturnedHome>(childId)).ReturnDate.ToDateOnly());
    }

    [Fact(DisplayName = "CLA-1: a period that ended otherwise than home (adoption) ends the Going Home pathway: its open tasks are not needed")]
    public async Task Other_endings_close_the_pathway()
    {
        var childId = await fixture.ChildEntersCareAsync();
        Assert.NotEmpty(await fixture.TasksAsync(childId, TaskState.Open));
        await fixture.PublishCaseEventAsync(new CareEpisodeEnded
        {
            ChildId = childId, EpisodeId = "e1", EndDate = fixture.Clock.LondonToday().ToProto(), EndReason = EpisodeEndReason.Adopted, Rec = "E11", PeriodEnded = true,
        }, childId);

        await LocalProcess.WaitUntilAsync(async () => (await fixture.SocialWorker.GetPathwayAsync(new GetPathwayRequest { ChildId = childId })).Stage == Stage.Closed,
            TimeSpan.FromSeconds(60), "the pathway to close");
        Assert.Empty(await fixture.TasksAsync(childId, TaskState.Open));
        Assert.All(await fixture.TasksAsync(childId, TaskState.NotNeeded), t => Assert.Contains("E11", t.NotNeededReason, StringComparison.Ordinal));
    }

    [Fact(DisplayName = "Seed 003 / S20-6 / S20-8 / S20-9 / CLA-7: a section 20 child going home on the Going Home route gets the section 20 duties: the IRO's views, the step-down plan, the period ended in Case (AP-1 there), then the reunification review")]
    public async Task Section20_duties_on_the_going_home_route()
    {
        var childId = await fixture.ChildEntersCareAsync(ageYears: 10, daysInCare: 40, LegalStatus.Section20, GoingHomeJourneyTests.GpAndHousing);
        var today = fixture.Clock.LondonToday();
        await fixture.MoveAsync(childId, Stage.Stage2, PlanDecision.HomeWithin6To12Months);
        await fixture.SocialWorker.SetPlannedReturnDateAsync(new SetPlannedReturnDateRequest { ChildId = childId, PlannedReturnDate = today.AddDays(30).ToProto(), RequestId = Guid.NewGuid().ToString() });
        await fixture.RecordAsync(childId, RecordKind.ContingencyPlan, status: "agreed");
        await fixture.SocialWorker.RequestReturnHomeApprovalsAsync(new RequestReturnHomeApprovalsRequest { ChildId = childId, RequestId = Guid.NewGuid().ToString(), PlanDocumentId = fixture.Case.AddDocument(childId) });
        foreach (var request in fixture.Approvals.Requests.Values.Where(r => r.ChildId == childId))
        {
            fixture.Approvals.Approve(request.Action, request.Subject);
        }

        var refused = await Assert.ThrowsAsync<global::Grpc.Core.RpcException>(() => fixture.MoveAsync(childId, Stage.Stage3));
        Assert.Equal(["CLA-7", "S20-6", "S20-8"], GoingHome.Testing.RpcAssert.UnmetRules(refused).Order());

        await fixture.RecordIroViewsAndStepDownPlanAsync(childId);
        fixture.Case.PeriodEnds(childId, today, "E4A");
        Assert.Equal(Stage.Stage3, (await fixture.MoveAsync(childId, Stage.Stage3)).Stage);
        Assert.Contains(await fixture.TasksAsync(childId), t => t.RuleId == "S20-9");
    }
}
