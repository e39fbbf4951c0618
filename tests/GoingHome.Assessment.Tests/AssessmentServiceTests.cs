using GoingHome.Assessment.V1;
using GoingHome.Case.V1;
using GoingHome.ServiceDefaults.Errors;
using Google.Protobuf.WellKnownTypes;
using Google.Rpc;
using Grpc.Core;
using Date = Google.Type.Date;

namespace GoingHome.Assessment.Tests;

[Collection(AssessmentCollection.Name)]
public sealed class AssessmentServiceTests(AssessmentFixture service)
{
    private readonly AssessmentService.AssessmentServiceClient _sw = service.Client("sw-1", "SW");

    private static Date D(DateOnly d) => new() { Year = d.Year, Month = d.Month, Day = d.Day };

    private Task<V1.Assessment> RequestAsync(string childId, AssessmentKind kind, DateOnly? due = null) =>
        _sw.CreateAssessmentAsync(new CreateAssessmentRequest
        {
            RequestId = Guid.NewGuid().ToString(),
            Assessment = new V1.Assessment { ChildId = childId, Kind = kind, AuthorId = "sw-1", DueOn = due is { } d ? D(d) : null, RequestedBy = "pathway" },
        }).ResponseAsync;

    private Task<V1.Assessment> CompleteAsync(V1.Assessment a, DateOnly on) =>
        _sw.CompleteAssessmentAsync(new CompleteAssessmentRequest { RequestId = Guid.NewGuid().ToString(), Id = a.Id, CompletedOn = D(on), Etag = a.Etag }).ResponseAsync;

    [Fact(DisplayName = "RH-4: the updated assessment records each analysis section, then completes")]
    public async Task RH4_analysis_sections()
    {
        var child = service.Case.AddChild(service.Today, 9, LegalStatus.CareOrder, 300);
        var requested = await RequestAsync(child, AssessmentKind.ChildAndFamily, service.Today.AddDays(30));
        var updated = await _sw.UpdateAssessmentAsync(new UpdateAssessmentRequest
        {
            RequestId = Guid.NewGuid().ToString(),
            Assessment = new V1.Assessment
            {
                Id = requested.Id,
                Etag = requested.Etag,
                Analysis = new AssessmentAnalysis { ReasonsForCare = "Neglect, 2025.", FathersAndPartners = "Father engaged since March." },
            },
            UpdateMask = FieldMask.FromString("analysis.reasons_for_care,analysis.fathers_and_partners"),
        });
        var completed = await CompleteAsync(updated, service.Today);

        Assert.Equal(AssessmentState.InProgress, updated.State);
        Assert.Equal("Father engaged since March.", completed.Analysis.FathersAndPartners);

        // A section too long is named by its field path as the contract spells it, so a form marks the right field.
        var tooLong = await Assert.ThrowsAsync<RpcException>(() => _sw.UpdateAssessmentAsync(new UpdateAssessmentRequest
        {
            RequestId = Guid.NewGuid().ToString(),
            Assessment = new V1.Assessment { Id = requested.Id, Etag = completed.Etag, Analysis = new AssessmentAnalysis { ChildJourney = new string('x', 20_001) } },
            UpdateMask = FieldMask.FromString("analysis.child_journey"),
        }).ResponseAsync);
        Assert.Equal("assessment.analysis.child_journey", tooLong.GetStatusDetail<BadRequest>()!.FieldViolations.Single().Field);
        Assert.Equal(AssessmentState.Completed, completed.State);
        Assert.Contains(GoingHome.Events.V1.AssessmentCompleted.Descriptor.FullName, (await service.EventsAsync(child)).Select(e => e.Type));
    }

    [Fact]
    public async Task A_completion_before_the_request_or_an_unknown_kind_is_invalid()
    {
        var child = service.Case.AddChild(service.Today, 9, LegalStatus.CareOrder, 300);
        var requested = await RequestAsync(child, AssessmentKind.Regulation18);
        var early = await Assert.ThrowsAsync<RpcException>(() => CompleteAsync(requested, service.Today.AddDays(-1)));
        Assert.Equal("completed_on", early.GetStatusDetail<BadRequest>()!.FieldViolations.Single().Field);

        var unknown = await Assert.ThrowsAsync<RpcException>(() => RequestAsync(child, (AssessmentKind)77));
        Assert.Equal("assessment.kind", unknown.GetStatusDetail<BadRequest>()!.FieldViolations.Single().Field);
    }

    [Fact(DisplayName = "GH-10: a sibling assessment only where the child has siblings")]
    public async Task GH10_sibling_assessment()
    {
        var only = service.Case.AddChild(service.Today, 9, LegalStatus.CareOrder, 300);
        var error = await Assert.ThrowsAsync<RpcException>(() => RequestAsync(only, AssessmentKind.Sibling));
        Assert.Equal("GH-10", error.GetStatusDetail<PreconditionFailure>()!.Violations.Single().Type);

        var withSister = service.Case.AddChild(service.Today, 9, LegalStatus.CareOrder, 300, "north",
            new NetworkMember { Id = "sis", Relationship = Relationship.Sibling, Name = "Maya" });
        Assert.Equal(AssessmentKind.Sibling, (await RequestAsync(withSister, AssessmentKind.Sibling)).Kind);
    }

