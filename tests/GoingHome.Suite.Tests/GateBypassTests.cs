using GoingHome.Approvals.V1;
using GoingHome.Case.V1;
using GoingHome.LastingHomes.V1;
using GoingHome.Pathway.V1;
using GoingHome.ServiceDefaults.Grpc;
using Grpc.Core;
using static GoingHome.Suite.Tests.Team;
using static GoingHome.Testing.RpcAssert;

namespace GoingHome.Suite.Tests;

/// <summary>
/// Round the front door: every gated write in the inventory (docs/gates.md) called directly, through its owner's public API,
/// by a senior manager who may call it but decides none of the approvals (the AD here): refused with the rule IDs while
/// nothing is approved, UNAVAILABLE while the service the gate depends on is stopped, and allowed once after the proper
/// approvals. The owner holds the gate, whoever calls and whatever another service checked first.
/// </summary>
public sealed class GateBypassTests(GateBypassTests.KillableSuite suite) : IClassFixture<GateBypassTests.KillableSuite>
{
    /// <summary>Services as plain processes, so a test can SIGKILL the one a gate depends on and start it again.</summary>
    public sealed class KillableSuite : ProcessSuite;

    private static EndCareEpisodeRequest ReturnedHome(ChildInCare child, params string[] approvalRequestIds) => new()
    {
        ChildId = child.Id, EpisodeId = child.EpisodeId, EndDate = Today.ToProto(), EndReason = EpisodeEndReason.ReturnedHome, RequestId = NewId(),
        EndNote = "Called directly, not through Pathway.", ApprovalRequestIds = { approvalRequestIds },
    };

    /// <summary>Stops the service (SIGKILL), expects UNAVAILABLE from every call, then starts it again.</summary>
    private async Task WhileStoppedAsync(string service, params Func<Task>[] calls)
    {
        await suite.Process(service).KillAsync();
        try
        {
            foreach (var call in calls)
            {
                Assert.Equal(StatusCode.Unavailable, (await Assert.ThrowsAsync<RpcException>(call)).StatusCode);
            }
        }
        finally
        {
            await suite.Process(service).StartAsync();
        }
    }

    /// <summary>Every step of each request, decided by the team's holder of the step's role.</summary>
    private static async Task DecideEveryStepAsync(Team team, IEnumerable<string> approvalRequestIds)
    {
        foreach (var id in approvalRequestIds)
        {
            var request = await team.AssistantDirector.Approvals.GetApprovalRequestAsync(new GetApprovalRequestRequest { Id = id });
            foreach (var step in request.Steps)
            {
                await DecideAsync(step.RequiredRole switch { "DD" => team.DeputyDirector, "HoS" => team.HeadOfService, _ => team.ServiceManager }, id);
            }
        }
    }

    private async Task<bool> EpisodeOpenAsync(Team team, ChildInCare child) =>
        (await RetryAsync(() => team.SocialWorker.Case.GetChildAsync(new GetChildRequest { Id = child.Id }).ResponseAsync)).CareEpisodes.Single().EndDate is null;

