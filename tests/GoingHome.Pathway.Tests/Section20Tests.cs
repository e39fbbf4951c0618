using GoingHome.Case.V1;
using GoingHome.Events.V1;
using GoingHome.Pathway.V1;
using GoingHome.ServiceDefaults.Auth;
using GoingHome.ServiceDefaults.Errors;
using GoingHome.ServiceDefaults.Grpc;
using GoingHome.Time;
using Google.Rpc;
using Grpc.Core;
using static GoingHome.Testing.RpcAssert;

namespace GoingHome.Pathway.Tests;

/// <summary>Seed 003/004: the planned, unplanned and not-viable Section 20 returns.</summary>
public sealed class Section20Tests(PathwayFixture fixture) : IClassFixture<PathwayFixture>
{
    private DateOnly Today => fixture.Clock.LondonToday();

    private PathwayService.PathwayServiceClient Hos => fixture.Client("hos-1", Roles.HeadOfService);

    private Task<Section20Return> TriggerAsync(string childId, Section20Trigger trigger, DateOnly? returned = null, string views = "I want to go home to mum", string? parents = null, string? rights = null) =>
        fixture.SocialWorker.RecordSection20TriggerAsync(new RecordSection20TriggerRequest
        {
            ChildId = childId, Trigger = trigger, RaisedBy = "Mother", TriggerDate = Today.ToProto(), ReturnDate = returned?.ToProto(),
            ChildViews = views, RequestId = Guid.NewGuid().ToString(), ParentsConsulted = parents ?? "Met mother at home; she agrees a return after a week's notice.",
            YoungPersonRights = rights ?? "Told of the right to leave accommodation, to an advocate, and her entitlements as an eligible child.",
        }).ResponseAsync;

    private Task<Section20Return> DecideAsync(string returnId, bool viable, bool icpc = false, bool lpm = false, string plan = "") =>
        Hos.DecideSection20ReturnAsync(new DecideSection20ReturnRequest
        {
            ReturnId = returnId, Viable = viable, Reason = viable ? "Assessment supports the return" : "Risks not addressed", BookIcpc = icpc, BookLpm = lpm,
            PlanDocumentId = plan, RequestId = Guid.NewGuid().ToString(), PlannedReturnDate = viable ? Today.AddDays(14).ToProto() : null,
        }).ResponseAsync;

