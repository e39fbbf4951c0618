using GoingHome.Assessment.V1;
using GoingHome.Case.V1;
using GoingHome.Events.V1;
using GoingHome.Testing;
using GoingHome.ServiceDefaults.Errors;
using Google.Rpc;
using Grpc.Core;
using Date = Google.Type.Date;
using static GoingHome.Testing.RpcAssert;

namespace GoingHome.Assessment.Tests;

[Collection(AssessmentCollection.Name)]
public sealed class ChecklistTests(AssessmentFixture service)
{
    private readonly AssessmentService.AssessmentServiceClient _sw = service.Client("sw-1", "SW");

    /// <summary>A checklist for a child whose allocated IRO (RH-2) is iro-1.</summary>
    private Task<Checklist> OpenAsync(string childId, params Concern[] concerns)
    {
        service.Case.Children[childId].Allocations.Add(new Allocation { Role = WorkerRole.IndependentReviewingOfficer, WorkerId = "iro-1", TeamId = "iro" });
        return _sw.CreateChecklistAsync(new CreateChecklistRequest
        {
            RequestId = Guid.NewGuid().ToString(), ChildId = childId, Subject = "return-1", LeavingCareStatus = LeavingCareStatus.None, Concerns = { concerns },
        }).ResponseAsync;
    }

    private Task<Checklist> MarkAsync(Checklist checklist, string key, ItemState state, string note = "Seen at the review on 20 November.", string reason = "") =>
        _sw.UpdateChecklistItemAsync(new UpdateChecklistItemRequest
        {
            RequestId = Guid.NewGuid().ToString(), ChecklistId = checklist.Id, Key = key, State = state,
            Evidence = note.Length == 0 ? null : new Evidence { Note = note },
            NotApplicableReason = reason,
        }).ResponseAsync;

    private async Task<Checklist> SettleAllAsync(Checklist checklist)
    {
        foreach (var item in checklist.Items.Where(i => i.Key != "rh4-hos-agreement"))
        {
            checklist = await MarkAsync(checklist, item.Key, ItemState.Met);
        }

        return checklist;
    }

    private Task<Checklist> CompleteAsync(AssessmentService.AssessmentServiceClient client, Checklist checklist, string exception = "") =>
        client.CompleteChecklistAsync(new CompleteChecklistRequest { RequestId = Guid.NewGuid().ToString(), Id = checklist.Id, ExceptionReason = exception }).ResponseAsync;

    [Fact(DisplayName = "RH-1: completing refuses with every unmet item named by its rule ID")]
    public async Task RH1_unmet_items_are_listed()
    {
        var child = service.Case.AddChild(service.Today, 9, LegalStatus.CareOrder, 400);
        var checklist = await OpenAsync(child, Concern.DomesticAbuse);
        checklist = await MarkAsync(checklist, "rh4-chronology", ItemState.Met);
        checklist = await MarkAsync(checklist, "rh7-later-life-letter", ItemState.NotApplicable, note: "", reason: "Child returned to the same parents after a short gap.");

        var error = await Assert.ThrowsAsync<RpcException>(() => CompleteAsync(service.Client("iro-1", "IRO"), checklist));
        var unmet = error.GetStatusDetail<PreconditionFailure>()!.Violations;
        // The HoS's agreement is not among them: it follows, from Approvals (RH-4).
        Assert.Equal(checklist.Items.Count - 3, unmet.Count);
        Assert.DoesNotContain(unmet, v => v.Subject == "rh4-hos-agreement");
        Assert.Contains(unmet, v => v.Type == "RH-6" && v.Subject == "rh6-safety-plan");
        Assert.DoesNotContain(unmet, v => v.Subject == "rh4-chronology");
        Assert.Contains("RH-1", error.GetStatusDetail<ErrorInfo>()!.Metadata["rule_ids"], StringComparison.Ordinal);
    }

