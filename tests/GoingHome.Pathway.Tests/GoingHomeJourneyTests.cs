using GoingHome.Case.V1;
using GoingHome.Events.V1;
using GoingHome.Pathway.V1;
using GoingHome.ServiceDefaults.Auth;
using GoingHome.ServiceDefaults.Grpc;
using GoingHome.Testing;
using GoingHome.Time;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static GoingHome.Testing.RpcAssert;
using GoingHome.Pathway.Features;

namespace GoingHome.Pathway.Tests;

/// <summary>Seed 000 walked through every stage, both GH-6 branches and both GH-15 branches, with the clock moved.</summary>
public sealed class GoingHomeJourneyTests(PathwayFixture fixture) : IClassFixture<PathwayFixture>
{
    /// <summary>A network with the GP and Housing contacts RH-8 tells of a return.</summary>
    internal static readonly NetworkMember[] GpAndHousing =
    [
        new() { Id = "gp", Relationship = Relationship.Gp, Name = "Dr Patel" },
        new() { Id = "housing", Relationship = Relationship.Housing, Name = "Housing Options" },
    ];


    private async Task<RpcException> RefusedAsync(Func<Task> call) => await Assert.ThrowsAsync<RpcException>(call);

    [Fact(DisplayName = "GH-1 / GH-2 / GH-3 / GH-4 / T-3: entering care opens Stage 1 with its tasks, due by the calendar")]
    public async Task GH1_Stage1OpensWithItsTasks()
    {
        var childId = await fixture.ChildEntersCareAsync();
        var pathway = await fixture.SocialWorker.GetPathwayAsync(new GetPathwayRequest { ChildId = childId });
        Assert.Equal(Stage.Stage1, pathway.Stage);

        var tasks = await fixture.TasksAsync(childId);
        var entered = pathway.EnteredCareDate.ToDateOnly()!.Value;
        var placementStart = new DateTimeOffset(TimeZoneInfo.ConvertTimeToUtc(entered.ToDateTime(TimeOnly.MinValue), WorkingDayCalendar.London), TimeSpan.Zero);
        var calendar = new WorkingDayCalendar(BankHolidays.Embedded());
        Assert.All(tasks.Where(t => t.RuleId == "GH-1"), t => Assert.Equal(placementStart.AddHours(72), t.DueTime.ToDateTimeOffset()));
        Assert.Equal(2, tasks.Count(t => t.RuleId == "GH-1"));
        var review = Assert.Single(tasks, t => t.RuleId == "GH-2");
        Assert.Equal(WorkingDayCalendar.EndOfDay(calendar.AddWorkingDays(entered, 20)), review.DueTime.ToDateTimeOffset());
        Assert.Equal("IRO", review.OwnerRole);
        Assert.Equal(4, tasks.Count(t => t.RuleId == "GH-3"));
        Assert.Equal(WorkingDayCalendar.EndOfDay(entered.AddDays(60)), Assert.Single(tasks, t => t.RuleId == "GH-4").DueTime.ToDateTimeOffset());
        Assert.Equal(tasks.Count, (await fixture.RaisedAsync<TaskDue>(childId)).Count);

        // GH-3: a critical conversation recorded closes its task.
        await fixture.RecordAsync(childId, RecordKind.CriticalConversation, "parents");
        Assert.Equal(TaskState.Done, (await fixture.TasksAsync(childId)).Single(t => t.TemplateKey == "critical-conversation-parents").State);
    }