    [Fact(DisplayName = "S20-6 / AP-2 / AP-1 / AP-8: Case.EndCareEpisode and Pathway.CompleteSection20Return called directly: refused until the SM, the HoS and the Director approve, fail closed")]
    public async Task S20_6_AP1_AP8_Section20EpisodeEnd()
    {
        var team = new Team(suite, "gate-s20");
        var senior = team.AssistantDirector;
        var child = await team.ChildEntersCareAsync(12, LegalStatus.Section20, 40, JourneyTests.Family());
        var s20 = await team.SocialWorker.Pathway.RecordSection20TriggerAsync(Section20Trigger(child.Id, GoingHome.Pathway.V1.Section20Trigger.ParentRequest, childViews: "Amara wants to go home to her mum."));
        Assert.True((await team.MakeReturnReadyAsync(child, JourneyTests.LowRisk, "Grace")).Ready);
        await team.RecordIroViewsAndStepDownPlanAsync(child.Id);
        var viable = await team.TeamManager.Pathway.DecideSection20ReturnAsync(new DecideSection20ReturnRequest
        {
            ReturnId = s20.Id, Viable = true, Reason = "Grace has engaged with every part of the plan.", PlanDocumentId = await team.ReturnHomePlanAsync(child.Id), RequestId = NewId(),
            PlannedReturnDate = Today.AddDays(7).ToProto(),
        });
        var complete = new CompleteSection20ReturnRequest { ReturnId = s20.Id, EndDate = Today.ToProto(), RequestId = NewId() };

        Assert.Equal(["AP-2", "AP-1", "AP-1"], UnmetRules(await Assert.ThrowsAsync<RpcException>(() => senior.Case.EndCareEpisodeAsync(ReturnedHome(child)).ResponseAsync)));
        Assert.Equal(["AP-2", "AP-1", "AP-1"], UnmetRules(await Assert.ThrowsAsync<RpcException>(() => senior.Case.EndCareEpisodeAsync(ReturnedHome(child, viable.ApprovalRequestId)).ResponseAsync)));
        Assert.Equal(["AP-2", "AP-1", "AP-1"], UnmetRules(await Assert.ThrowsAsync<RpcException>(() => senior.Pathway.CompleteSection20ReturnAsync(complete).ResponseAsync)));
        await WhileStoppedAsync("approvals",
            () => senior.Case.EndCareEpisodeAsync(ReturnedHome(child, viable.ApprovalRequestId)).ResponseAsync,
            () => senior.Pathway.CompleteSection20ReturnAsync(complete).ResponseAsync);
        Assert.True(await EpisodeOpenAsync(team, child));

        await RetryAsync(() => DecideAsync(team.ServiceManager, viable.ApprovalRequestId));
        await DecideAsync(team.HeadOfService, viable.ApprovalRequestId);
        Assert.Equal(["AP-1"], UnmetRules(await Assert.ThrowsAsync<RpcException>(() => senior.Case.EndCareEpisodeAsync(ReturnedHome(child, viable.ApprovalRequestId)).ResponseAsync)));
        await RetryAsync(() => DecideAsync(team.Director, viable.ApprovalRequestId));

        var ended = await RetryAsync(() => senior.Case.EndCareEpisodeAsync(ReturnedHome(child, viable.ApprovalRequestId)).ResponseAsync);
        Assert.Equal(EpisodeEndReason.ReturnedHome, ended.EndReason);
        Assert.Equal(["CASE-EPISODE-ENDED"], UnmetRules(await Assert.ThrowsAsync<RpcException>(() => senior.Case.EndCareEpisodeAsync(ReturnedHome(child, viable.ApprovalRequestId)).ResponseAsync)));
    }