    [Fact(DisplayName = "Seed 001 / RH-4: the HoS's agreement is met by the HoS approving the return in Approvals, never attested by staff")]
    public async Task RH4_hos_agreement_comes_from_the_approval()
    {
        var child = service.Case.AddChild(service.Today, 9, LegalStatus.CareOrder, 400);
        var checklist = await OpenAsync(child);
        var attested = await Assert.ThrowsAsync<RpcException>(() => MarkAsync(checklist, "rh4-hos-agreement", ItemState.Met));
        Assert.Equal("RH-4", attested.GetStatusDetail<PreconditionFailure>()!.Violations.Single().Type);

        // The checklist completes without it; the readiness it feeds does not wait for it.
        checklist = await CompleteAsync(service.Client("iro-1", "IRO"), await SettleAllAsync(checklist));
        Assert.Equal(ChecklistState.Completed, checklist.State);

        // An SM's step is not the HoS's agreement; the HoS's approved step of the return is.
        await service.PublishAsync("approvals", new ApprovalStepDecided
        {
            ApprovalRequestId = "req-1", ChildId = child, StepIndex = 0, RuleId = "AP-2", Approved = true, DeciderId = "sm-1", DeciderRole = "SM", Action = "return-home", RequiredRole = "SM",
        }, child);
        await service.PublishAsync("approvals", new ApprovalStepDecided
        {
            ApprovalRequestId = "req-1", ChildId = child, StepIndex = 1, RuleId = "AP-5", Approved = true, DeciderId = "hos-1", DeciderRole = "HoS", Action = "return-home", RequiredRole = "HoS",
            Rationale = "The plan is safe.",
        }, child);
        ChecklistItem? agreed = null;
        await LocalProcess.WaitUntilAsync(async () =>
        {
            agreed = (await _sw.GetChecklistAsync(new GetChecklistRequest { Id = checklist.Id })).Items.Single(i => i.Key == "rh4-hos-agreement");
            return agreed.State == ItemState.Met;
        }, TimeSpan.FromSeconds(60), "the HoS's agreement on the checklist");
        Assert.Equal("hos-1", agreed!.UpdatedBy);
        Assert.Contains("req-1, step 2 (AP-5)", agreed.Evidence.Note, StringComparison.Ordinal);
    }

    [Fact(DisplayName = "RH-4: an item is met only with evidence, and not applicable only with a reason")]
    public async Task RH4_evidence_required()
    {
        var checklist = await OpenAsync(service.Case.AddChild(service.Today, 9, LegalStatus.CareOrder, 100));
        var noEvidence = await Assert.ThrowsAsync<RpcException>(() => MarkAsync(checklist, "rh4-hos-agreement", ItemState.Met, note: ""));
        Assert.Equal("evidence", noEvidence.GetStatusDetail<BadRequest>()!.FieldViolations.Single().Field);
        var noReason = await Assert.ThrowsAsync<RpcException>(() => MarkAsync(checklist, "rh4-hos-agreement", ItemState.NotApplicable, note: ""));
        Assert.Equal("not_applicable_reason", noReason.GetStatusDetail<BadRequest>()!.FieldViolations.Single().Field);

        var stored = await _sw.GetChecklistAsync(new GetChecklistRequest { Id = checklist.Id });
        Assert.All(stored.Items, i => Assert.Equal(ItemState.NotStarted, i.State));
    }

    [Fact(DisplayName = "RH-1: the four duties before ceasing to look after a child cannot be marked not applicable, whatever the reason")]
    public async Task RH1_duties_cannot_be_not_applicable()
    {
        var checklist = await OpenAsync(service.Case.AddChild(service.Today, 9, LegalStatus.CareOrder, 100));
        foreach (var key in new[] { "rh1-accommodation-assessed", "rh1-support-assessed", "rh1-wishes-considered", "rh1-welfare-judgement" })
        {
            var refused = await Assert.ThrowsAsync<RpcException>(() => MarkAsync(checklist, key, ItemState.NotApplicable, note: "", reason: "The child is going to the same home."));
            Assert.Equal(["RH-1"], UnmetRules(refused));
        }

        Assert.All((await _sw.GetChecklistAsync(new GetChecklistRequest { Id = checklist.Id })).Items, i => Assert.Equal(ItemState.NotStarted, i.State));
    }

    [Fact(DisplayName = "RH-2: the checklist is completed by the child's allocated IRO, not any IRO")]
    public async Task RH2_the_childs_IRO()
    {
        var checklist = await SettleAllAsync(await OpenAsync(service.Case.AddChild(service.Today, 9, LegalStatus.CareOrder, 100)));
        var other = await Assert.ThrowsAsync<RpcException>(() => CompleteAsync(service.Client("iro-other", "IRO"), checklist));
        Assert.Equal(StatusCode.PermissionDenied, other.StatusCode);
        Assert.Equal(ChecklistState.Completed, (await CompleteAsync(service.Client("iro-1", "IRO"), checklist)).State);
    }

