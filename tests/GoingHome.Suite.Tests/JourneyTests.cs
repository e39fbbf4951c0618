using GoingHome.Approvals.V1;
using GoingHome.Assessment.V1;
using GoingHome.Case.V1;
using GoingHome.LastingHomes.V1;
using GoingHome.Pathway.V1;
using GoingHome.ServiceDefaults.Errors;
using GoingHome.ServiceDefaults.Grpc;
using Grpc.Core;
using static GoingHome.Suite.Tests.Team;
using static GoingHome.Testing.RpcAssert;

namespace GoingHome.Suite.Tests;

/// <summary>
/// The seeds' journeys end to end: six real service processes, every step through the public gRPC API with the token
/// of the person who would take it, and what reached each inbox and each audit trail checked at the end.
/// </summary>
[Collection(SuiteCollection.Name)]
public sealed class JourneyTests(SharedSuite suite)
{
    internal static readonly RiskInputs LowRisk = new()
    {
        RiskFactors = RiskFactors.NoneOrAddressed, ProtectiveFactors = ProtectiveFactors.AtLeastOne,
        CapacityToChange = CapacityToChange.Sustained, Wishes = Wishes.BothWantReturn,
    };

    internal static NetworkMember[] Family(bool partner = false) =>
    [
        new() { Relationship = Relationship.Parent, Name = "Grace", HouseholdMember = true },
        .. partner ? new[] { new NetworkMember { Relationship = Relationship.ParentPartner, Name = "Leon", HouseholdMember = true } } : [],
        new() { Relationship = Relationship.Gp, Name = "Dr Patel", Organisation = "Elm Surgery" },
        new() { Relationship = Relationship.Housing, Name = "Housing Options", Organisation = "Council Housing" },
    ];