    [Fact(DisplayName = "AP-2 / AP-4 / AP-5 / GH-14 / NS-1 / AP-8 / CLA-4 / CLA-7: a care-order return called directly: Case.EndCareEpisode, TransitionPathway and CreateApprovalRequest refuse until ready and approved, fail closed")]
    public async Task AP2_AP4_AP5_GH14_NS1_ReturnHome()
    {
        var team = new Team(suite, "gate-co");
        var senior = team.AssistantDirector;
        var child = await team.ChildEntersCareAsync(8, LegalStatus.InterimCareOrder, 30, JourneyTests.Family());
        await team.MoveAsync(child.Id, Stage.Stage2, PlanDecision.HomeWithin6To12Months);
        await team.SocialWorker.Pathway.SetPlannedReturnDateAsync(new SetPlannedReturnDateRequest { ChildId = child.Id, PlannedReturnDate = Today.AddDays(45).ToProto(), RequestId = NewId() });
        await team.RecordAsync(child.Id, RecordKind.ContingencyPlan, status: "agreed");
        var toStage3 = new TransitionPathwayRequest { ChildId = child.Id, ToStage = Stage.Stage3, RequestId = NewId() };
        var pathway = await team.SocialWorker.Pathway.GetPathwayAsync(new GetPathwayRequest { ChildId = child.Id });
        var directRequest = new CreateApprovalRequestRequest { ChildId = child.Id, Action = "return-home", Subject = $"pathways/{pathway.Id}", RequestId = NewId() };

        Assert.Equal(["AP-2", "AP-5", "AP-4"], UnmetRules(await Assert.ThrowsAsync<RpcException>(() => senior.Case.EndCareEpisodeAsync(ReturnedHome(child)).ResponseAsync)));
        Assert.Equal(["AP-2", "AP-4", "AP-5", "CLA-7", "RH-8"], UnmetRules(await Assert.ThrowsAsync<RpcException>(() => senior.Pathway.TransitionPathwayAsync(toStage3).ResponseAsync)).Order());
        // NS-1: the approvals cannot even be asked for until Assessment says the return is ready, and not while it is down.
        Assert.Contains("RH-3", UnmetRules(await Assert.ThrowsAsync<RpcException>(() => senior.Approvals.CreateApprovalRequestAsync(directRequest).ResponseAsync)));
        await WhileStoppedAsync("assessment", () => senior.Approvals.CreateApprovalRequestAsync(directRequest).ResponseAsync);
        await WhileStoppedAsync("approvals",
            () => senior.Case.EndCareEpisodeAsync(ReturnedHome(child)).ResponseAsync,
            () => senior.Pathway.TransitionPathwayAsync(toStage3).ResponseAsync);
        Assert.True(await EpisodeOpenAsync(team, child));

        Assert.True((await RetryAsync(() => team.MakeReturnReadyAsync(child, JourneyTests.LowRisk, "Grace"))).Ready);
        var plan = await team.ReturnHomePlanAsync(child.Id);
        var asked = await RetryAsync(() => team.SocialWorker.Pathway.RequestReturnHomeApprovalsAsync(new RequestReturnHomeApprovalsRequest { ChildId = child.Id, RequestId = NewId(), PlanDocumentId = plan }).ResponseAsync);
        var requests = new List<ApprovalRequest>();
        foreach (var id in asked.ApprovalRequestIds)
        {
            requests.Add(await senior.Approvals.GetApprovalRequestAsync(new GetApprovalRequestRequest { Id = id }));
        }

        var returnHome = requests.Single(r => r.Action == "return-home");
        await DecideAsync(team.DeputyDirector, requests.Single(r => r.Action == "return-home-within-60-days").Id);
        await DecideAsync(team.ServiceManager, returnHome.Id);
        Assert.Equal(["AP-5"], UnmetRules(await Assert.ThrowsAsync<RpcException>(() => senior.Case.EndCareEpisodeAsync(ReturnedHome(child, [.. asked.ApprovalRequestIds])).ResponseAsync)));
        await DecideAsync(team.HeadOfService, returnHome.Id);

        // CLA-7: Stage 3 once Case records the child at home (placed with parents under the interim order), then the
        // period ends to the parents with the approvals named.
        await team.SocialWorker.Case.AddPlacementAsync(new AddPlacementRequest
        {
            ChildId = child.Id, EpisodeId = child.EpisodeId, RequestId = NewId(), Placement = new Placement { Pl = "P1", StartDate = Today.ToProto() },
        });
        Assert.Equal(Stage.Stage3, (await senior.Pathway.TransitionPathwayAsync(toStage3)).Stage);
        Assert.Equal(EpisodeEndReason.ReturnedHome, (await senior.Case.EndCareEpisodeAsync(ReturnedHome(child, [.. asked.ApprovalRequestIds]))).EndReason);
        Assert.Equal(["CASE-EPISODE-ENDED"], UnmetRules(await Assert.ThrowsAsync<RpcException>(() => senior.Case.EndCareEpisodeAsync(ReturnedHome(child, [.. asked.ApprovalRequestIds])).ResponseAsync)));
    }