    [Fact(DisplayName = "RH-2: the IRO completes the checklist")]
    public async Task RH2_IRO_completes()
    {
        var checklist = await SettleAllAsync(await OpenAsync(service.Case.AddChild(service.Today, 9, LegalStatus.CareOrder, 100)));
        var completed = await CompleteAsync(service.Client("iro-1", "IRO"), checklist);
        Assert.Equal((ChecklistState.Completed, "IRO", ""), (completed.State, completed.CompletedByRole, completed.ExceptionReason));
    }

    [Fact(DisplayName = "RH-2: the TM completes it only under the exception, with the reason recorded; the SW alone never")]
    public async Task RH2_exception_route()
    {
        var checklist = await SettleAllAsync(await OpenAsync(service.Case.AddChild(service.Today, 16, LegalStatus.Section20, 100)));
        var bySw = await Assert.ThrowsAsync<RpcException>(() => CompleteAsync(_sw, checklist, "Consent withdrawn."));
        Assert.Equal(StatusCode.PermissionDenied, bySw.StatusCode);

        var tm = service.Client("tm-1", "TM");
        var noReason = await Assert.ThrowsAsync<RpcException>(() => CompleteAsync(tm, checklist));
        Assert.Equal("RH-2", noReason.GetStatusDetail<PreconditionFailure>()!.Violations.Single().Type);

        var completed = await CompleteAsync(tm, checklist, "Parents withdrew S20 consent on Friday; no review could be convened in time.");
        Assert.Equal("TM", completed.CompletedByRole);
        Assert.StartsWith("Parents withdrew", completed.ExceptionReason, StringComparison.Ordinal);
    }

    [Fact(DisplayName = "RH-5: planning items are on the checklist and settle like the rest")]
    public async Task RH5_planning_items()
    {
        var checklist = await OpenAsync(service.Case.AddChild(service.Today, 9, LegalStatus.CareOrder, 100));
        var planning = checklist.Items.Where(i => i.RuleId == "RH-5").ToList();
        Assert.Equal(7, planning.Count);
        var updated = await MarkAsync(checklist, "rh5-contingency-plan", ItemState.Met, note: "Contingency plan agreed at the network meeting.");
        Assert.Equal(ItemState.Met, updated.Items.Single(i => i.Key == "rh5-contingency-plan").State);
        Assert.Equal("sw-1", updated.Items.Single(i => i.Key == "rh5-contingency-plan").UpdatedBy);
    }

    [Fact(DisplayName = "RH-8: Adult Mental Health is informed only where parental mental health is a concern")]
    public async Task RH8_agencies()
    {
        var withConcern = await OpenAsync(service.Case.AddChild(service.Today, 9, LegalStatus.CareOrder, 100), Concern.ParentalMentalHealth);
        Assert.Contains(withConcern.Items, i => i.Key == "rh8-adult-mental-health-informed");
        var without = await OpenAsync(service.Case.AddChild(service.Today, 9, LegalStatus.CareOrder, 100));
        Assert.DoesNotContain(without.Items, i => i.Key == "rh8-adult-mental-health-informed");
    }

    [Fact(DisplayName = "RH-9: a completed checklist cannot be changed")]
    public async Task RH9_completed_is_final()
    {
        var checklist = await SettleAllAsync(await OpenAsync(service.Case.AddChild(service.Today, 9, LegalStatus.CareOrder, 100)));
        await CompleteAsync(service.Client("iro-1", "IRO"), checklist);
        var error = await Assert.ThrowsAsync<RpcException>(() => MarkAsync(checklist, "rh9-records-access", ItemState.NotStarted));
        Assert.Equal(StatusCode.FailedPrecondition, error.StatusCode);
    }