    [Fact(DisplayName = "Seed 000 / GH-1..GH-16 / AP-2 / AP-4 / AP-5 / NS-1 / RH-8 / CLA-4 / CLA-7: entering care to Closure through the 60-day bundle and the DD's agreement; a new adult in the home reopens the gate")]
    public async Task GH_Seed000_EnteringCareToClosure()
    {
        var team = new Team(suite, "a");
        var child = await team.ChildEntersCareAsync(8, LegalStatus.InterimCareOrder, 30, Family());
        await NotifiedAsync(team.SocialWorker, child.Id, "allocation");

        // Stage 1: the social worker's own task list, then the plan decision.
        var mine = await team.TasksAsync(child.Id, team.SocialWorker.Id);
        Assert.Contains(mine, t => t.RuleId == "GH-3");
        await team.RecordAsync(child.Id, RecordKind.CriticalConversation, "parents");
        Assert.Equal(Stage.Stage2, (await team.MoveAsync(child.Id, Stage.Stage2, PlanDecision.HomeWithin6To12Months)).Stage);

        // GH-13: a return planned 45 days out: the 60-day bundle, AP-4 among it.
        var planned = Today.AddDays(45);
        await team.SocialWorker.Pathway.SetPlannedReturnDateAsync(new SetPlannedReturnDateRequest { ChildId = child.Id, PlannedReturnDate = planned.ToProto(), RequestId = NewId() });
        var bundle = (await team.TasksAsync(child.Id)).Where(t => t.RuleId is "GH-13" or "AP-4").ToList();
        Assert.Equal(6, bundle.Count);
        Assert.Equal(["AP-2", "AP-4", "AP-5", "CLA-7", "GH-14", "RH-8"], UnmetRules(await Assert.ThrowsAsync<RpcException>(() => team.MoveAsync(child.Id, Stage.Stage3))).Order());

        // The return is made ready in Assessment, then the approvals are asked for from the pathway.
        Assert.True((await team.MakeReturnReadyAsync(child, LowRisk, "Grace")).Ready);
        var asked = await team.SocialWorker.Pathway.RequestReturnHomeApprovalsAsync(new RequestReturnHomeApprovalsRequest { ChildId = child.Id, RequestId = NewId(), PlanDocumentId = await team.ReturnHomePlanAsync(child.Id) });
        var requests = new List<ApprovalRequest>();
        foreach (var id in asked.ApprovalRequestIds)
        {
            requests.Add(await team.SocialWorker.Approvals.GetApprovalRequestAsync(new GetApprovalRequestRequest { Id = id }));
        }

        var withinSixtyDays = requests.Single(r => r.Action == "return-home-within-60-days");
        var returnHome = requests.Single(r => r.Action == "return-home");
        Assert.Equal(["AP-2", "AP-5"], returnHome.Steps.Select(s => s.RuleId));

        // AP-2: the AD is told; AP-4: the DD decides; AP-2 then AP-5: the SM, then the HoS.
        await NotifiedAsync(team.AssistantDirector, child.Id, "approval-requested-notice");
        await NotifiedAsync(team.DeputyDirector, child.Id, "approval-awaiting");
        await DecideAsync(team.DeputyDirector, withinSixtyDays.Id);
        await NotifiedAsync(team.ServiceManager, child.Id, "approval-awaiting");
        await DecideAsync(team.ServiceManager, returnHome.Id);
        await NotifiedAsync(team.HeadOfService, child.Id, "approval-awaiting");
        Assert.Equal(ApprovalState.Granted, (await DecideAsync(team.HeadOfService, returnHome.Id)).State);

        // AP-5 / RH-4: the HoS agreement is on the child's record as a management-oversight case note, and meets the
        // checklist's item by itself.
        await EventuallyAsync(async () => (await team.SocialWorker.Case.ListCaseNotesAsync(new ListCaseNotesRequest { ChildId = child.Id }))
            .Notes.Any(n => n.AuthorId == team.HeadOfService.Id), "the HoS agreement case note");
        var readiness = await team.SocialWorker.Assessment.GetReturnReadinessAsync(new GetReturnReadinessRequest { ChildId = child.Id });
        await EventuallyAsync(async () => (await team.SocialWorker.Assessment.GetChecklistAsync(new GetChecklistRequest { Id = readiness.ChecklistId }))
            .Items.Single(i => i.Key == "rh4-hos-agreement") is { State: ItemState.Met, UpdatedBy: var by } && by == team.HeadOfService.Id, "the checklist's HoS agreement item");

        // NS-1: Grace's new partner moves in after the approvals: the gate reopens until he is checked and the household
        // confirmed again.
        await team.RecordAsync(child.Id, RecordKind.ContingencyPlan, status: "agreed");
        var marcus = await team.SocialWorker.Case.AddNetworkMemberAsync(new AddNetworkMemberRequest
        {
            ChildId = child.Id, RequestId = NewId(), Member = new NetworkMember { Relationship = Relationship.ParentPartner, Name = "Marcus", HouseholdMember = true },
        });
        Assert.Equal(["CLA-7", "NS-1", "NS-1"], UnmetRules(await Assert.ThrowsAsync<RpcException>(() => team.MoveAsync(child.Id, Stage.Stage3))));
        var household = child with { Members = new Dictionary<string, string>(child.Members) { ["Marcus"] = marcus.Id } };
        await team.RecordDbsAsync(household, "Marcus", DbsState.Clear);
        await team.ConfirmHouseholdAsync(household, "Grace", "Marcus");

        // GH-14 / CLA-7: the child goes home, placed with parents under the order (P1 in Case); with the contingency plan
        // agreed, Stage 3; RH-8 / NT-3: GP and Housing are told.
        await team.SocialWorker.Case.AddPlacementAsync(new AddPlacementRequest
        {
            ChildId = child.Id, EpisodeId = child.EpisodeId, RequestId = NewId(), Placement = new Placement { Pl = "P1", CarerName = "Grace", StartDate = Today.ToProto() },
        });
        Assert.Equal(Stage.Stage3, (await team.MoveAsync(child.Id, Stage.Stage3)).Stage);

        // GH-15 branch B, GH-16: the final review, the care order discharged (CLA-7: the period ends in Case, a return
        // home with its approvals named, CLA-4), a lead professional and handover.
        await team.RecordAsync(child.Id, RecordKind.Review, notes: "Final CWCF review");
        Assert.Equal(["CLA-7"], UnmetRules(await Assert.ThrowsAsync<RpcException>(() => team.MoveAsync(child.Id, Stage.Closure, careOrder: CareOrderOutcome.Discharged))));
        await team.TeamManager.Case.EndCareEpisodeAsync(new EndCareEpisodeRequest
        {
            ChildId = child.Id, EpisodeId = child.EpisodeId, EndDate = Today.ToProto(), Rec = "E4A", RequestId = NewId(), ApprovalRequestIds = { asked.ApprovalRequestIds },
        });
        Assert.Equal(Stage.Closure, (await team.MoveAsync(child.Id, Stage.Closure, careOrder: CareOrderOutcome.Discharged)).Stage);
        await team.RecordAsync(child.Id, RecordKind.LeadProfessional, "Early Help: J. Smith");
        await team.RecordAsync(child.Id, RecordKind.Handover);
        // RH-5: this journey runs in one day, so closing is the day of the return: only with the manager's reason.
        Assert.Equal(["RH-5"], UnmetRules(await Assert.ThrowsAsync<RpcException>(() => team.MoveAsync(child.Id, Stage.Closed))));
        await team.TeamManager.Pathway.AddPathwayRecordAsync(new AddPathwayRecordRequest
        {
            ChildId = child.Id, RequestId = NewId(),
            Record = new PathwayRecord { Kind = RecordKind.EarlyClosure, Notes = "Support continues under Early Help from today.", OccurredOn = Today.ToProto() },
        });
        Assert.Equal(Stage.Closed, (await team.MoveAsync(child.Id, Stage.Closed)).Stage);

        var told = await team.EveryoneToldAsync(child.Id,
            $"member:{child.Members["Dr Patel"]} child-returned-home", $"member:{child.Members["Housing Options"]} child-returned-home",
            $"member:{child.Members["Dr Patel"]} child-return-planned", $"member:{child.Members["Housing Options"]} child-return-planned",
            "user:sw-a approval-granted", "user:sw-a risk-classified", "user:sw-a checklist-completed", "role:AD approval-requested-notice");
        Assert.DoesNotContain(told, t => t.StartsWith($"member:{child.Members["Grace"]}", StringComparison.Ordinal));

        var pathwayAudit = await suite.AuditAsync("pathwaydb", child.Id);
        Assert.Equal(4, pathwayAudit.Count(a => a is { Method: "TransitionPathway", Access: "write", UserId: "sw-a" }));
        await EventuallyAsync(async () => (await suite.AuditAsync("pathwaydb", child.Id)).Any(a => a is { Method: "ListTasks", UserId: "sw-a", Access: "read" }), "the task list read in the audit trail");
        var approvalsAudit = await suite.AuditAsync("approvalsdb", child.Id);
        Assert.Equal(["dd-a", "hos-a", "sm-a"], approvalsAudit.Where(a => a.Method == "DecideApprovalStep").Select(a => a.UserId).Order());
        Assert.Contains(await suite.AuditAsync("casedb", child.Id), a => a is { Method: "CreateChild", UserId: "sw-a", Role: "SW" });
    }