    [Fact(DisplayName = "GH-6 branch A: home within 6-12 months moves Stage 1 to Stage 2; a wrong move is refused naming the rule")]
    public async Task GH6_WithinTwelveMonthsToStage2()
    {
        var childId = await fixture.ChildEntersCareAsync(ageYears: 3, network: new NetworkMember { Id = "sib", Relationship = Relationship.Sibling });
        Assert.Contains("GH-6", UnmetRules(await RefusedAsync(() => fixture.MoveAsync(childId, Stage.Stage2))));
        Assert.Contains("GH-14", UnmetRules(await RefusedAsync(() => fixture.MoveAsync(childId, Stage.Stage3))));

        var stage2 = await fixture.MoveAsync(childId, Stage.Stage2, PlanDecision.HomeWithin6To12Months);
        Assert.Equal(Stage.Stage2, stage2.Stage);
        var tasks = await fixture.TasksAsync(childId);
        // GH-8, GH-9, GH-10 (sibling assessment: the child has a sibling), GH-11, GH-12 (Homestart: under 5).
        foreach (var rule in new[] { "GH-8", "GH-9", "GH-10", "GH-11", "GH-12" })
        {
            Assert.Contains(tasks, t => t.RuleId == rule && t.Stage == Stage.Stage2);
        }

        Assert.Contains(tasks, t => t.TemplateKey == "sibling-assessment");
        Assert.Contains(tasks, t => t.TemplateKey == "homestart");
        Assert.Single(await fixture.RaisedAsync<PathwayStageChanged>(childId));
    }

    [Fact(DisplayName = "GH-5 / GH-9 / GH-10 / GH-11 / GH-12: the weekly tracker recurs; no sibling or Homestart task where they do not apply")]
    public async Task GH9_WeeklyTrackerAndConditions()
    {
        var childId = await fixture.ChildEntersCareAsync(ageYears: 9);
        await fixture.MoveAsync(childId, Stage.Stage2, PlanDecision.HomeWithin6To12Months);
        var tasks = await fixture.TasksAsync(childId);
        Assert.DoesNotContain(tasks, t => t.TemplateKey is "sibling-assessment" or "homestart");

        var tracker = Assert.Single(tasks, t => t.TemplateKey == "weekly-tracker-meeting");
        await fixture.SocialWorker.CompleteTaskAsync(new CompleteTaskRequest { TaskId = tracker.Id, Outcome = "Tracker reviewed", RequestId = Guid.NewGuid().ToString() });
        var next = Assert.Single(await fixture.TasksAsync(childId, TaskState.Open), t => t.TemplateKey == "weekly-tracker-meeting");
        Assert.Equal(tracker.DueTime.ToDateTimeOffset().AddDays(7), next.DueTime.ToDateTimeOffset());

        // GH-12: Homestart only under 5; GH-4: a declined option needs its reason; GH-11: the family time schedule is kept.
        var homestart = await RefusedAsync(() => fixture.RecordAsync(childId, RecordKind.BuildStrengths, "homestart", "offered"));
        Assert.Contains("GH-12", UnmetRules(homestart));
        var declined = await RefusedAsync(() => fixture.RecordAsync(childId, RecordKind.BuildStrengths, "fgc", "declined"));
        Assert.Equal(StatusCode.InvalidArgument, declined.StatusCode);
        await fixture.RecordAsync(childId, RecordKind.BuildStrengths, "fgc", "declined", notes: "Family declined; restorative circle offered instead");
        await fixture.RecordAsync(childId, RecordKind.FamilyTime, "mother", "twice weekly", notes: "supervised");
        // GH-5: the plan reviewed in MD supervision is kept beside the statutory reviews, without counting as one.
        await fixture.RecordAsync(childId, RecordKind.PlanReview, "md-supervision", notes: "Plan on track");
        Assert.Equal(StatusCode.InvalidArgument, (await RefusedAsync(() => fixture.RecordAsync(childId, RecordKind.PlanReview, "coffee"))).StatusCode);
        Assert.Equal(0, (await fixture.SocialWorker.GetPathwayAsync(new GetPathwayRequest { ChildId = childId })).ReviewsHeld);
        var records = await fixture.SocialWorker.ListPathwayRecordsAsync(new ListPathwayRecordsRequest { ChildId = childId, Kind = RecordKind.FamilyTime });
        Assert.Equal(("mother", "twice weekly"), (records.Records.Single().Subject, records.Records.Single().Status));
    }