    [Fact(DisplayName = "NS-1: DBS checks only for household members, and readiness lists every gap until all are in place")]
    public async Task NS1_dbs_and_readiness()
    {
        var mother = new NetworkMember { Id = "mum", Relationship = Relationship.Parent, Name = "Grace", HouseholdMember = true };
        var partner = new NetworkMember { Id = "partner", Relationship = Relationship.ParentPartner, Name = "Leon", HouseholdMember = true };
        var gp = new NetworkMember { Id = "gp", Relationship = Relationship.Gp, Name = "Dr Patel" };
        var child = service.Case.AddChild(service.Today, 12, LegalStatus.Section20, 60, "north", mother, partner, gp);

        var outsider = await Assert.ThrowsAsync<RpcException>(() => RecordDbsAsync(child, "gp", DbsState.Requested));
        Assert.Equal("check.network_member_id", outsider.GetStatusDetail<BadRequest>()!.FieldViolations.Single().Field);
        var backwards = await Assert.ThrowsAsync<RpcException>(() => RecordDbsAsync(child, "mum", DbsState.Clear, resultDaysAfterRequest: -2));
        Assert.Equal("check.result_on", backwards.GetStatusDetail<BadRequest>()!.FieldViolations.Single().Field);

        var before = await _sw.GetReturnReadinessAsync(new GetReturnReadinessRequest { ChildId = child });
        Assert.False(before.Ready);
        Assert.Equal(["NS-1", "RH-3", "RH-2", "NS-1", "NS-1", "NS-1"], before.Missing.Select(m => m.RuleId));

        await CompleteAssessmentAsync(child, AssessmentKind.ChildAndFamily);
        await ConfirmHouseholdAsync(child, "mum", "partner");
        await _sw.ClassifyRiskAsync(new ClassifyRiskRequest
        {
            RequestId = Guid.NewGuid().ToString(), ChildId = child,
            Inputs = new RiskInputs { RiskFactors = RiskFactors.NoneOrAddressed, ProtectiveFactors = ProtectiveFactors.AtLeastOne, CapacityToChange = CapacityToChange.Sustained, Wishes = Wishes.BothWantReturn },
        });
        await CompleteAsync(service.Client("iro-1", "IRO"), await SettleAllAsync(await OpenAsync(child)));
        await RecordDbsAsync(child, "mum", DbsState.Clear);
        await RecordDbsAsync(child, "partner", DbsState.ConcernsNoted, notes: "Caution 2019, assault.");

        var concerns = await _sw.GetReturnReadinessAsync(new GetReturnReadinessRequest { ChildId = child });
        Assert.Equal("NS-1", concerns.Missing.Single().RuleId);
        Assert.Contains("Leon", concerns.Missing.Single().Description, StringComparison.Ordinal);

        await RecordDbsAsync(child, "partner", DbsState.Clear, notes: "Re-checked after disclosure; no further matters.");
        var ready = await _sw.GetReturnReadinessAsync(new GetReturnReadinessRequest { ChildId = child });
        Assert.True(ready.Ready);
        Assert.Equal(RiskBand.Low, ready.LatestBand);
        Assert.Equal(2, (await _sw.ListDbsChecksAsync(new ListDbsChecksRequest { ChildId = child })).Checks.Count);
    }

    [Fact(DisplayName = "Seed 004 / NS-1 / S20-5 / RH-4: the household is the worker's explicit answer matching Case; the assessment S20-5 names, analysed; recent DBS checks")]
    public async Task NS1_household_assessment_and_recency()
    {
        var mother = new NetworkMember { Id = "mum", Relationship = Relationship.Parent, Name = "Grace", HouseholdMember = true };
        var partner = new NetworkMember { Id = "partner", Relationship = Relationship.ParentPartner, Name = "Leon", HouseholdMember = true };
        var child = service.Case.AddChild(service.Today, 12, LegalStatus.Section20, 60, "north", mother, partner);
        Task<ReturnReadiness> Readiness() => _sw.GetReturnReadinessAsync(new GetReturnReadinessRequest { ChildId = child }).ResponseAsync;

        // "No other adults" is an answer, not a default; everyone Case records in the home is named.
        var unanswered = await Assert.ThrowsAsync<RpcException>(() => ConfirmHouseholdAsync(child, noOtherAdults: false, "mum", "partner"));
        Assert.Equal("no_other_adults", unanswered.GetStatusDetail<BadRequest>()!.FieldViolations.Single().Field);
        var leftOut = await Assert.ThrowsAsync<RpcException>(() => ConfirmHouseholdAsync(child, noOtherAdults: true, "mum"));
        Assert.Equal("member_ids", leftOut.GetStatusDetail<BadRequest>()!.FieldViolations.Single().Field);
        Assert.Contains((await Readiness()).Missing, m => m.RuleId == "NS-1" && m.Description.Contains("confirmed who lives", StringComparison.Ordinal));

        // S20-5: 60 days in care and no recent assessment: the short S20 form does not do; the Child & Family does, analysed.
        await CompleteAssessmentAsync(child, AssessmentKind.S20ReturnHome);
        Assert.Contains((await Readiness()).Missing, m => m.RuleId == "NS-1" && m.Description.Contains("Child & Family assessment", StringComparison.Ordinal));
        await CompleteAssessmentAsync(child, AssessmentKind.ChildAndFamily, analysed: false);
        Assert.Contains((await Readiness()).Missing, m => m.RuleId == "RH-4");
        await CompleteAssessmentAsync(child, AssessmentKind.ChildAndFamily);

        await _sw.ClassifyRiskAsync(new ClassifyRiskRequest
        {
            RequestId = Guid.NewGuid().ToString(), ChildId = child,
            Inputs = new RiskInputs { RiskFactors = RiskFactors.NoneOrAddressed, ProtectiveFactors = ProtectiveFactors.AtLeastOne, CapacityToChange = CapacityToChange.Sustained, Wishes = Wishes.BothWantReturn },
        });
        await CompleteAsync(service.Client("iro-1", "IRO"), await SettleAllAsync(await OpenAsync(child)));
        await ConfirmHouseholdAsync(child, noOtherAdults: true, "mum", "partner");
        await RecordDbsAsync(child, "mum", DbsState.Clear);
        // A check from ten months ago is older than the six months the authority allows.
        await RecordDbsAsync(child, "partner", DbsState.Clear, requestedDaysAgo: 310);
        Assert.Contains("more than 6 months", Assert.Single((await Readiness()).Missing).Description, StringComparison.Ordinal);
        await RecordDbsAsync(child, "partner", DbsState.Clear);
        Assert.True((await Readiness()).Ready);

        // Someone moves in: Case records him in the household, and the return is not ready until he is checked and named.
        service.Case.Children[child].Network.Add(new NetworkMember { Id = "lodger", Relationship = Relationship.WiderFamily, Name = "Marcus (uncle)", HouseholdMember = true });
        Assert.Equal(["NS-1", "NS-1"], (await Readiness()).Missing.Select(m => m.RuleId));
        await RecordDbsAsync(child, "lodger", DbsState.Clear);
        await ConfirmHouseholdAsync(child, noOtherAdults: true, "mum", "partner", "lodger");
        Assert.True((await Readiness()).Ready);
    }