    [Fact(DisplayName = "Seeds 003/004 / S20-1 / S20-4 / S20-5 / S20-6 / AP-2 / AP-1 / NT-2 / NT-3: an unplanned S20 return, viable, SM, HoS then Director, episode ended")]
    public async Task S20_UnplannedViableReturn()
    {
        var team = new Team(suite, "b");
        var child = await team.ChildEntersCareAsync(12, LegalStatus.Section20, 40, Family());
        var s20 = await team.SocialWorker.Pathway.RecordSection20TriggerAsync(Section20Trigger(child.Id, GoingHome.Pathway.V1.Section20Trigger.UnplannedReturn, Today.AddDays(-1)));

        // S20-3: the IRO hears of it; S20-4: the visits at 3, 7, 14, 21 and 28 days, the first recorded.
        await NotifiedAsync(team.Iro, child.Id, "s20-return-requested");
        var visits = (await team.TasksAsync(child.Id)).Where(t => t.RuleId == "S20-4").OrderBy(t => t.DueTime).ToList();
        Assert.Equal(5, visits.Count);
        await team.SocialWorker.Pathway.CompleteTaskAsync(new CompleteTaskRequest { TaskId = visits[0].Id, Outcome = "Home visit: Amara safe and well", RequestId = NewId() });

        // S20-5: 40 days in care and no recent assessment: the Child & Family reassessment.
        Assert.True((await team.MakeReturnReadyAsync(child, LowRisk, "Grace")).Ready);
        Assert.Contains(await suite.AuditAsync("assessmentdb", child.Id), a => a is { Method: "CreateAssessment", UserId: "sw-b" });
        var chosen = await team.SocialWorker.Assessment.ListAssessmentsAsync(new ListAssessmentsRequest { ChildId = child.Id });
        Assert.Equal(AssessmentKind.ChildAndFamily, Assert.Single(chosen.Assessments).Kind);

        // S20-6 / AP-2 / AP-1: the TM finds it viable; a 12-year-old looked after 40 days: the SM agrees (the AD is told),
        // then the HoS, then the Director; ending the episode is refused until all three agree.
        await team.RecordIroViewsAndStepDownPlanAsync(child.Id);
        var decided = await team.TeamManager.Pathway.DecideSection20ReturnAsync(new DecideSection20ReturnRequest
        {
            ReturnId = s20.Id, Viable = true, PlanDocumentId = await team.ReturnHomePlanAsync(child.Id), Reason = "The reassessment supports the return with a CIN plan", RequestId = NewId(),
        });
        Assert.Equal(Section20State.AwaitingApproval, decided.State);
        var complete = new CompleteSection20ReturnRequest { ReturnId = s20.Id, EndDate = Today.ToProto(), RequestId = NewId() };
        Assert.Equal(["AP-2", "AP-1", "AP-1"], UnmetRules(await Assert.ThrowsAsync<RpcException>(() => team.TeamManager.Pathway.CompleteSection20ReturnAsync(complete).ResponseAsync)));

        var request = Assert.Single((await team.HeadOfService.Approvals.ListApprovalRequestsAsync(new ListApprovalRequestsRequest { ChildId = child.Id })).ApprovalRequests);
        Assert.Equal(("end-care-episode-after-s20-return", $"section20Returns/{s20.Id}"), (request.Action, request.Subject));
        await NotifiedAsync(team.AssistantDirector, child.Id, "approval-requested-notice");
        await NotifiedAsync(team.ServiceManager, child.Id, "approval-awaiting");
        await DecideAsync(team.ServiceManager, request.Id);
        Assert.Equal(["AP-1", "AP-1"], UnmetRules(await Assert.ThrowsAsync<RpcException>(() => team.TeamManager.Pathway.CompleteSection20ReturnAsync(complete).ResponseAsync)));
        await NotifiedAsync(team.HeadOfService, child.Id, "approval-awaiting");
        await DecideAsync(team.HeadOfService, request.Id);
        await NotifiedAsync(team.Director, child.Id, "approval-awaiting");
        await DecideAsync(team.Director, request.Id);

        complete.RequestId = NewId();
        Assert.Equal(Section20State.Completed, (await team.TeamManager.Pathway.CompleteSection20ReturnAsync(complete)).State);
        var record = await team.SocialWorker.Case.GetChildAsync(new GetChildRequest { Id = child.Id });
        Assert.Equal(EpisodeEndReason.ReturnedHome, Assert.Single(record.CareEpisodes).EndReason);
        // S20-6 / AP-1: Case puts the HoS agreement and the Director's authorisation on the file from Approvals' events.
        await EventuallyAsync(async () => (await team.SocialWorker.Case.ListCaseNotesAsync(new ListCaseNotesRequest { ChildId = child.Id })).Notes.Any(n => n.AuthorId == "hos-b"),
            "the HoS agreement case note");
        await EventuallyAsync(async () => (await team.SocialWorker.Case.ListDocumentsAsync(new ListDocumentsRequest { ChildId = child.Id })).Documents.Any(d => d.AuthorId == "director-b"),
            "the Director's authorisation on the file");

        // The IRO and SW hear the episode ended; GP and Housing hear the child is home.
        await team.EveryoneToldAsync(child.Id,
            "user:iro-b care-episode-ended", "user:sw-b care-episode-ended", "user:iro-b s20-return-requested",
            $"member:{child.Members["Dr Patel"]} child-returned-home", $"member:{child.Members["Housing Options"]} child-returned-home");

        var pathwayAudit = await suite.AuditAsync("pathwaydb", child.Id);
        Assert.Contains(pathwayAudit, a => a is { Method: "RecordSection20Trigger", UserId: "sw-b", Access: "write" });
        Assert.Contains(pathwayAudit, a => a is { Method: "CompleteSection20Return", UserId: "tm-b", Access: "write" });
        Assert.Contains(await suite.AuditAsync("casedb", child.Id), a => a.Method == "EndCareEpisode");
        await EventuallyAsync(async () => (await suite.AuditAsync("notificationsdb", child.Id)).Any(a => a is { Method: "ListChildNotifications", UserId: "tm-b", Access: "read" }),
            "the read of the child's notifications in the audit trail");
    }