    [Fact(DisplayName = "GH-6 branch B / GH-7: after 6-12 months needs the Transfer Checklist; BYF returns to Stage 2 after tracker and restorative conversation")]
    public async Task GH7_ByfTransition()
    {
        var childId = await fixture.ChildEntersCareAsync();
        var noChecklist = UnmetRules(await RefusedAsync(() => fixture.MoveAsync(childId, Stage.ByfTransition, PlanDecision.HomeAfter6To12Months)));
        Assert.Equal(["GH-6"], noChecklist);

        await fixture.RecordAsync(childId, RecordKind.TransferChecklist);
        Assert.Equal(Stage.ByfTransition, (await fixture.MoveAsync(childId, Stage.ByfTransition, PlanDecision.HomeAfter6To12Months)).Stage);
        Assert.Contains(await fixture.TasksAsync(childId), t => t.RuleId == "GH-7");

        var unmet = UnmetRules(await RefusedAsync(() => fixture.MoveAsync(childId, Stage.Stage2, PlanDecision.HomeWithin6To12Months)));
        Assert.Equal(["GH-7", "GH-7"], unmet);
        await fixture.RecordAsync(childId, RecordKind.TrackerMeeting);
        await fixture.RecordAsync(childId, RecordKind.RestorativeConversation);
        Assert.Equal(Stage.Stage2, (await fixture.MoveAsync(childId, Stage.Stage2, PlanDecision.HomeWithin6To12Months)).Stage);
    }