    [Fact]
    public async Task Overdue_assessments_are_listed_for_the_worker_by_due_date()
    {
        var team = $"team-{Guid.NewGuid():N}";
        var child = service.Case.AddChild(service.Today, 9, LegalStatus.CareOrder, 300, team);
        var later = await RequestAsync(child, AssessmentKind.CapacityToCare, service.Today.AddDays(10));
        var sooner = await RequestAsync(child, AssessmentKind.Regulation18, service.Today.AddDays(5));

        var due = await _sw.ListAssessmentsAsync(new ListAssessmentsRequest { TeamId = team });
        Assert.Equal([sooner.Id, later.Id], due.Assessments.Select(a => a.Id));

        var overdueNow = await _sw.ListAssessmentsAsync(new ListAssessmentsRequest { TeamId = team, OverdueOnly = true });
        Assert.Empty(overdueNow.Assessments);
    }

    [Fact(DisplayName = "S20-5: the form choice reads days in care from Case and completed assessments from this service")]
    public async Task S20_5_from_real_records()
    {
        var newcomer = service.Case.AddChild(service.Today, 9, LegalStatus.Section20, 10);
        var shortStay = await _sw.ChooseReturnHomeAssessmentAsync(new ChooseReturnHomeAssessmentRequest { ChildId = newcomer });
        Assert.Equal((AssessmentKind.S20ReturnHome, 10), (shortStay.Form, shortStay.DaysInCare));

        var longer = service.Case.AddChild(service.Today, 9, LegalStatus.Section20, 120);
        var reassess = await _sw.ChooseReturnHomeAssessmentAsync(new ChooseReturnHomeAssessmentRequest { ChildId = longer });
        Assert.Equal(AssessmentKind.ChildAndFamily, reassess.Form);

        await CompleteAsync(await RequestAsync(longer, AssessmentKind.ChildAndFamily), service.Today);
        var recent = await _sw.ChooseReturnHomeAssessmentAsync(new ChooseReturnHomeAssessmentRequest { ChildId = longer });
        Assert.Equal(AssessmentKind.S20ReturnHome, recent.Form);
        Assert.Equal(D(service.Today), recent.LastCompletedAssessmentOn);
    }

    [Fact(DisplayName = "RH-3: a classification is stored with its inputs; a manager's override keeps the computed band beside it")]
    public async Task RH3_stored_and_overridden()
    {
        var child = service.Case.AddChild(service.Today, 9, LegalStatus.CareOrder, 300);
        var inputs = new RiskInputs
        {
            RiskFactors = RiskFactors.NotAllAddressed, ProtectiveFactors = ProtectiveFactors.AtLeastOne,
            CapacityToChange = CapacityToChange.Sustained, Wishes = Wishes.BothWantReturn,
        };
        var classified = await _sw.ClassifyRiskAsync(new ClassifyRiskRequest { RequestId = Guid.NewGuid().ToString(), ChildId = child, Inputs = inputs });
        Assert.Equal(RiskBand.Medium, classified.Band);

        var junior = await Assert.ThrowsAsync<RpcException>(() => _sw.OverrideRiskClassificationAsync(new OverrideRiskClassificationRequest
        {
            RequestId = Guid.NewGuid().ToString(), Id = classified.Id, Band = RiskBand.High, Rationale = "Worried.",
        }).ResponseAsync);
        Assert.Equal(StatusCode.PermissionDenied, junior.StatusCode);

        var tm = service.Client("tm-1", "TM");
        var noReason = await Assert.ThrowsAsync<RpcException>(() => tm.OverrideRiskClassificationAsync(new OverrideRiskClassificationRequest
        {
            RequestId = Guid.NewGuid().ToString(), Id = classified.Id, Band = RiskBand.High, Rationale = "",
        }).ResponseAsync);
        Assert.Equal("rationale", noReason.GetStatusDetail<BadRequest>()!.FieldViolations.Single().Field);

        var overridden = await tm.OverrideRiskClassificationAsync(new OverrideRiskClassificationRequest
        {
            RequestId = Guid.NewGuid().ToString(), Id = classified.Id, Band = RiskBand.High, Rationale = "New police information on the partner.", Etag = classified.Etag,
        });
        Assert.Equal((RiskBand.High, RiskBand.Medium), (overridden.Band, overridden.ComputedBand));

        await _sw.ClassifyRiskAsync(new ClassifyRiskRequest { RequestId = Guid.NewGuid().ToString(), ChildId = child, Inputs = inputs });
        var history = await _sw.ListRiskClassificationsAsync(new ListRiskClassificationsRequest { ChildId = child });
        Assert.Equal(2, history.Classifications.Count);
    }
}