    [Fact(DisplayName = "Seed 004 / S20-1 / S20-6 / AP-3 / AP-1: a 16-year-old asks to go home under S20; the AD approves, then the HoS and the Director")]
    public async Task S20_SixteenYearOldNeedsTheAssistantDirector()
    {
        var team = new Team(suite, "g");
        var child = await team.ChildEntersCareAsync(16, LegalStatus.Section20, 40, JourneyTests.Family());
        var s20 = await team.SocialWorker.Pathway.RecordSection20TriggerAsync(Section20Trigger(child.Id, GoingHome.Pathway.V1.Section20Trigger.ChildRequest,
            childViews: "I am 16 and I want to live with my mum."));
        Assert.True((await team.MakeReturnReadyAsync(child, LowRisk, "Grace")).Ready);
        await team.RecordIroViewsAndStepDownPlanAsync(child.Id);
        var decided = await team.TeamManager.Pathway.DecideSection20ReturnAsync(new DecideSection20ReturnRequest
        {
            ReturnId = s20.Id, Viable = true, PlanDocumentId = await team.ReturnHomePlanAsync(child.Id), Reason = "Amara and her mother have rebuilt their relationship.", RequestId = NewId(),
            PlannedReturnDate = Today.AddDays(7).ToProto(),
        });
        var request = await team.AssistantDirector.Approvals.GetApprovalRequestAsync(new GetApprovalRequestRequest { Id = decided.ApprovalRequestId });
        Assert.Equal(["AP-3:AD", "AP-1:HoS", "AP-1:Director"], request.Steps.Select(s => $"{s.RuleId}:{s.RequiredRole}"));

        var complete = new CompleteSection20ReturnRequest { ReturnId = s20.Id, EndDate = Today.ToProto(), RequestId = NewId() };
        await NotifiedAsync(team.AssistantDirector, child.Id, "approval-awaiting");
        await DecideAsync(team.AssistantDirector, request.Id);
        Assert.Equal(["AP-1", "AP-1"], UnmetRules(await Assert.ThrowsAsync<RpcException>(() => team.TeamManager.Pathway.CompleteSection20ReturnAsync(complete).ResponseAsync)));
        await DecideAsync(team.HeadOfService, request.Id);
        await DecideAsync(team.Director, request.Id);
        complete.RequestId = NewId();
        Assert.Equal(Section20State.Completed, (await team.TeamManager.Pathway.CompleteSection20ReturnAsync(complete)).State);
        Assert.Contains(await suite.AuditAsync("approvalsdb", child.Id), a => a is { Method: "DecideApprovalStep", UserId: "ad-g", Role: "AD" });
    }