    [Fact(DisplayName = "Seeds 000 / 001 / GH-13 / GH-14 / GH-15 / GH-16 / RH-8 / CLA-7: told before on this route too; the 60-day bundle, GP and Housing told of the planned return with the Case plan, the gated return home, both Stage 3 branches, and closure")]
    public async Task GH14_ReturnHomeToClosure()
    {
        var childId = await fixture.ChildEntersCareAsync();
        await fixture.MoveAsync(childId, Stage.Stage2, PlanDecision.HomeWithin6To12Months);
        var today = DateOnly.FromDateTime(fixture.Clock.GetUtcNow().UtcDateTime);

        // GH-13: a date in the past is refused; a date sets the bundle 60 days before; moving it moves the bundle.
        var past = await RefusedAsync(() => fixture.SocialWorker.SetPlannedReturnDateAsync(new SetPlannedReturnDateRequest
        {
            ChildId = childId, PlannedReturnDate = today.AddDays(-1).ToProto(), RequestId = Guid.NewGuid().ToString(),
        }).ResponseAsync);
        Assert.Equal(StatusCode.InvalidArgument, past.StatusCode);
        var planned = today.AddDays(90);
        await fixture.SocialWorker.SetPlannedReturnDateAsync(new SetPlannedReturnDateRequest { ChildId = childId, PlannedReturnDate = planned.ToProto(), RequestId = Guid.NewGuid().ToString() });
        var bundle = (await fixture.TasksAsync(childId)).Where(t => t.RuleId is "GH-13" or "AP-4").ToList();
        Assert.Equal(6, bundle.Count);
        Assert.All(bundle, t => Assert.Equal(WorkingDayCalendar.EndOfDay(planned.AddDays(-60)), t.DueTime.ToDateTimeOffset()));
        var moved = planned.AddDays(14);
        await fixture.SocialWorker.SetPlannedReturnDateAsync(new SetPlannedReturnDateRequest { ChildId = childId, PlannedReturnDate = moved.ToProto(), RequestId = Guid.NewGuid().ToString() });
        Assert.All((await fixture.TasksAsync(childId)).Where(t => t.RuleId is "GH-13" or "AP-4"),
            t => Assert.Equal(WorkingDayCalendar.EndOfDay(moved.AddDays(-60)), t.DueTime.ToDateTimeOffset()));

        // GH-14: every unmet condition named: the contingency plan, DD agreement (AP-4), the return-home approvals (AP-5),
        // and (CLA-7) Case's history, which does not yet show the child at home.
        var unmet = UnmetRules(await RefusedAsync(() => fixture.MoveAsync(childId, Stage.Stage3)));
        Assert.Equal(["AP-4", "AP-5", "CLA-7", "GH-14", "RH-8"], unmet.Order());

        // The approvals are asked for from the pathway: AP-4 and the return-home chain, with the planned date.
        var plan = fixture.Case.AddDocument(childId, "Going Home plan");
        var asked = await fixture.SocialWorker.RequestReturnHomeApprovalsAsync(new RequestReturnHomeApprovalsRequest { ChildId = childId, RequestId = Guid.NewGuid().ToString(), PlanDocumentId = plan });
        Assert.Equal(2, asked.ApprovalRequestIds.Count);
        // RH-8 / NT-3: told before the return, with the plan and the planned date.
        var told = Assert.Single(await fixture.RaisedAsync<ChildReturnPlanned>(childId));
        Assert.Equal((plan, moved), (told.PlanDocumentId, told.PlannedReturnDate.ToDateOnly()));
        // RH-8: the network has no GP or Housing contact: the social worker records them before the child goes home
        // (only a manager may excuse one, with the reason).
        var contacts = (await fixture.TasksAsync(childId)).Where(t => t.RuleId == "RH-8").ToList();
        Assert.Equal(2, contacts.Count);
        Assert.Equal(StatusCode.PermissionDenied, (await RefusedAsync(() => fixture.SocialWorker.MarkTaskNotNeededAsync(new MarkTaskNotNeededRequest
        {
            TaskId = contacts[0].Id, Reason = "Not needed", RequestId = Guid.NewGuid().ToString(),
        }).ResponseAsync)).StatusCode);
        foreach (var contact in contacts)
        {
            await fixture.SocialWorker.CompleteTaskAsync(new CompleteTaskRequest { TaskId = contact.Id, Outcome = "Recorded in Case", RequestId = Guid.NewGuid().ToString() });
        }

        var requests = fixture.Approvals.Requests.Values.Where(r => r.ChildId == childId).ToList();
        Assert.Equal(["return-home", "return-home-within-60-days"], requests.Select(r => r.Action).Order());
        Assert.All(requests, r => Assert.Equal(moved, r.PlannedReturnDate.ToDateOnly()));

        // AP-8: with Approvals down the move is refused UNAVAILABLE, never let through.
        await fixture.RecordAsync(childId, RecordKind.ContingencyPlan, status: "agreed");
        foreach (var request in requests)
        {
            fixture.Approvals.Approve(request.Action, request.Subject);
        }

        // CLA-7: approved, but Case does not yet record the child at home; then the child is placed with parents (P1).
        Assert.Equal(["CLA-7"], UnmetRules(await RefusedAsync(() => fixture.MoveAsync(childId, Stage.Stage3))));
        fixture.Case.PlacedWithParents(childId, today);
        fixture.Approvals.Down = true;
        try
        {
            Assert.Equal(StatusCode.Unavailable, (await RefusedAsync(() => fixture.MoveAsync(childId, Stage.Stage3))).StatusCode);
            Assert.Equal(Stage.Stage2, (await fixture.SocialWorker.GetPathwayAsync(new GetPathwayRequest { ChildId = childId })).Stage);
        }
        finally
        {
            fixture.Approvals.Down = false;
        }

        // Approvals is back; the client's circuit breaker lets calls through again after its break.
        V1.Pathway? home = null;
        await LocalProcess.WaitUntilAsync(async () =>
        {
            try
            {
                home = await fixture.MoveAsync(childId, Stage.Stage3);
                return true;
            }
            catch (RpcException e) when (e.StatusCode == StatusCode.Unavailable)
            {
                return false;
            }
        }, TimeSpan.FromSeconds(60), "the circuit to Approvals to close");
        Assert.Equal(Stage.Stage3, home!.Stage);
        Assert.Single(await fixture.RaisedAsync<ChildReturnedHome>(childId));

        // GH-15 branch A: the care order remains, the child stays in Stage 3.
        Assert.Equal(["GH-15", "GH-15", "CLA-7"], UnmetRules(await RefusedAsync(() => fixture.MoveAsync(childId, Stage.Closure, careOrder: CareOrderOutcome.Remains))));
        // Branch B: discharged, after the final CWCF review, and (CLA-7) the period of care ended in Case.
        fixture.Clock.Advance(TimeSpan.FromDays(30));
        await fixture.RecordAsync(childId, RecordKind.Review, notes: "final review");
        Assert.Equal(["CLA-7"], UnmetRules(await RefusedAsync(() => fixture.MoveAsync(childId, Stage.Closure, careOrder: CareOrderOutcome.Discharged))));
        fixture.Case.PeriodEnds(childId, today.AddDays(30), "E4A");
        Assert.Equal(Stage.Closure, (await fixture.MoveAsync(childId, Stage.Closure, careOrder: CareOrderOutcome.Discharged)).Stage);

        // GH-16: closes only with a lead professional named and handover recorded.
        Assert.Equal(["GH-16", "GH-16"], UnmetRules(await RefusedAsync(() => fixture.MoveAsync(childId, Stage.Closed))));
        await fixture.RecordAsync(childId, RecordKind.LeadProfessional, "Early Help: J. Smith");
        await fixture.RecordAsync(childId, RecordKind.Handover);
        Assert.Equal(Stage.Closed, (await fixture.MoveAsync(childId, Stage.Closed)).Stage);
        Assert.Contains("GH-16", UnmetRules(await RefusedAsync(() => fixture.RecordAsync(childId, RecordKind.Handover))));
    }

