using GoingHome.Approvals.V1;
using GoingHome.Assessment.V1;
using GoingHome.Case.V1;
using GoingHome.LastingHomes.V1;
using GoingHome.Notifications.V1;
using GoingHome.Pathway.V1;
using GoingHome.ServiceDefaults.Auth;
using GoingHome.ServiceDefaults.Grpc;
using GoingHome.Time;
using GoingHome.Testing;
using Grpc.Core;

namespace GoingHome.Suite.Tests;

/// <summary>A child on the suite, with the ids Case gave their network members, by name.</summary>
public sealed record ChildInCare(string Id, string EpisodeId, IReadOnlyDictionary<string, string> Members);

/// <summary>
/// The people around one child, each with their own sign-in (ids carry a tag, so one journey's inboxes are its own),
/// and the steps every journey takes through the public API.
/// </summary>
public sealed class Team(Suite suite, string tag)
{
    public static readonly TimeSpan EventWait = TimeSpan.FromSeconds(60);

    public Person SocialWorker { get; } = suite.As($"sw-{tag}", Roles.SocialWorker);

    public Person TeamManager { get; } = suite.As($"tm-{tag}", Roles.TeamManager);

    public Person Iro { get; } = suite.As($"iro-{tag}", Roles.IndependentReviewingOfficer);

    public Person Ssw { get; } = suite.As($"ssw-{tag}", Roles.SupervisingSocialWorker);

    public Person ServiceManager { get; } = suite.As($"sm-{tag}", Roles.ServiceManager);

    public Person HeadOfService { get; } = suite.As($"hos-{tag}", Roles.HeadOfService);

    public Person AssistantDirector { get; } = suite.As($"ad-{tag}", Roles.AssistantDirector);

    public Person DeputyDirector { get; } = suite.As($"dd-{tag}", Roles.DeputyDirector);

    public Person Director { get; } = suite.As($"director-{tag}", Roles.Director);

    public static DateOnly Today => WorkingDayCalendar.LondonDate(DateTimeOffset.UtcNow);

    public static string NewId() => Guid.NewGuid().ToString();

    /// <summary>
    /// The social worker records the child, the team manager allocates SW, TM, IRO and SSW, the network is added and the
    /// care episode starts <paramref name="daysInCare"/> days ago; returns once Pathway has opened the child's pathway.
    /// </summary>
    public async Task<ChildInCare> ChildEntersCareAsync(int ageYears, LegalStatus status, int daysInCare, params NetworkMember[] network)
    {
        var born = Today.AddYears(-ageYears).AddDays(-30);
        var child = await SocialWorker.Case.CreateChildAsync(new CreateChildRequest
        {
            RequestId = NewId(),
            Child = new Child { GivenName = "Amara", FamilyName = $"Okafor-{tag}", DateOfBirth = born.ToProto(), Gender = Gender.Female },
        });
        foreach (var (person, role) in new[]
                 {
                     // ACC-1: the TM takes the case first (the front door), then allocates the rest as the child's manager.
                     (TeamManager, WorkerRole.TeamManager), (SocialWorker, WorkerRole.SocialWorker),
                     (Iro, WorkerRole.IndependentReviewingOfficer), (Ssw, WorkerRole.SupervisingSocialWorker),
                 })
        {
            await TeamManager.Case.AllocateWorkerAsync(new AllocateWorkerRequest
            {
                ChildId = child.Id, RequestId = NewId(),
                Allocation = new Allocation { Role = role, WorkerId = person.Id, WorkerName = $"Worker {person.Id}", TeamId = "north" },
            });
        }

        var members = new Dictionary<string, string>();
        foreach (var member in network)
        {
            var added = await SocialWorker.Case.AddNetworkMemberAsync(new AddNetworkMemberRequest { ChildId = child.Id, Member = member, RequestId = NewId() });
            members[member.Name] = added.Id;
        }

        var episode = await SocialWorker.Case.StartCareEpisodeAsync(new StartCareEpisodeRequest
        {
            ChildId = child.Id, LegalStatus = status, StartDate = Today.AddDays(-daysInCare).ToProto(), RequestId = NewId(),
            Placement = new Placement { CarerType = CarerType.Foster, CarerName = "The Browns", StartDate = Today.AddDays(-daysInCare).ToProto() },
        });
        await EventuallyAsync(async () => (await SocialWorker.Pathway.GetPathwayAsync(new GetPathwayRequest { ChildId = child.Id })).Stage == Stage.Stage1,
            "Pathway to open the child's pathway from CareEpisodeStarted");
        return new ChildInCare(child.Id, episode.Id, members);
    }

