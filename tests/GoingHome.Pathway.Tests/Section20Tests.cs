using GoingHome.Case.V1;
using GoingHome.Events.V1;
using GoingHome.Pathway.V1;
using GoingHome.ServiceDefaults.Auth;
using GoingHome.ServiceDefaults.Errors;
using GoingHome.ServiceDefaults.Grpc;
using GoingHome.ServiceDefaults.Time;
using Google.Rpc;
using Grpc.Core;

namespace GoingHome.Pathway.Tests;

/// <summary>Seed 003/004: the planned, unplanned and not-viable Section 20 returns.</summary>
public sealed class Section20Tests(PathwayFixture fixture) : IClassFixture<PathwayFixture>
{
    private DateOnly Today => WorkingDayCalendar.LondonDate(fixture.Clock.GetUtcNow());

    private PathwayService.PathwayServiceClient Hos => fixture.Client("hos-1", Roles.HeadOfService);

    private Task<Section20Return> TriggerAsync(string childId, Section20Trigger trigger, DateOnly? returned = null, string views = "I want to go home to mum") =>
        fixture.SocialWorker.RecordSection20TriggerAsync(new RecordSection20TriggerRequest
        {
            ChildId = childId, Trigger = trigger, RaisedBy = "Mother", TriggerDate = Today.ToProto(), ReturnDate = returned?.ToProto(),
            ChildViews = views, RequestId = Guid.NewGuid().ToString(),
        }).ResponseAsync;

    private Task<Section20Return> DecideAsync(string returnId, bool viable, bool icpc = false, bool lpm = false) =>
        Hos.DecideSection20ReturnAsync(new DecideSection20ReturnRequest
        {
            ReturnId = returnId, Viable = viable, Reason = viable ? "Assessment supports the return" : "Risks not addressed", BookIcpc = icpc, BookLpm = lpm,
            RequestId = Guid.NewGuid().ToString(),
        }).ResponseAsync;

    private Task<Section20Return> CompleteAsync(string returnId) =>
        Hos.CompleteSection20ReturnAsync(new CompleteSection20ReturnRequest
        {
            ReturnId = returnId, EndDate = Today.ToProto(), PlanDocumentId = "doc-plan-1", RequestId = Guid.NewGuid().ToString(),
        }).ResponseAsync;

    [Fact(DisplayName = "S20-1 / S20-3 / S20-4: an unplanned return books visits at 3, 7, 14, 21 and 28 days and tells the IRO")]
    public async Task S20_4_UnplannedReturnVisits()
    {
        var childId = await fixture.ChildEntersCareAsync(ageYears: 12, daysInCare: 30, status: LegalStatus.Section20);
        var wentHome = Today.AddDays(-1);
        var s20 = await TriggerAsync(childId, Section20Trigger.UnplannedReturn, wentHome, views: "");
        Assert.Equal((Section20State.Assessing, "S20ReturnHome"), (s20.State, s20.AssessmentForm));

        var visits = (await fixture.TasksAsync(childId)).Where(t => t.RuleId == "S20-4").OrderBy(t => t.DueTime).ToList();
        Assert.Equal([3, 7, 14, 21, 28], visits.Select(v => WorkingDayCalendar.LondonDate(v.DueTime.ToDateTimeOffset()).DayNumber - wentHome.DayNumber));
        var s20Three = (await fixture.TasksAsync(childId)).Where(t => t.RuleId == "S20-3").Select(t => t.OwnerRole).Order();
        Assert.Equal(["IRO", "TM"], s20Three);
        var raised = Assert.Single(await fixture.RaisedAsync<Section20ReturnRequested>(childId));
        Assert.Equal("UnplannedReturn", raised.Trigger);

        // The clock moves past the first visit: it is overdue on the social worker's list.
        fixture.Clock.Advance(TimeSpan.FromDays(3));
        Assert.Contains(await fixture.TasksAsync(childId, TaskState.Overdue), t => t.TemplateKey == "s20-visit-day-3");
    }

    [Fact(DisplayName = "S20-1 / S20-2: a parent's request needs the child's views; a child's own request only at 16 or 17; only under S20")]
    public async Task S20_2_TriggersAreChecked()
    {
        var young = await fixture.ChildEntersCareAsync(ageYears: 12, status: LegalStatus.Section20);
        var noViews = await Assert.ThrowsAsync<RpcException>(() => TriggerAsync(young, Section20Trigger.ParentRequest, views: ""));
        Assert.Equal("child_views", noViews.GetDetail<BadRequest>()!.FieldViolations.Single().Field);
        var tooYoung = await Assert.ThrowsAsync<RpcException>(() => TriggerAsync(young, Section20Trigger.ChildRequest));
        Assert.Equal("S20-1", tooYoung.GetDetail<PreconditionFailure>()!.Violations.Single().Type);

        var onOrder = await fixture.ChildEntersCareAsync(ageYears: 12, status: LegalStatus.CareOrder);
        var notS20 = await Assert.ThrowsAsync<RpcException>(() => TriggerAsync(onOrder, Section20Trigger.ParentRequest));
        Assert.Equal(StatusCode.FailedPrecondition, notS20.StatusCode);

        var older = await fixture.ChildEntersCareAsync(ageYears: 16, status: LegalStatus.Section20);
        Assert.Equal(Section20Trigger.ChildRequest, (await TriggerAsync(older, Section20Trigger.ChildRequest, views: "My own choice; told of my rights")).Trigger);
    }