    [Fact(DisplayName = "Seed 004 / T-3 / GH-2 / NS-3 / NS-4 / NS-2: reviews on the regulation's schedule, and the monitoring they trigger: proceedings warned at 20 and 24 weeks with the parallel plan")]
    public async Task T3_ReviewsAndMonitoring()
    {
        var childId = await fixture.ChildEntersCareAsync(daysInCare: 10);
        var pathway = await fixture.SocialWorker.GetPathwayAsync(new GetPathwayRequest { ChildId = childId });
        var entered = pathway.EnteredCareDate.ToDateOnly()!.Value;

        // T-3: a review dated before the child entered care is refused.
        Assert.Contains("T-3", UnmetRules(await RefusedAsync(() => fixture.RecordAsync(childId, RecordKind.Review, on: entered.AddDays(-1)))));

        // NS-4: the first review finds reunification not viable: a care plan revision review and its event.
        var first = entered.AddDays(5);
        await fixture.RecordAsync(childId, RecordKind.Review, status: "reunification-not-viable", on: first);
        pathway = await fixture.SocialWorker.GetPathwayAsync(new GetPathwayRequest { ChildId = childId });
        Assert.Equal(first.AddMonths(3), pathway.NextReviewDue.ToDateOnly());
        Assert.Contains(await fixture.TasksAsync(childId), t => t.RuleId == "NS-4");
        Assert.Single(await fixture.RaisedAsync<CarePlanRevisionOpened>(childId));

        // NS-3: after the second review a Going Home plan not yet home gets the IRO's task.
        await fixture.MoveAsync(childId, Stage.Stage2, PlanDecision.HomeWithin6To12Months);
        await fixture.RecordAsync(childId, RecordKind.Review, on: first.AddDays(3));
        pathway = await fixture.SocialWorker.GetPathwayAsync(new GetPathwayRequest { ChildId = childId });
        Assert.Equal(first.AddDays(3).AddMonths(6), pathway.NextReviewDue.ToDateOnly());
        Assert.Single(await fixture.TasksAsync(childId), t => t.RuleId == "NS-3" && t.OwnerRole == "IRO");

        // NS-3: drift goes to issue resolution, escalating to the AD after 20 working days (through Notifications).
        await fixture.RecordAsync(childId, RecordKind.Drift, notes: "Assessments delayed");
        var drift = Assert.Single(await fixture.TasksAsync(childId), t => t.TemplateKey == "drift-issue-resolution");
        var due = Assert.Single(await fixture.RaisedAsync<TaskDue>(childId), e => e.TaskId == drift.Id);
        Assert.Equal(("AD", "SM"), (due.EscalateToRole, due.OwnerRole));

        // NS-2: proceedings issued: the parallel plan within 4 weeks, drift checks at weeks 20 and 24 (the HoS told at
        // 24), and the 26-week limit itself, escalating to the HoS.
        var issued = DateOnly.FromDateTime(fixture.Clock.GetUtcNow().UtcDateTime);
        await fixture.RecordAsync(childId, RecordKind.CourtProceedings);
        var proceedings = (await fixture.TasksAsync(childId)).Where(t => t.RuleId == "NS-2").OrderBy(t => t.DueTime).ToList();
        Assert.Equal([4 * 7, 20 * 7, 24 * 7, 26 * 7], proceedings.Select(t => WorkingDayCalendar.LondonDate(t.DueTime.ToDateTimeOffset()).DayNumber - issued.DayNumber));
        Assert.Equal(WorkingDayCalendar.EndOfDay(issued.AddDays(26 * 7)), proceedings[^1].DueTime.ToDateTimeOffset());
        var dueEvents = await fixture.RaisedAsync<TaskDue>(childId);
        Assert.Equal(["", "", "HoS", "HoS"], proceedings.Select(p => dueEvents.Last(e => e.TaskId == p.Id).EscalateToRole));
        await fixture.RecordAsync(childId, RecordKind.ParallelPlan, notes: "Kinship assessment of the maternal aunt runs alongside the return.");
        Assert.Contains(await fixture.TasksAsync(childId, TaskState.Done), t => t.TemplateKey == "proceedings-parallel-plan");
    }