    private Task<Section20Return> CompleteAsync(string returnId) =>
        Hos.CompleteSection20ReturnAsync(new CompleteSection20ReturnRequest
        {
            ReturnId = returnId, EndDate = Today.ToProto(), RequestId = Guid.NewGuid().ToString(),
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

    [Fact(DisplayName = "S20-1 / S20-2 / S20-4: a parent's request needs the child's views and the parents consulted; a child's own request only at 16 or 17, with their rights recorded; only under S20")]
    public async Task S20_2_TriggersAreChecked()
    {
        var young = await fixture.ChildEntersCareAsync(ageYears: 12, status: LegalStatus.Section20);
        var noViews = await Assert.ThrowsAsync<RpcException>(() => TriggerAsync(young, Section20Trigger.ParentRequest, views: ""));
        Assert.Equal("child_views", noViews.GetStatusDetail<BadRequest>()!.FieldViolations.Single().Field);
        var tooYoung = await Assert.ThrowsAsync<RpcException>(() => TriggerAsync(young, Section20Trigger.ChildRequest));
        Assert.Equal("S20-1", tooYoung.GetStatusDetail<PreconditionFailure>()!.Violations.Single().Type);

        var onOrder = await fixture.ChildEntersCareAsync(ageYears: 12, status: LegalStatus.CareOrder);
        var notS20 = await Assert.ThrowsAsync<RpcException>(() => TriggerAsync(onOrder, Section20Trigger.ParentRequest));
        Assert.Equal(StatusCode.FailedPrecondition, notS20.StatusCode);

        var noParents = await Assert.ThrowsAsync<RpcException>(() => TriggerAsync(young, Section20Trigger.ParentRequest, parents: ""));
        Assert.Equal("parents_consulted", noParents.GetStatusDetail<BadRequest>()!.FieldViolations.Single().Field);

        var older = await fixture.ChildEntersCareAsync(ageYears: 16, status: LegalStatus.Section20);
        var noRights = await Assert.ThrowsAsync<RpcException>(() => TriggerAsync(older, Section20Trigger.ChildRequest, views: "My own choice", rights: ""));
        Assert.Equal("young_person_rights", noRights.GetStatusDetail<BadRequest>()!.FieldViolations.Single().Field);
        var asked = await TriggerAsync(older, Section20Trigger.ChildRequest, views: "My own choice; told of my rights");
        Assert.Equal(Section20Trigger.ChildRequest, asked.Trigger);
        Assert.Contains("advocate", asked.YoungPersonRights, StringComparison.Ordinal);
        Assert.Contains("agrees", asked.ParentsConsulted, StringComparison.Ordinal);
    }

    [Fact(DisplayName = "Seeds 003 / 001 / S20-5 / S20-6 / S20-8 / S20-9 / RH-5 / RH-8 / AP-1 / AP-8: a viable return goes to the HoS with the IRO's views, the step-down plan and the Case plan (GP and Housing told first), waits closed while unapproved or unreachable, ends the episode, then needs the reunification review before closing")]
    public async Task S20_6_ViableReturnEndsTheEpisodeOnlyWhenApproved()
    {
        var childId = await fixture.ChildEntersCareAsync(ageYears: 10, daysInCare: 15, status: LegalStatus.Section20);
        fixture.Assessment.Forms[childId] = Assessment.V1.AssessmentKind.ChildAndFamily;
        var s20 = await TriggerAsync(childId, Section20Trigger.ParentRequest);
        // S20-6 / S20-8: not to the HoS without the IRO's views and a step-down plan; only the IRO gives the IRO's views.
        var plan = fixture.Case.AddDocument(childId);
        Assert.Equal(["S20-6", "S20-8"], (await Assert.ThrowsAsync<RpcException>(() => DecideAsync(s20.Id, viable: true, plan: plan))).GetStatusDetail<PreconditionFailure>()!.Violations.Select(v => v.Type));
        Assert.Equal(StatusCode.PermissionDenied, (await Assert.ThrowsAsync<RpcException>(() => fixture.RecordAsync(childId, RecordKind.IroViews, notes: "Views"))).StatusCode);
        await fixture.RecordIroViewsAndStepDownPlanAsync(childId);
        // RH-8: the plan is a document on the child's record in Case, named when the return is found viable.
        Assert.Equal("plan_document_id", (await Assert.ThrowsAsync<RpcException>(() => DecideAsync(s20.Id, viable: true))).GetStatusDetail<BadRequest>()!.FieldViolations.Single().Field);
        Assert.Equal("plan_document_id", (await Assert.ThrowsAsync<RpcException>(() => DecideAsync(s20.Id, viable: true, plan: "no-such-document"))).GetStatusDetail<BadRequest>()!.FieldViolations.Single().Field);
        // RH-8: every notice has its date: a planned return is decided with the day the child is to go home.
        var undated = await Assert.ThrowsAsync<RpcException>(() => Hos.DecideSection20ReturnAsync(new DecideSection20ReturnRequest
        {
            ReturnId = s20.Id, Viable = true, Reason = "Assessment supports the return", PlanDocumentId = plan, RequestId = Guid.NewGuid().ToString(),
        }).ResponseAsync);
        Assert.Equal("planned_return_date", undated.GetStatusDetail<BadRequest>()!.FieldViolations.Single().Field);
        var decided = await DecideAsync(s20.Id, viable: true, plan: plan);
        Assert.Equal((Section20State.AwaitingApproval, "ChildAndFamily"), (decided.State, decided.AssessmentForm));
        Assert.Equal(Today.AddDays(14), Assert.Single(await fixture.RaisedAsync<ChildReturnPlanned>(childId)).PlannedReturnDate.ToDateOnly());
        // RH-8 / NT-3: GP and Housing are told before the return, with the plan; the network has neither, so the SW is asked to record them.
        Assert.Equal(plan, Assert.Single(await fixture.RaisedAsync<ChildReturnPlanned>(childId)).PlanDocumentId);
        Assert.Equal(["record-gp", "record-housing"], (await fixture.TasksAsync(childId)).Where(t => t.RuleId == "RH-8").Select(t => t.TemplateKey).Order());
        var request = Assert.Single(fixture.Approvals.Requests.Values, r => r.ChildId == childId);
        Assert.Equal(("end-care-episode-after-s20-return", $"section20Returns/{s20.Id}"), (request.Action, request.Subject));
        Assert.Contains("The IRO supports the return", request.Summary, StringComparison.Ordinal);
        Assert.Contains("CIN meeting: Aim: a team around the family", request.Summary, StringComparison.Ordinal);

        var unapproved = await Assert.ThrowsAsync<RpcException>(() => CompleteAsync(s20.Id));
        Assert.Equal(["AP-1", "AP-1"], unapproved.GetStatusDetail<PreconditionFailure>()!.Violations.Select(v => v.Type));
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
        var completed = await GoingHome.Testing.Outage.OnceAvailableAsync(() => CompleteAsync(s20.Id));
        Assert.Equal(Section20State.Completed, completed.State);
        var ended = Assert.Single(fixture.Case.EndedEpisodes, e => e.ChildId == childId);
        Assert.Equal(EpisodeEndReason.ReturnedHome, ended.EndReason);
        Assert.Equal(plan, Assert.Single(await fixture.RaisedAsync<ChildReturnedHome>(childId)).PlanDocumentId);
        Assert.Equal(Stage.Closure, (await fixture.SocialWorker.GetPathwayAsync(new GetPathwayRequest { ChildId = childId })).Stage);

        // S20-9: the reunification review meeting is booked 6 weeks after the return and must decide before the case
        // closes; RH-5: not closed on the day of the return without a manager's reason.
        var review = Assert.Single(await fixture.TasksAsync(childId), t => t.RuleId == "S20-9");
        Assert.Equal(Today.AddDays(42), WorkingDayCalendar.LondonDate(review.DueTime.ToDateTimeOffset()));
        await fixture.RecordAsync(childId, RecordKind.LeadProfessional, "Early Help: J. Smith");
        await fixture.RecordAsync(childId, RecordKind.Handover);
        Assert.Equal(["S20-9", "RH-5"], (await Assert.ThrowsAsync<RpcException>(() => fixture.MoveAsync(childId, Stage.Closed))).GetStatusDetail<PreconditionFailure>()!.Violations.Select(v => v.Type));
        await fixture.RecordAsync(childId, RecordKind.ReunificationReview, "CIN");
        Assert.Equal(TaskState.Done, Assert.Single(await fixture.TasksAsync(childId, TaskState.Done), t => t.RuleId == "S20-9").State);
        Assert.Equal(StatusCode.PermissionDenied, (await Assert.ThrowsAsync<RpcException>(() => fixture.RecordAsync(childId, RecordKind.EarlyClosure, notes: "No reason"))).StatusCode);
        fixture.Clock.Advance(TimeSpan.FromDays(1));
        Assert.Equal(Stage.Closed, (await fixture.MoveAsync(childId, Stage.Closed)).Stage);
    }

    [Fact(DisplayName = "Seed 001 / RH-5: a manager's recorded reason lets the case close on the day of the return")]
    public async Task RH5_EarlyClosureNeedsAManagersReason()
    {
        var childId = await fixture.ChildEntersCareAsync(ageYears: 10, daysInCare: 15, status: LegalStatus.Section20);
        var s20 = await TriggerAsync(childId, Section20Trigger.ParentRequest);
        await fixture.RecordIroViewsAndStepDownPlanAsync(childId);
        var decided = await DecideAsync(s20.Id, viable: true, plan: fixture.Case.AddDocument(childId));
        fixture.Approvals.Approve("end-care-episode-after-s20-return", $"section20Returns/{s20.Id}");
        await CompleteAsync(s20.Id);
        foreach (var (kind, subject) in new[] { (RecordKind.LeadProfessional, "Early Help"), (RecordKind.Handover, ""), (RecordKind.ReunificationReview, "TAF") })
        {
            await fixture.RecordAsync(childId, kind, subject);
        }

        Assert.Equal(["RH-5"], (await Assert.ThrowsAsync<RpcException>(() => fixture.MoveAsync(childId, Stage.Closed))).GetStatusDetail<PreconditionFailure>()!.Violations.Select(v => v.Type));
        await fixture.RecordAsync(childId, RecordKind.EarlyClosure, notes: "The family moved to another authority today; the case transfers.", by: fixture.Client("tm-1", Roles.TeamManager));
        Assert.Equal(Stage.Closed, (await fixture.MoveAsync(childId, Stage.Closed)).Stage);
        Assert.Equal(Section20State.AwaitingApproval, decided.State);
    }

    [Fact(DisplayName = "Seed 003 / S20-4 / S20-9: withdrawal in phases: a visit is excused only by a manager with a reason, and the reunification review follows the visits, deciding CIN, CP, TAC or TAF")]
    public async Task S20_4_S20_9_WithdrawalInPhases()
    {
        var childId = await fixture.ChildEntersCareAsync(ageYears: 12, daysInCare: 30, status: LegalStatus.Section20);
        var s20 = await TriggerAsync(childId, Section20Trigger.UnplannedReturn, returned: Today);
        await fixture.RecordIroViewsAndStepDownPlanAsync(childId);
        await DecideAsync(s20.Id, viable: true, plan: fixture.Case.AddDocument(childId));
        fixture.Approvals.Approve("end-care-episode-after-s20-return", $"section20Returns/{s20.Id}");
        await CompleteAsync(s20.Id);
        var visits = (await fixture.TasksAsync(childId)).Where(t => t.RuleId == "S20-4").OrderBy(t => t.DueTime).ToList();
        Assert.Equal(5, visits.Count);

        Task<PathwayRecord> Review(string decision) => fixture.RecordAsync(childId, RecordKind.ReunificationReview, decision);
        Assert.Equal(["S20-9"], UnmetRules(await Assert.ThrowsAsync<RpcException>(() => Review("CIN"))));
        Assert.Equal(StatusCode.InvalidArgument, (await Assert.ThrowsAsync<RpcException>(() => Review("maybe"))).StatusCode);

        // S20-4: the social worker cannot wave a visit away; a service manager may, with the reason.
        MarkTaskNotNeededRequest Excuse(PathwayTask visit) => new() { TaskId = visit.Id, Reason = "The family are away; the visit is made by Early Help.", RequestId = Guid.NewGuid().ToString() };
        var refused = await Assert.ThrowsAsync<RpcException>(() => fixture.SocialWorker.MarkTaskNotNeededAsync(Excuse(visits[4])).ResponseAsync);
        Assert.Equal(StatusCode.PermissionDenied, refused.StatusCode);
        await fixture.Client("sm-1", Roles.ServiceManager).MarkTaskNotNeededAsync(Excuse(visits[4]));
        foreach (var visit in visits.Take(4))
        {
            await fixture.SocialWorker.CompleteTaskAsync(new CompleteTaskRequest { TaskId = visit.Id, Outcome = "Visited; the child was seen alone.", RequestId = Guid.NewGuid().ToString() });
        }

        Assert.Equal("TAF", (await Review("TAF")).Subject);
    }

    [Fact(DisplayName = "T-3 / GH-2 / NS-3: the statutory review is recorded by the IRO with who attended; the IRO's drift outcome starts issue resolution")]
    public async Task Reviews_by_the_IRO()
    {
        var childId = await fixture.ChildEntersCareAsync(ageYears: 9, daysInCare: 30);
        var bySw = await Assert.ThrowsAsync<RpcException>(() => fixture.RecordAsync(childId, RecordKind.Review, by: fixture.SocialWorker));
        Assert.Equal(StatusCode.PermissionDenied, bySw.StatusCode);
        var iro = fixture.Client("iro-1", Roles.IndependentReviewingOfficer);
        var noOne = await Assert.ThrowsAsync<RpcException>(() => iro.AddPathwayRecordAsync(new AddPathwayRecordRequest
        {
            ChildId = childId, RequestId = Guid.NewGuid().ToString(), Record = new PathwayRecord { Kind = RecordKind.Review, OccurredOn = Today.ToProto() },
        }).ResponseAsync);
        Assert.Equal("record.attendees", noOne.GetStatusDetail<BadRequest>()!.FieldViolations.Single().Field);

        var held = await fixture.RecordAsync(childId, RecordKind.Review, status: "drift");
        Assert.Equal(["iro-1", "sw-1", "parents"], held.Attendees);
        Assert.Contains(await fixture.TasksAsync(childId), t => t.RuleId == "NS-3" && t.TemplateKey == "drift-issue-resolution");
    }

    [Fact(DisplayName = "Seed 003 / S20-4: the visits count from the day the child went home, recorded after the trigger, and move with a corrected date")]
    public async Task S20_4_VisitsFromTheActualReturnDate()
    {
        var childId = await fixture.ChildEntersCareAsync(ageYears: 12, daysInCare: 30, status: LegalStatus.Section20);
        var s20 = await TriggerAsync(childId, Section20Trigger.ParentWithdrewAgreement);
        Assert.DoesNotContain(await fixture.TasksAsync(childId), t => t.RuleId == "S20-4");
        Task<Section20Return> WentHome(DateOnly on) => fixture.SocialWorker.RecordSection20ReturnDateAsync(new RecordSection20ReturnDateRequest
        {
            ReturnId = s20.Id, ReturnDate = on.ToProto(), RequestId = Guid.NewGuid().ToString(),
        }).ResponseAsync;
        async Task<List<int>> VisitDays(DateOnly from) => [.. (await fixture.TasksAsync(childId)).Where(t => t.RuleId == "S20-4").OrderBy(t => t.DueTime)
            .Select(v => WorkingDayCalendar.LondonDate(v.DueTime.ToDateTimeOffset()).DayNumber - from.DayNumber)];

        Assert.Equal("return_date", (await Assert.ThrowsAsync<RpcException>(() => WentHome(Today.AddDays(1)))).GetStatusDetail<BadRequest>()!.FieldViolations.Single().Field);
        var first = Today;
        Assert.Equal(first, (await WentHome(first)).ReturnDate.ToDateOnly());
        Assert.Equal([3, 7, 14, 21, 28], await VisitDays(first));

        // She had actually gone home two days earlier: the same five visits, moved, none added.
        var actual = Today.AddDays(-2);
        await WentHome(actual);
        Assert.Equal([3, 7, 14, 21, 28], await VisitDays(actual));
    }

    [Fact(DisplayName = "Seeds 003 / 004 / S20-7 / NS-4: a return that is not viable notifies the child, parents and IRO, books the ICPC and LPM, and revises the care plan")]
    public async Task S20_7_NotViable()
    {
        var childId = await fixture.ChildEntersCareAsync(ageYears: 14, status: LegalStatus.Section20);
        var s20 = await TriggerAsync(childId, Section20Trigger.ParentWithdrewAgreement);
        var decided = await DecideAsync(s20.Id, viable: false, icpc: true, lpm: true);
        Assert.Equal(Section20State.NotViable, decided.State);
        Assert.Equal("Risks not addressed", Assert.Single(await fixture.RaisedAsync<Section20ReturnNotViable>(childId)).Reason);
        Assert.Equal(["s20-book-icpc", "s20-book-lpm"], (await fixture.TasksAsync(childId)).Where(t => t.RuleId == "S20-7").Select(t => t.TemplateKey).Order());
        Assert.DoesNotContain(fixture.Approvals.Requests.Values, r => r.ChildId == childId);
        // Seed 004 / NS-4: the care plan is revised (a Lasting Home may follow).
        // Seed 004: the statutory review is set up by the child's social worker.
        Assert.Equal("SW", Assert.Single(await fixture.TasksAsync(childId), t => t.RuleId == "NS-4").OwnerRole);
        Assert.Single(await fixture.RaisedAsync<CarePlanRevisionOpened>(childId));

        var again = await Assert.ThrowsAsync<RpcException>(() => DecideAsync(s20.Id, viable: true, plan: fixture.Case.AddDocument(childId)));
        Assert.Equal(StatusCode.FailedPrecondition, again.StatusCode);
        var complete = await Assert.ThrowsAsync<RpcException>(() => CompleteAsync(s20.Id));
        Assert.Equal("S20-6", complete.GetStatusDetail<PreconditionFailure>()!.Violations.Single().Type);
    }
}