    private Task<HouseholdConfirmation> ConfirmHouseholdAsync(string child, params string[] members) => ConfirmHouseholdAsync(child, true, members);

    private Task<HouseholdConfirmation> ConfirmHouseholdAsync(string child, bool noOtherAdults, params string[] members) =>
        _sw.ConfirmHouseholdAsync(new ConfirmHouseholdRequest { RequestId = Guid.NewGuid().ToString(), ChildId = child, MemberIds = { members }, NoOtherAdults = noOtherAdults }).ResponseAsync;

    /// <summary>An assessment written and completed today; with <paramref name="analysed"/>, every RH-4 analysis section written first.</summary>
    private async Task CompleteAssessmentAsync(string child, AssessmentKind kind, bool analysed = true)
    {
        var created = await _sw.CreateAssessmentAsync(new CreateAssessmentRequest
        {
            RequestId = Guid.NewGuid().ToString(), Assessment = new V1.Assessment { ChildId = child, Kind = kind, AuthorId = "sw-1" },
        });
        var etag = created.Etag;
        if (analysed)
        {
            var paths = AssessmentAnalysis.Descriptor.Fields.InFieldNumberOrder().Select(f => $"analysis.{f.Name}").ToList();
            var analysis = new AssessmentAnalysis();
            foreach (var field in AssessmentAnalysis.Descriptor.Fields.InFieldNumberOrder())
            {
                field.Accessor.SetValue(analysis, $"Written: {field.Name}.");
            }

            etag = (await _sw.UpdateAssessmentAsync(new UpdateAssessmentRequest
            {
                RequestId = Guid.NewGuid().ToString(), Assessment = new V1.Assessment { Id = created.Id, Etag = etag, Analysis = analysis },
                UpdateMask = new Google.Protobuf.WellKnownTypes.FieldMask { Paths = { paths } },
            })).Etag;
        }

        await _sw.CompleteAssessmentAsync(new CompleteAssessmentRequest { RequestId = Guid.NewGuid().ToString(), Id = created.Id, Etag = etag, CompletedOn = D(service.Today) });
    }

    private static Date D(DateOnly d) => new() { Year = d.Year, Month = d.Month, Day = d.Day };

    private Task<DbsCheck> RecordDbsAsync(string child, string member, DbsState state, int resultDaysAfterRequest = 1, string notes = "", int requestedDaysAgo = 5) =>
        _sw.RecordDbsCheckAsync(new RecordDbsCheckRequest
        {
            RequestId = Guid.NewGuid().ToString(),
            Check = new DbsCheck
            {
                ChildId = child, NetworkMemberId = member, State = state, Notes = notes,
                RequestedOn = D(service.Today.AddDays(-requestedDaysAgo)),
                ResultOn = state == DbsState.Requested ? null : D(service.Today.AddDays(-requestedDaysAgo + resultDaysAfterRequest)),
            },
        }).ResponseAsync;
}