    [Fact(DisplayName = "ACC-2: keys belong to their caller: a social worker who squats every key Approvals once derived for its writes to Case cannot block the HoS's decision or its note (now written by Case from the event)")]
    public async Task ACC2_DerivedKeysCannotBeSquatted()
    {
        var team = new Team(suite, "acc2");
        var child = await RetryAsync(() => team.ChildReadyToGoHomeAsync(LegalStatus.CareOrder, 10, plannedInDays: 1));
        var asked = await team.SocialWorker.Pathway.RequestReturnHomeApprovalsAsync(new RequestReturnHomeApprovalsRequest
        {
            ChildId = child.Id, RequestId = NewId(), PlanDocumentId = await team.ReturnHomePlanAsync(child.Id),
        });

        // Another team's worker, on a child of their own, takes every key the decisions will use, first.
        var squatters = new Team(suite, "acc2-squat");
        var theirs = await squatters.ChildEntersCareAsync(10, LegalStatus.CareOrder, 10);
        foreach (var id in asked.ApprovalRequestIds)
        {
            var request = await team.AssistantDirector.Approvals.GetApprovalRequestAsync(new GetApprovalRequestRequest { Id = id });
            foreach (var step in request.Steps)
            {
                await squatters.SocialWorker.Case.CreateCaseNoteAsync(new CreateCaseNoteRequest
                {
                    ChildId = theirs.Id, RequestId = $"approval-{id}-step-{step.Index}-note",
                    Note = new CaseNote { Type = CaseNoteType.General, Subject = "squat", Body = "squat" },
                });
                await squatters.SocialWorker.Case.CreateDocumentAsync(new CreateDocumentRequest
                {
                    ChildId = theirs.Id, RequestId = $"approval-{id}-step-{step.Index}-document",
                    Document = new Document { Kind = DocumentKind.Other, Title = "squat", Uri = "https://example.test/squat", ContentType = "text/plain", DocumentDate = Today.ToProto() },
                });
            }
        }

        await DecideEveryStepAsync(team, asked.ApprovalRequestIds);
        foreach (var id in asked.ApprovalRequestIds)
        {
            Assert.Equal(ApprovalState.Granted, (await team.AssistantDirector.Approvals.GetApprovalRequestAsync(new GetApprovalRequestRequest { Id = id })).State);
        }

        await EventuallyAsync(async () => (await team.SocialWorker.Case.ListCaseNotesAsync(new ListCaseNotesRequest { ChildId = child.Id }))
            .Notes.Any(n => n.Type == CaseNoteType.ManagementOversight && n.AuthorId == team.HeadOfService.Id), "the HoS agreement case note");
    }