    [Fact(DisplayName = "Seed 000 / GH-1: a later placement gets its own Placement Information Plan and Planning Meeting within 72 hours")]
    public async Task GH1_LaterPlacement()
    {
        var childId = await fixture.ChildEntersCareAsync(daysInCare: 30);
        var episode = fixture.Case.Children[childId].CareEpisodes[0];
        var moved = DateOnly.FromDateTime(fixture.Clock.GetUtcNow().UtcDateTime);
        await fixture.PublishCaseEventAsync(new PlacementAdded
        {
            ChildId = childId, EpisodeId = episode.Id, PlacementId = "p2", CarerType = GoingHome.Case.V1.CarerType.Kinship, StartDate = moved.ToProto(),
        }, childId);
        List<PathwayTask> later = [];
        await LocalProcess.WaitUntilAsync(async () => (later = [.. (await fixture.TasksAsync(childId)).Where(t => t.TemplateKey.StartsWith("later-placement-", StringComparison.Ordinal))]).Count == 2,
            TimeSpan.FromSeconds(60), "the new placement's tasks");
        Assert.All(later, t => Assert.Equal(("GH-1", PathwayWorkflow.StartOf(moved).AddHours(72)), (t.RuleId, t.DueTime.ToDateTimeOffset())));
    }

    [Fact(DisplayName = "GH-1: a placement made at 16:00 has its 72-hour tasks due at 16:00 three days later, not 72 hours from midnight")]
    public async Task GH1_CountsFromTheMomentOfPlacement()
    {
        var childId = await fixture.ChildEntersCareAsync(daysInCare: 30);
        var episode = fixture.Case.Children[childId].CareEpisodes[0];
        var day = DateOnly.FromDateTime(fixture.Clock.GetUtcNow().UtcDateTime);
        var placedAt = PathwayWorkflow.StartOf(day).AddHours(16);
        await fixture.PublishCaseEventAsync(new PlacementAdded
        {
            ChildId = childId, EpisodeId = episode.Id, PlacementId = "p-16", CarerType = GoingHome.Case.V1.CarerType.Foster,
            StartDate = day.ToProto(), StartTime = Timestamp.FromDateTimeOffset(placedAt),
        }, childId);
        List<PathwayTask> later = [];
        await LocalProcess.WaitUntilAsync(async () => (later = [.. (await fixture.TasksAsync(childId)).Where(t => t.TemplateKey.StartsWith("later-placement-", StringComparison.Ordinal))]).Count == 2,
            TimeSpan.FromSeconds(60), "the new placement's tasks");
        Assert.All(later, t => Assert.Equal(placedAt.AddHours(72), t.DueTime.ToDateTimeOffset()));
    }