    /// <summary>
    /// LH-2..LH-4: the TM starts a lasting home with the Browns and the IRO's agreement, the preparation is done with
    /// every professional invited (the allocated workers and <paramref name="otherProfessionals"/>), and the TM chairs
    /// the matching meeting; returns the home awaiting the HoS's ratification (AP-6).
    /// </summary>
    public async Task<LastingHome> RecommendLastingHomeAsync(ChildInCare child, params string[] otherProfessionals)
    {
        var home = await TeamManager.LastingHomes.StartLastingHomeAsync(new StartLastingHomeRequest
        {
            ChildId = child.Id, CarerType = CarerType.Foster, CarerName = "The Browns", IroId = Iro.Id, IroAgreedOn = Today.ToProto(), RequestId = NewId(),
        });
        await Prepare(Ssw, PreparationItem.CarersCommitmentWork);
        await Prepare(Ssw, PreparationItem.CarersInformation);
        await Prepare(SocialWorker, PreparationItem.ChildDirectWork);
        await Prepare(SocialWorker, PreparationItem.ParentsSupportedWithGuide);
        await Prepare(SocialWorker, PreparationItem.ParentsInvited);
        foreach (var professional in (string[])[SocialWorker.Id, Iro.Id, Ssw.Id, .. otherProfessionals])
        {
            await Prepare(SocialWorker, PreparationItem.ProfessionalInvited, professional);
        }

        return await TeamManager.LastingHomes.RecordMatchingMeetingAsync(new RecordMatchingMeetingRequest
        {
            Id = home.Id, HeldOn = Today.ToProto(), Strengths = "Secure attachment", Concerns = "Contact with birth father", Recommendation = "Lasting home with the Browns",
            CelebrationWish = "Pizza and bowling", ContributionPence = 25_000, RequestId = NewId(),
        });

        Task<LastingHome> Prepare(Person by, PreparationItem item, string subject = "") =>
            by.LastingHomes.RecordPreparationAsync(new RecordPreparationRequest
            {
                Id = home.Id, Item = item, Subject = subject, Notes = "done", DoneOn = Today.ToProto(), RequestId = NewId(),
            }).ResponseAsync;
    }

    /// <summary>LH-6: the commitment visit as the child chose it, with the TM and SW, card, certificate, outcome and the carers' commitment.</summary>
    public RecordCommitmentVisitRequest CommitmentVisit(string lastingHomeId) => new()
    {
        Id = lastingHomeId, VisitOn = Today.ToProto(), Place = "Home", Attendees = { "Amara", "the Browns", TeamManager.Id, SocialWorker.Id }, CardGiven = true,
        CertificateGiven = true, OutcomeToldDuringVisit = true, CarersCommitment = "We will be here for Amara as long as she needs us.",
        MeaningForChild = "Amara chose her nan to share what staying with the Browns means.", RequestId = NewId(),
    };

    /// <summary>S20-1: the mother raises a return home (unplanned when the child already went home on <paramref name="returned"/>).</summary>
    public static RecordSection20TriggerRequest Section20Trigger(string childId, Section20Trigger trigger, DateOnly? returned = null, string childViews = "") => new()
    {
        ChildId = childId, Trigger = trigger, RaisedBy = "Grace (mother)", TriggerDate = Today.ToProto(), ReturnDate = returned?.ToProto(),
        ChildViews = childViews, RequestId = NewId(),
        ParentsConsulted = trigger == GoingHome.Pathway.V1.Section20Trigger.UnplannedReturn ? "" : "Met Grace at home; she agrees the return after the assessment.",
        YoungPersonRights = "Told of the right to leave accommodation, to an advocate, and the entitlements of an eligible child.",
    };