    [Fact(DisplayName = "Seed 004 / S20-7 / NT-2: a return that is not viable tells the young person, the parent and the IRO, and books the ICPC and LPM")]
    public async Task S20_NotViable()
    {
        var team = new Team(suite, "c");
        var child = await team.ChildEntersCareAsync(14, LegalStatus.Section20, 60, Family());
        var s20 = await team.SocialWorker.Pathway.RecordSection20TriggerAsync(
            Section20Trigger(child.Id, GoingHome.Pathway.V1.Section20Trigger.ParentWithdrewAgreement, childViews: "Wants to see mum more, not to move home yet"));
        var decided = await team.TeamManager.Pathway.DecideSection20ReturnAsync(new DecideSection20ReturnRequest
        {
            ReturnId = s20.Id, Viable = false, Reason = "Risks at home are not being addressed", BookIcpc = true, BookLpm = true, RequestId = NewId(),
        });
        Assert.Equal(Section20State.NotViable, decided.State);
        Assert.Equal(["s20-book-icpc", "s20-book-lpm"], (await team.TasksAsync(child.Id)).Where(t => t.RuleId == "S20-7").Select(t => t.TemplateKey).Order());

        var told = await team.EveryoneToldAsync(child.Id,
            $"child:{child.Id} s20-return-not-viable", $"member:{child.Members["Grace"]} s20-return-not-viable", "user:iro-c s20-return-not-viable");
        Assert.DoesNotContain(told, t => t.StartsWith($"member:{child.Members["Dr Patel"]}", StringComparison.Ordinal));
        Assert.Empty((await team.HeadOfService.Approvals.ListApprovalRequestsAsync(new ListApprovalRequestsRequest { ChildId = child.Id })).ApprovalRequests);
        Assert.Null((await team.SocialWorker.Case.GetChildAsync(new GetChildRequest { Id = child.Id })).CareEpisodes.Single().EndDate);
        Assert.Contains(await suite.AuditAsync("pathwaydb", child.Id), a => a is { Method: "DecideSection20Return", UserId: "tm-c", Role: "TM" });
    }