    [Fact(DisplayName = "S20-5 / S20-6 / AP-1 / AP-8: a viable return asks for AP-1, waits closed while unapproved or unreachable, then ends the episode")]
    public async Task S20_6_ViableReturnEndsTheEpisodeOnlyWhenApproved()
    {
        var childId = await fixture.ChildEntersCareAsync(ageYears: 10, daysInCare: 15, status: LegalStatus.Section20);
        fixture.Assessment.Forms[childId] = Assessment.V1.AssessmentKind.ChildAndFamily;
        var s20 = await TriggerAsync(childId, Section20Trigger.ParentRequest);
        var decided = await DecideAsync(s20.Id, viable: true);
        Assert.Equal((Section20State.AwaitingApproval, "ChildAndFamily"), (decided.State, decided.AssessmentForm));
        var request = Assert.Single(fixture.Approvals.Requests.Values, r => r.ChildId == childId);
        Assert.Equal(("end-care-episode-after-s20-return", $"section20Returns/{s20.Id}"), (request.Action, request.Subject));

        var unapproved = await Assert.ThrowsAsync<RpcException>(() => CompleteAsync(s20.Id));
        Assert.Equal(["AP-1", "AP-1"], unapproved.GetDetail<PreconditionFailure>()!.Violations.Select(v => v.Type));
        fixture.Approvals.Approve(request.Action, request.Subject);
        fixture.Approvals.Down = true;
        try
        {
            Assert.Equal(StatusCode.Unavailable, (await Assert.ThrowsAsync<RpcException>(() => CompleteAsync(s20.Id))).StatusCode);
        }
        finally
        {
            fixture.Approvals.Down = false;
        }

        Assert.DoesNotContain(fixture.Case.EndedEpisodes, e => e.ChildId == childId);
        var completed = await CompleteAsync(s20.Id);
        Assert.Equal(Section20State.Completed, completed.State);
        var ended = Assert.Single(fixture.Case.EndedEpisodes, e => e.ChildId == childId);
        Assert.Equal(EpisodeEndReason.ReturnedHome, ended.EndReason);
        Assert.Equal("doc-plan-1", Assert.Single(await fixture.RaisedAsync<ChildReturnedHome>(childId)).PlanDocumentId);
        Assert.Equal(Stage.Closure, (await fixture.SocialWorker.GetPathwayAsync(new GetPathwayRequest { ChildId = childId })).Stage);

        // S20-8 / S20-9: the step-down plan and the reunification review's decision are recorded in Closure.
        await fixture.RecordAsync(childId, RecordKind.StepDownPlan, "Early Help", notes: "Aim: keep school attendance above 95%");
        await fixture.RecordAsync(childId, RecordKind.ReunificationReview, "CIN");
        var records = await fixture.SocialWorker.ListPathwayRecordsAsync(new ListPathwayRecordsRequest { ChildId = childId });
        Assert.Equal([RecordKind.StepDownPlan, RecordKind.ReunificationReview], records.Records.Select(r => r.Kind));
    }

    [Fact(DisplayName = "S20-7: a return that is not viable notifies the child, parents and IRO and books the ICPC and LPM")]
    public async Task S20_7_NotViable()
    {
        var childId = await fixture.ChildEntersCareAsync(ageYears: 14, status: LegalStatus.Section20);
        var s20 = await TriggerAsync(childId, Section20Trigger.ParentWithdrewAgreement);
        var decided = await DecideAsync(s20.Id, viable: false, icpc: true, lpm: true);
        Assert.Equal(Section20State.NotViable, decided.State);
        Assert.Equal("Risks not addressed", Assert.Single(await fixture.RaisedAsync<Section20ReturnNotViable>(childId)).Reason);
        Assert.Equal(["s20-book-icpc", "s20-book-lpm"], (await fixture.TasksAsync(childId)).Where(t => t.RuleId == "S20-7").Select(t => t.TemplateKey).Order());
        Assert.DoesNotContain(fixture.Approvals.Requests.Values, r => r.ChildId == childId);

        var again = await Assert.ThrowsAsync<RpcException>(() => DecideAsync(s20.Id, viable: true));
        Assert.Equal(StatusCode.FailedPrecondition, again.StatusCode);
        var complete = await Assert.ThrowsAsync<RpcException>(() => CompleteAsync(s20.Id));
        Assert.Equal("S20-6", complete.GetDetail<PreconditionFailure>()!.Violations.Single().Type);
    }
}