    /// <summary>
    /// S20-6 / S20-8: what goes to the HoS with a viable return: the IRO's own views and a step-down plan. The same
    /// <paramref name="requestId"/> again (a retry) records nothing twice.
    /// </summary>
    public async Task<bool> RecordIroViewsAndStepDownPlanAsync(string childId, string? requestId = null)
    {
        requestId ??= NewId();
        await Iro.Pathway.AddPathwayRecordAsync(new AddPathwayRecordRequest
        {
            ChildId = childId, RequestId = $"{requestId}:iro-views",
            Record = new PathwayRecord { Kind = RecordKind.IroViews, Notes = "The IRO supports the return with a CIN plan.", OccurredOn = Today.ToProto() },
        });
        await SocialWorker.Pathway.AddPathwayRecordAsync(new AddPathwayRecordRequest
        {
            ChildId = childId, RequestId = $"{requestId}:step-down",
            Record = new PathwayRecord { Kind = RecordKind.StepDownPlan, Subject = "CIN meeting", Notes = "Aim: a team around the family for six months.", OccurredOn = Today.ToProto() },
        });
        return true;
    }

    /// <summary>A record as its author makes it: a statutory review by the IRO who chaired it, with who attended (GH-2).</summary>
    public Task<PathwayRecord> RecordAsync(string childId, RecordKind kind, string subject = "", string status = "", string notes = "recorded") =>
        (kind == RecordKind.Review ? Iro : SocialWorker).Pathway.AddPathwayRecordAsync(new AddPathwayRecordRequest
        {
            ChildId = childId, RequestId = NewId(),
            Record = new PathwayRecord
            {
                Kind = kind, Subject = subject, Status = status, Notes = notes, Outcome = "recorded", OccurredOn = Today.ToProto(),
                Attendees = { kind == RecordKind.Review ? [Iro.Id, SocialWorker.Id, "parents"] : [] },
            },
        }).ResponseAsync;

    public Task<GoingHome.Pathway.V1.Pathway> MoveAsync(string childId, Stage to, PlanDecision decision = PlanDecision.Unspecified, CareOrderOutcome careOrder = CareOrderOutcome.Unspecified) =>
        SocialWorker.Pathway.TransitionPathwayAsync(new TransitionPathwayRequest
        {
            ChildId = childId, ToStage = to, PlanDecision = decision, CareOrderOutcome = careOrder, RequestId = NewId(),
        }).ResponseAsync;

    public async Task<List<PathwayTask>> TasksAsync(string childId, string? ownerId = null) =>
        [.. (await SocialWorker.Pathway.ListTasksAsync(new ListTasksRequest { ChildId = childId, OwnerId = ownerId ?? "", PageSize = 200 })).Tasks];

    /// <summary>
    /// Everything a return home needs from Assessment (NS-1, RH-2, RH-3, S20-5): the assessment the service chooses,
    /// the risk classified, the checklist settled by the SW and completed by the IRO, and a clear DBS check for every
    /// household adult.
    /// </summary>
    public async Task<ReturnReadiness> MakeReturnReadyAsync(ChildInCare child, RiskInputs risk, params string[] householdAdults)
    {
        await CompleteChosenAssessmentAsync(child.Id);
        await SocialWorker.Assessment.ClassifyRiskAsync(new ClassifyRiskRequest { RequestId = NewId(), ChildId = child.Id, Inputs = risk });
        await ConfirmHouseholdAsync(child, householdAdults);
        var checklist = await OpenChecklistAsync(child.Id);
        await SettleChecklistAsync(checklist, checklist.Items.Select(i => i.Key));
        await Iro.Assessment.CompleteChecklistAsync(new CompleteChecklistRequest { RequestId = NewId(), Id = checklist.Id });
        foreach (var adult in householdAdults)
        {
            await RecordDbsAsync(child, adult, DbsState.Clear);
        }

        return await SocialWorker.Assessment.GetReturnReadinessAsync(new GetReturnReadinessRequest { ChildId = child.Id });
    }