    [Fact(DisplayName = "Seed 002 / LH-1..LH-9 / AP-6 / NT-5: a lasting home from the TM's start to the celebration")]
    public async Task LH_Seed002_StartToCelebration()
    {
        var team = new Team(suite, "d");
        var child = await team.ChildEntersCareAsync(9, LegalStatus.CareOrder, 400, new NetworkMember { Relationship = Relationship.School, Name = "Oak Primary" });
        var lastingHomes = team.SocialWorker.LastingHomes;

        // LH-2..LH-4: the TM starts it with the IRO; the preparation, every professional invited; the TM chairs the meeting.
        var home = await team.RecommendLastingHomeAsync(child, child.Members["Oak Primary"]);
        Assert.Equal(LastingHomeStage.AwaitingRatification, home.Stage);
        await NotifiedAsync(team.HeadOfService, child.Id, "approval-awaiting");
        await DecideAsync(team.HeadOfService, home.ApprovalRequestId);
        await EventuallyAsync(async () => (await lastingHomes.GetLastingHomeAsync(new GetLastingHomeRequest { Id = home.Id })).Stage == LastingHomeStage.Ratified,
            "the ratification to reach Lasting Homes");
        await NotifiedAsync(team.SocialWorker, child.Id, "approval-granted");

        // LH-6..LH-8: the commitment visit (its certificate on the child's record in Case), the carers' record, the celebration.
        var visited = await team.TeamManager.LastingHomes.RecordCommitmentVisitAsync(team.CommitmentVisit(home.Id));
        await team.Ssw.LastingHomes.RecordOnCarersRecordAsync(new RecordOnCarersRecordRequest { Id = home.Id, RequestId = NewId() });
        var celebrated = await lastingHomes.RecordCelebrationAsync(new RecordCelebrationRequest
        {
            Id = home.Id, HeldOn = Today.ToProto(), Event = "Pizza and bowling", ContributionPaid = true, PhotographsRequested = true, RequestId = NewId(),
        });
        Assert.Equal(LastingHomeStage.Celebrated, celebrated.Stage);
        // LH-6: Case files the visit's record from Lasting Homes' event, under the id the lasting home already names.
        await EventuallyAsync(async () => (await team.SocialWorker.Case.ListDocumentsAsync(new ListDocumentsRequest { ChildId = child.Id })).Documents
            .Any(d => d.Id == visited.ChildFileDocumentId && d.Kind == DocumentKind.Certificate), "the commitment visit on the child's file in Case");
        var tracker = await lastingHomes.ListTrackerEntriesAsync(new ListTrackerEntriesRequest { Stage = LastingHomeStage.Celebrated });
        Assert.Contains(tracker.Entries, e => e.LastingHomeId == home.Id && e.RatifiedOn is not null && e.VisitOn is not null);

        await team.EveryoneToldAsync(child.Id, "role:HoS approval-awaiting", "user:sw-d approval-granted", "user:ssw-d allocation");
        var audit = await suite.AuditAsync("lastinghomesdb", child.Id);
        Assert.Contains(audit, a => a is { Method: "StartLastingHome", UserId: "tm-d", Access: "write" });
        Assert.Contains(audit, a => a is { Method: "RecordOnCarersRecord", UserId: "ssw-d", Role: "SSW" });
        Assert.Contains(await suite.AuditAsync("approvalsdb", child.Id), a => a is { Method: "DecideApprovalStep", UserId: "hos-d" });
    }