    [Fact(DisplayName = "Seed 004 / NS-3 / NS-4: the IRO's viability check after the second review in any stage; a care plan revision at any later review found not viable, once")]
    public async Task NS3_NS4_InEveryStage()
    {
        var childId = await fixture.ChildEntersCareAsync(daysInCare: 10);
        var entered = (await fixture.SocialWorker.GetPathwayAsync(new GetPathwayRequest { ChildId = childId })).EnteredCareDate.ToDateOnly()!.Value;
        await fixture.RecordAsync(childId, RecordKind.Review, on: entered.AddDays(5));
        Assert.DoesNotContain(await fixture.TasksAsync(childId), t => t.RuleId is "NS-3" or "NS-4");

        // Still in Stage 1 at the second review: the IRO considers whether going home is still viable.
        await fixture.RecordAsync(childId, RecordKind.Review, on: entered.AddDays(7));
        Assert.Equal(Stage.Stage1, (await fixture.SocialWorker.GetPathwayAsync(new GetPathwayRequest { ChildId = childId })).Stage);
        Assert.Single(await fixture.TasksAsync(childId), t => t.RuleId == "NS-3" && t.OwnerRole == "IRO");

        // The third review finds reunification not viable: the care plan is revised; a fourth saying so again opens no second revision.
        await fixture.RecordAsync(childId, RecordKind.Review, status: "reunification-not-viable", on: entered.AddDays(8));
        await fixture.RecordAsync(childId, RecordKind.Review, status: "reunification-not-viable", on: entered.AddDays(9));
        Assert.Single(await fixture.TasksAsync(childId), t => t.RuleId == "NS-4");
        Assert.Single(await fixture.RaisedAsync<CarePlanRevisionOpened>(childId));
    }

    [Fact(DisplayName = "GH-1: tasks for screens: by owner role, team, state and due date; overdue as the clock moves; closed once, only by their owner, the allocated worker or a manager")]
    public async Task GH1_TasksForScreens()
    {
        var childId = await fixture.ChildEntersCareAsync();
        var open = await fixture.TasksAsync(childId, TaskState.Open);
        Assert.Equal(open.OrderBy(t => t.DueTime).Select(t => t.Id), open.Select(t => t.Id));
        Assert.Empty(await fixture.TasksAsync(childId, TaskState.Overdue));

        fixture.Clock.Advance(TimeSpan.FromDays(4));
        var overdue = await fixture.TasksAsync(childId, TaskState.Overdue);
        Assert.Equal(["GH-1", "GH-1"], overdue.Select(t => t.RuleId));
        Assert.All(overdue, t => Assert.True(t.Overdue));

        var iro = await fixture.SocialWorker.ListTasksAsync(new ListTasksRequest { ChildId = childId, OwnerRole = "IRO", TeamId = "north" });
        Assert.Equal("GH-2", Assert.Single(iro.Tasks).RuleId);

        // "My tasks": SW tasks belong to the allocated social worker, and follow a new allocation from Case.
        var mine = await fixture.SocialWorker.ListTasksAsync(new ListTasksRequest { OwnerId = "sw-1", ChildId = childId, PageSize = 100 });
        Assert.Equal(open.Count(t => t.OwnerRole == "SW"), mine.Tasks.Count);
        await fixture.PublishCaseEventAsync(new AllocationChanged { ChildId = childId, Role = WorkerRole.SocialWorker, WorkerId = "sw-2", PreviousWorkerId = "sw-1", TeamId = "north" }, childId);
        await LocalProcess.WaitUntilAsync(async () => (await fixture.SocialWorker.ListTasksAsync(new ListTasksRequest { OwnerId = "sw-2", ChildId = childId, PageSize = 100 })).Tasks.Count == mine.Tasks.Count,
            TimeSpan.FromSeconds(60), "the tasks to follow the new social worker");
        var page = await fixture.SocialWorker.ListTasksAsync(new ListTasksRequest { ChildId = childId, PageSize = 3 });
        Assert.Equal(3, page.Tasks.Count);
        Assert.NotEmpty(page.NextPageToken);

        // Work belongs to people: the former worker, an SSW and a team manager not allocated to the child may not close
        // sw-2's task; sw-2 may, and so may a service manager.
        var task = overdue[0];
        var sw2 = fixture.Client("sw-2", Roles.SocialWorker);
        foreach (var stranger in new[] { fixture.SocialWorker, fixture.Client("ssw-9", Roles.SupervisingSocialWorker), fixture.Client("tm-9", Roles.TeamManager) })
        {
            var refused = await RefusedAsync(() => stranger.MarkTaskNotNeededAsync(new MarkTaskNotNeededRequest { TaskId = task.Id, Reason = "Not mine", RequestId = Guid.NewGuid().ToString() }).ResponseAsync);
            Assert.Equal(StatusCode.PermissionDenied, refused.StatusCode);
        }

        await sw2.MarkTaskNotNeededAsync(new MarkTaskNotNeededRequest { TaskId = task.Id, Reason = "Held with the PPM", RequestId = Guid.NewGuid().ToString() });
        var twice = await RefusedAsync(() => sw2.CompleteTaskAsync(new CompleteTaskRequest { TaskId = task.Id, Outcome = "x", RequestId = Guid.NewGuid().ToString() }).ResponseAsync);
        Assert.Equal(["GH-1"], UnmetRules(twice));
        var noReason = await RefusedAsync(() => fixture.SocialWorker.MarkTaskNotNeededAsync(new MarkTaskNotNeededRequest { TaskId = overdue[1].Id, RequestId = "r" }).ResponseAsync);
        Assert.Equal(StatusCode.InvalidArgument, noReason.StatusCode);
        await fixture.Client("sm-1", Roles.ServiceManager).CompleteTaskAsync(new CompleteTaskRequest { TaskId = overdue[1].Id, Outcome = "PPM held", RequestId = Guid.NewGuid().ToString() });
        var unknown = await RefusedAsync(() => fixture.SocialWorker.CompleteTaskAsync(new CompleteTaskRequest { TaskId = Guid.NewGuid().ToString(), Outcome = "x", RequestId = Guid.NewGuid().ToString() }).ResponseAsync);
        Assert.Equal(StatusCode.NotFound, unknown.StatusCode);
        var notAnId = await RefusedAsync(() => fixture.SocialWorker.CompleteTaskAsync(new CompleteTaskRequest { TaskId = "visit-3", Outcome = "x", RequestId = Guid.NewGuid().ToString() }).ResponseAsync);
        Assert.Equal(StatusCode.InvalidArgument, notAnId.StatusCode);
        Assert.Equal(2, (await fixture.RaisedAsync<TaskClosed>(childId)).Count);
        Assert.Equal(1, await fixture.WithDbAsync(db => db.Pathways.CountAsync(p => p.ChildId == childId)));
    }