    /// <summary>RH-8: the social worker puts the return home plan on the child's record in Case; returns its document id.</summary>
    public async Task<string> ReturnHomePlanAsync(string childId) =>
        (await SocialWorker.Case.CreateDocumentAsync(new CreateDocumentRequest
        {
            ChildId = childId, RequestId = NewId(),
            Document = new Document { Kind = DocumentKind.Plan, Title = "Return home plan", Uri = "https://records.example.test/plans/return-home.pdf", ContentType = "application/pdf", DocumentDate = Today.ToProto() },
        })).Id;

    /// <summary>NS-1: the social worker confirms who lives in the home: these adults, and no other.</summary>
    public Task<HouseholdConfirmation> ConfirmHouseholdAsync(ChildInCare child, params string[] adults) =>
        SocialWorker.Assessment.ConfirmHouseholdAsync(new ConfirmHouseholdRequest
        {
            RequestId = NewId(), ChildId = child.Id, MemberIds = { adults.Select(a => child.Members[a]) }, NoOtherAdults = true,
        }).ResponseAsync;

    /// <summary>S20-5 / RH-4: the form Assessment chooses, its analysis written in full, completed by the social worker.</summary>
    public async Task<AssessmentKind> CompleteChosenAssessmentAsync(string childId)
    {
        var assessment = SocialWorker.Assessment;
        var form = await assessment.ChooseReturnHomeAssessmentAsync(new ChooseReturnHomeAssessmentRequest { ChildId = childId });
        var created = await assessment.CreateAssessmentAsync(new CreateAssessmentRequest
        {
            RequestId = NewId(), Assessment = new GoingHome.Assessment.V1.Assessment { ChildId = childId, Kind = form.Form, AuthorId = SocialWorker.Id },
        });
        var analysed = await assessment.UpdateAssessmentAsync(new UpdateAssessmentRequest
        {
            RequestId = NewId(),
            Assessment = new GoingHome.Assessment.V1.Assessment { Id = created.Id, Etag = created.Etag, Analysis = FullAnalysis },
            UpdateMask = new Google.Protobuf.WellKnownTypes.FieldMask { Paths = { AnalysisPaths } },
        });
        await assessment.CompleteAssessmentAsync(new CompleteAssessmentRequest { RequestId = NewId(), Id = created.Id, Etag = analysed.Etag, CompletedOn = Today.ToProto() });
        return form.Form;
    }

    private static readonly AssessmentAnalysis FullAnalysis = new()
    {
        Chronology = "Chronology reviewed to date.", ChildJourney = "Amara's journey since entering care.", ReasonsForCare = "Neglect linked to parental stress.",
        EvidenceOfChange = "Grace has completed the parenting programme.", CapacityToSustainChange = "Six months of stable routines.",
        FathersAndPartners = "Father not involved; no partner.", PartnerAgencies = "Housing and health visitor consulted.", FamilyStresses = "Debt advice in place.",
    };

    private static readonly string[] AnalysisPaths =
    [
        "analysis.chronology", "analysis.child_journey", "analysis.reasons_for_care", "analysis.evidence_of_change",
        "analysis.capacity_to_sustain_change", "analysis.fathers_and_partners", "analysis.partner_agencies", "analysis.family_stresses",
    ];

    public Task<Checklist> OpenChecklistAsync(string childId) =>
        SocialWorker.Assessment.CreateChecklistAsync(new CreateChecklistRequest
        {
            RequestId = NewId(), ChildId = childId, Subject = "return home", LeavingCareStatus = LeavingCareStatus.None,
        }).ResponseAsync;

    /// <summary>The social worker marks the named items met, with evidence; the HoS's agreement is left to the HoS's approval (RH-4).</summary>
    public async Task SettleChecklistAsync(Checklist checklist, IEnumerable<string> keys)
    {
        foreach (var key in keys.Where(k => k != "rh4-hos-agreement"))
        {
            await SocialWorker.Assessment.UpdateChecklistItemAsync(new UpdateChecklistItemRequest
            {
                RequestId = NewId(), ChecklistId = checklist.Id, Key = key, State = ItemState.Met, Evidence = new Evidence { Note = "Seen at the CWCF review." },
            });
        }
    }