    [Fact(DisplayName = "Seed 001 / RH-1 / RH-2 / RH-3 / NS-1: the checklist, the risk band and the DBS checks gate the return; a retry with the same request id then goes through")]
    public async Task RH_Seed001_ChecklistAndRiskGateTheReturn()
    {
        var team = new Team(suite, "e");
        var child = await team.ChildEntersCareAsync(9, LegalStatus.CareOrder, 400, Family(partner: true));
        await team.RecordAsync(child.Id, RecordKind.CriticalConversation, "parents");
        await team.MoveAsync(child.Id, Stage.Stage2, PlanDecision.HomeWithin6To12Months);
        await team.SocialWorker.Pathway.SetPlannedReturnDateAsync(new SetPlannedReturnDateRequest { ChildId = child.Id, PlannedReturnDate = Today.AddDays(45).ToProto(), RequestId = NewId() });
        var ask = new RequestReturnHomeApprovalsRequest { ChildId = child.Id, RequestId = NewId(), PlanDocumentId = await team.ReturnHomePlanAsync(child.Id) };

        // Nothing in place: Approvals refuses to put the return to approvers and says what is missing.
        var nothing = UnmetRules(await Assert.ThrowsAsync<RpcException>(() => team.SocialWorker.Pathway.RequestReturnHomeApprovalsAsync(ask).ResponseAsync));
        Assert.Equal(["NS-1", "NS-1", "NS-1", "RH-2", "RH-3", "S20-5"], nothing.Order());

        // RH-3: risk factors not addressed and no protective factor: Severe; the manager's override keeps the computed band.
        Assert.Equal(AssessmentKind.ChildAndFamily, await team.CompleteChosenAssessmentAsync(child.Id));
        var risk = await team.SocialWorker.Assessment.ClassifyRiskAsync(new ClassifyRiskRequest
        {
            RequestId = NewId(), ChildId = child.Id,
            Inputs = new RiskInputs { RiskFactors = RiskFactors.NotBeingAddressed, ProtectiveFactors = ProtectiveFactors.None, CapacityToChange = CapacityToChange.LimitedEvidence, Wishes = Wishes.AmbivalentOrOpposed },
        });
        Assert.Equal(RiskBand.Severe, risk.Band);
        var overridden = await team.TeamManager.Assessment.OverrideRiskClassificationAsync(new OverrideRiskClassificationRequest
        {
            RequestId = NewId(), Id = risk.Id, Etag = risk.Etag, Band = RiskBand.High, Rationale = "Father has left the household; the plan addresses the remaining risks.",
        });
        Assert.Equal((RiskBand.High, RiskBand.Severe), (overridden.Band, overridden.ComputedBand));

        // RH-1 / RH-2: the IRO cannot complete a checklist with an item unmet; each unmet item is named.
        var checklist = await team.OpenChecklistAsync(child.Id);
        var heldBack = checklist.Items.First().Key;
        await team.SettleChecklistAsync(checklist, checklist.Items.Skip(1).Select(i => i.Key));
        var unmet = await Assert.ThrowsAsync<RpcException>(() => team.Iro.Assessment.CompleteChecklistAsync(new CompleteChecklistRequest { RequestId = NewId(), Id = checklist.Id }).ResponseAsync);
        Assert.Single(unmet.GetStatusDetail<Google.Rpc.PreconditionFailure>()!.Violations);
        await team.SettleChecklistAsync(checklist, [heldBack]);
        await team.Iro.Assessment.CompleteChecklistAsync(new CompleteChecklistRequest { RequestId = NewId(), Id = checklist.Id });

        // NS-1: who lives in the home is the worker's explicit answer and must match Case: Leon cannot be left out.
        var partial = await Assert.ThrowsAsync<RpcException>(() => team.ConfirmHouseholdAsync(child, "Grace"));
        Assert.Equal("member_ids", partial.GetStatusDetail<Google.Rpc.BadRequest>()!.FieldViolations.Single().Field);
        await team.ConfirmHouseholdAsync(child, "Grace", "Leon");

        // NS-1: every household adult checked; concerns noted still block.
        await team.RecordDbsAsync(child, "Grace", DbsState.Clear);
        await team.RecordDbsAsync(child, "Leon", DbsState.ConcernsNoted, "Caution 2019");
        Assert.Equal(["NS-1"], UnmetRules(await Assert.ThrowsAsync<RpcException>(() => team.SocialWorker.Pathway.RequestReturnHomeApprovalsAsync(ask).ResponseAsync)));
        await team.RecordDbsAsync(child, "Leon", DbsState.Clear, "Re-checked; no further matters");

        // Ready, with the band the return will be decided on; the same request id now goes through, once.
        var readiness = await team.SocialWorker.Assessment.GetReturnReadinessAsync(new GetReturnReadinessRequest { ChildId = child.Id });
        Assert.Equal((true, RiskBand.High), (readiness.Ready, readiness.LatestBand));
        var asked = await team.SocialWorker.Pathway.RequestReturnHomeApprovalsAsync(ask);
        Assert.Equal(asked.ApprovalRequestIds, (await team.SocialWorker.Pathway.RequestReturnHomeApprovalsAsync(ask)).ApprovalRequestIds);
        var all = (await team.HeadOfService.Approvals.ListApprovalRequestsAsync(new ListApprovalRequestsRequest { ChildId = child.Id })).ApprovalRequests;
        Assert.Equal(["return-home", "return-home-within-60-days"], all.Select(r => r.Action).Order());

        await team.EveryoneToldAsync(child.Id, "user:sw-e risk-classified", "user:tm-e risk-classified", "user:sw-e checklist-completed", "user:tm-e checklist-completed");
        var audit = await suite.AuditAsync("assessmentdb", child.Id);
        Assert.Contains(audit, a => a is { Method: "OverrideRiskClassification", UserId: "tm-e", Role: "TM", Access: "write" });
        Assert.Contains(audit, a => a is { Method: "CompleteChecklist", UserId: "iro-e", Role: "IRO", Access: "write" });
        await EventuallyAsync(async () => (await suite.AuditAsync("assessmentdb", child.Id)).Any(a => a is { Method: "GetReturnReadiness", UserId: "sw-e", Access: "read" }), "the readiness read in the audit trail");
    }
}