    [Fact(DisplayName = "Seed 000 / AP-4 / GH-14: a return planned 90 days away and approved without the DD cannot go home today: the DD's agreement is judged on the day the child goes home; a date past the horizon is refused")]
    public async Task AP4_JudgedOnTheDayOfTheReturn()
    {
        var team = new Team(suite, "gate-dd");
        var senior = team.AssistantDirector;
        var child = await team.ChildEntersCareAsync(8, LegalStatus.CareOrder, 10, JourneyTests.Family());
        await team.MoveAsync(child.Id, Stage.Stage2, PlanDecision.HomeWithin6To12Months);
        var farAway = await Assert.ThrowsAsync<RpcException>(() => team.SocialWorker.Pathway.SetPlannedReturnDateAsync(new SetPlannedReturnDateRequest
        {
            ChildId = child.Id, PlannedReturnDate = new Google.Type.Date { Year = 9999, Month = 12, Day = 31 }, RequestId = NewId(),
        }).ResponseAsync);
        Assert.Equal(StatusCode.InvalidArgument, farAway.StatusCode);
        await team.SocialWorker.Pathway.SetPlannedReturnDateAsync(new SetPlannedReturnDateRequest { ChildId = child.Id, PlannedReturnDate = Today.AddDays(90).ToProto(), RequestId = NewId() });
        await team.RecordAsync(child.Id, RecordKind.ContingencyPlan, status: "agreed");
        Assert.True((await RetryAsync(() => team.MakeReturnReadyAsync(child, JourneyTests.LowRisk, "Grace"))).Ready);
        var plan = await team.ReturnHomePlanAsync(child.Id);
        var asked = await team.SocialWorker.Pathway.RequestReturnHomeApprovalsAsync(new RequestReturnHomeApprovalsRequest { ChildId = child.Id, RequestId = NewId(), PlanDocumentId = plan });
        await DecideEveryStepAsync(team, asked.ApprovalRequestIds);

        // The child goes home today (placed with parents), though the plan said 90 days: the DD has not agreed (AP-4).
        await team.SocialWorker.Case.AddPlacementAsync(new AddPlacementRequest
        {
            ChildId = child.Id, EpisodeId = child.EpisodeId, RequestId = NewId(), Placement = new Placement { Pl = "P1", StartDate = Today.ToProto() },
        });
        var toStage3 = new TransitionPathwayRequest { ChildId = child.Id, ToStage = Stage.Stage3, RequestId = NewId() };
        Assert.Equal(["AP-4"], UnmetRules(await Assert.ThrowsAsync<RpcException>(() => senior.Pathway.TransitionPathwayAsync(toStage3).ResponseAsync)).Distinct());
        Assert.Contains("AP-4", UnmetRules(await Assert.ThrowsAsync<RpcException>(() => senior.Case.EndCareEpisodeAsync(ReturnedHome(child, [.. asked.ApprovalRequestIds])).ResponseAsync)));

        // Asked again with the return brought forward: the DD decides, and the child goes home.
        await team.SocialWorker.Pathway.SetPlannedReturnDateAsync(new SetPlannedReturnDateRequest { ChildId = child.Id, PlannedReturnDate = Today.AddDays(1).ToProto(), RequestId = NewId() });
        var again = await team.SocialWorker.Pathway.RequestReturnHomeApprovalsAsync(new RequestReturnHomeApprovalsRequest { ChildId = child.Id, RequestId = NewId(), PlanDocumentId = plan });
        await DecideEveryStepAsync(team, again.ApprovalRequestIds);

        Assert.Equal(Stage.Stage3, (await senior.Pathway.TransitionPathwayAsync(toStage3)).Stage);
    }

    [Fact(DisplayName = "LH-6 / AP-6 / AP-8: LastingHomes.RecordCommitmentVisit called directly: refused before the HoS ratifies, fails closed, then allowed once")]
    public async Task LH6_AP6_AP8_CommitmentVisit()
    {
        var team = new Team(suite, "gate-lh");
        var senior = team.AssistantDirector;
        var child = await team.ChildEntersCareAsync(9, LegalStatus.CareOrder, 400);
        var home = await team.RecommendLastingHomeAsync(child);

        Assert.Equal(["LH-6"], UnmetRules(await Assert.ThrowsAsync<RpcException>(() => senior.LastingHomes.RecordCommitmentVisitAsync(team.CommitmentVisit(home.Id)).ResponseAsync)));
        await DecideAsync(team.HeadOfService, home.ApprovalRequestId);
        await EventuallyAsync(async () => (await senior.LastingHomes.GetLastingHomeAsync(new GetLastingHomeRequest { Id = home.Id })).Stage == LastingHomeStage.Ratified,
            "the ratification to reach Lasting Homes");
        await WhileStoppedAsync("approvals", () => senior.LastingHomes.RecordCommitmentVisitAsync(team.CommitmentVisit(home.Id)).ResponseAsync);

        var visit = team.CommitmentVisit(home.Id);
        Assert.Equal(LastingHomeStage.CommitmentVisitHeld, (await RetryAsync(() => senior.LastingHomes.RecordCommitmentVisitAsync(visit).ResponseAsync)).Stage);
        Assert.Equal(["LH-6"], UnmetRules(await Assert.ThrowsAsync<RpcException>(() => senior.LastingHomes.RecordCommitmentVisitAsync(team.CommitmentVisit(home.Id)).ResponseAsync)));
    }
}