    public Task<DbsCheck> RecordDbsAsync(ChildInCare child, string adult, DbsState state, string notes = "") =>
        SocialWorker.Assessment.RecordDbsCheckAsync(new RecordDbsCheckRequest
        {
            RequestId = NewId(),
            Check = new DbsCheck
            {
                ChildId = child.Id, NetworkMemberId = child.Members[adult], State = state, Notes = notes,
                RequestedOn = Today.AddDays(-10).ToProto(), ResultOn = Today.AddDays(-3).ToProto(),
            },
        }).ResponseAsync;

    /// <summary>
    /// A child of 8 with their family, in Stage 2 with a return planned <paramref name="plannedInDays"/> days away, the
    /// contingency plan agreed and ready to go home (checklist, risk, DBS, household): return-home approvals can be asked.
    /// </summary>
    public async Task<ChildInCare> ChildReadyToGoHomeAsync(LegalStatus status, int daysInCare, int plannedInDays)
    {
        var child = await ChildEntersCareAsync(8, status, daysInCare, JourneyTests.Family());
        await MoveAsync(child.Id, Stage.Stage2, PlanDecision.HomeWithin6To12Months);
        await SocialWorker.Pathway.SetPlannedReturnDateAsync(new SetPlannedReturnDateRequest { ChildId = child.Id, PlannedReturnDate = Today.AddDays(plannedInDays).ToProto(), RequestId = NewId() });
        await RecordAsync(child.Id, RecordKind.ContingencyPlan, status: "agreed");
        Assert.True((await MakeReturnReadyAsync(child, JourneyTests.LowRisk, "Grace")).Ready);
        return child;
    }

    /// <summary>The approver decides the step now waiting for them, with the request's current etag.</summary>
    public static async Task<ApprovalRequest> DecideAsync(Person approver, string approvalRequestId, Decision decision = Decision.Approve)
    {
        var request = await approver.Approvals.GetApprovalRequestAsync(new GetApprovalRequestRequest { Id = approvalRequestId });
        var step = request.Steps.Single(s => s.State == StepState.Current);
        Assert.Equal(approver.Role, step.RequiredRole);
        return await approver.Approvals.DecideApprovalStepAsync(new DecideApprovalStepRequest
        {
            RequestId = NewId(), ApprovalRequestId = request.Id, StepIndex = step.Index, Decision = decision, Etag = request.Etag,
            Rationale = decision == Decision.Approve ? "The plan and the evidence support it." : "The risks are not yet addressed.",
        });
    }

    /// <summary>Waits for a notification of <paramref name="kind"/> about the child to reach this person's inbox.</summary>
    public static async Task<Notification> NotifiedAsync(Person person, string childId, string kind)
    {
        Notification? found = null;
        await EventuallyAsync(async () => (found = (await person.InboxAsync(childId)).FirstOrDefault(n => n.Kind == kind)) is not null,
            $"a {kind} notification in {person.Id}'s inbox");
        return found!;
    }

    /// <summary>
    /// Everyone told about the child, as "recipient kind" lines, once the expected ones are all there; and nobody told
    /// twice of the same thing (one notification per source event, kind and recipient).
    /// </summary>
    public async Task<List<string>> EveryoneToldAsync(string childId, params string[] expected)
    {
        List<Notification> told = [];
        await EventuallyAsync(async () =>
        {
            told = [.. (await TeamManager.Notifications.ListChildNotificationsAsync(new ListChildNotificationsRequest { ChildId = childId, PageSize = 200 })).Notifications];
            return expected.All(told.Select(n => $"{n.Recipient} {n.Kind}").Contains);
        }, $"notifications {string.Join(", ", expected)}");
        Assert.Equal(told.Count, told.DistinctBy(n => (n.SourceId, n.Kind, n.Recipient)).Count());
        return [.. told.Select(n => $"{n.Recipient} {n.Kind}")];
    }

    /// <summary>The same call (same request_id) again while the failure is an outage, for up to two minutes.</summary>
    public static Task<T> RetryAsync<T>(Func<Task<T>> call) =>
        Outage.RetryWhileAsync(call, TimeSpan.FromMinutes(2), StatusCode.Unavailable, StatusCode.Internal, StatusCode.Unknown, StatusCode.DeadlineExceeded);

    public static Task EventuallyAsync(Func<Task<bool>> condition, string what) => LocalProcess.WaitUntilAsync(condition, EventWait, what);
}