    [Fact(DisplayName = "Trust: a task of a restricted child answers NOT_FOUND worded exactly as an unknown task, before any owner or rule is named")]
    public async Task Restricted_task_is_worded_as_unknown()
    {
        var childId = await fixture.ChildEntersCareAsync();
        var task = (await fixture.TasksAsync(childId))[0];
        await fixture.PublishCaseEventAsync(new ChildRecordRestrictionChanged { ChildId = childId, Restricted = true, UserIds = { "tm-1" }, Version = 1 }, childId);
        var restrictions = fixture.Services.GetRequiredService<GoingHome.Persistence.Restrictions.RecordRestrictions>();
        await LocalProcess.WaitUntilAsync(() => Task.FromResult(restrictions.Hides(new CurrentUser("sw-1", "sw-1", [Roles.SocialWorker]), childId)),
            TimeSpan.FromSeconds(30), "the restriction to be in force");

        var unknownId = Guid.NewGuid().ToString();
        var unknown = await RefusedAsync(() => fixture.SocialWorker.CompleteTaskAsync(new CompleteTaskRequest { TaskId = unknownId, Outcome = "x", RequestId = Guid.NewGuid().ToString() }).ResponseAsync);
        var hidden = await RefusedAsync(() => fixture.SocialWorker.CompleteTaskAsync(new CompleteTaskRequest { TaskId = task.Id, Outcome = "x", RequestId = Guid.NewGuid().ToString() }).ResponseAsync);
        Assert.Equal((StatusCode.NotFound, unknown.Status.Detail.Replace(unknownId, task.Id, StringComparison.Ordinal)), (hidden.StatusCode, hidden.Status.Detail));
        Assert.DoesNotContain(childId, hidden.Status.Detail, StringComparison.Ordinal);
    }
}
