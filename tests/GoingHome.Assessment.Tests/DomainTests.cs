using GoingHome.Assessment.Data;
using GoingHome.Assessment.Domain;
using GoingHome.Assessment.V1;
using GoingHome.ServiceClients;

namespace GoingHome.Assessment.Tests;

public sealed class RiskTableTests
{
    // Rule RH-3: every combination of the four inputs, each expected band written out from DOMAIN.md's table.
    [Theory(DisplayName = "RH-3: risk of reunification classification over all 36 input combinations")]
    [InlineData(RiskFactors.NoneOrAddressed, ProtectiveFactors.None, CapacityToChange.NoEvidence, Wishes.BothWantReturn, RiskBand.High)]
    [InlineData(RiskFactors.NoneOrAddressed, ProtectiveFactors.None, CapacityToChange.NoEvidence, Wishes.AmbivalentOrOpposed, RiskBand.High)]
    [InlineData(RiskFactors.NoneOrAddressed, ProtectiveFactors.None, CapacityToChange.LimitedEvidence, Wishes.BothWantReturn, RiskBand.High)]
    [InlineData(RiskFactors.NoneOrAddressed, ProtectiveFactors.None, CapacityToChange.LimitedEvidence, Wishes.AmbivalentOrOpposed, RiskBand.High)]
    [InlineData(RiskFactors.NoneOrAddressed, ProtectiveFactors.None, CapacityToChange.Sustained, Wishes.BothWantReturn, RiskBand.Medium)]
    [InlineData(RiskFactors.NoneOrAddressed, ProtectiveFactors.None, CapacityToChange.Sustained, Wishes.AmbivalentOrOpposed, RiskBand.High)]
    [InlineData(RiskFactors.NoneOrAddressed, ProtectiveFactors.AtLeastOne, CapacityToChange.NoEvidence, Wishes.BothWantReturn, RiskBand.High)]
    [InlineData(RiskFactors.NoneOrAddressed, ProtectiveFactors.AtLeastOne, CapacityToChange.NoEvidence, Wishes.AmbivalentOrOpposed, RiskBand.High)]
    [InlineData(RiskFactors.NoneOrAddressed, ProtectiveFactors.AtLeastOne, CapacityToChange.LimitedEvidence, Wishes.BothWantReturn, RiskBand.High)]
    [InlineData(RiskFactors.NoneOrAddressed, ProtectiveFactors.AtLeastOne, CapacityToChange.LimitedEvidence, Wishes.AmbivalentOrOpposed, RiskBand.High)]
    [InlineData(RiskFactors.NoneOrAddressed, ProtectiveFactors.AtLeastOne, CapacityToChange.Sustained, Wishes.BothWantReturn, RiskBand.Low)]
    [InlineData(RiskFactors.NoneOrAddressed, ProtectiveFactors.AtLeastOne, CapacityToChange.Sustained, Wishes.AmbivalentOrOpposed, RiskBand.High)]
    [InlineData(RiskFactors.NotAllAddressed, ProtectiveFactors.None, CapacityToChange.NoEvidence, Wishes.BothWantReturn, RiskBand.High)]
    [InlineData(RiskFactors.NotAllAddressed, ProtectiveFactors.None, CapacityToChange.NoEvidence, Wishes.AmbivalentOrOpposed, RiskBand.High)]
    [InlineData(RiskFactors.NotAllAddressed, ProtectiveFactors.None, CapacityToChange.LimitedEvidence, Wishes.BothWantReturn, RiskBand.High)]
    [InlineData(RiskFactors.NotAllAddressed, ProtectiveFactors.None, CapacityToChange.LimitedEvidence, Wishes.AmbivalentOrOpposed, RiskBand.High)]
    [InlineData(RiskFactors.NotAllAddressed, ProtectiveFactors.None, CapacityToChange.Sustained, Wishes.BothWantReturn, RiskBand.High)]
    [InlineData(RiskFactors.NotAllAddressed, ProtectiveFactors.None, CapacityToChange.Sustained, Wishes.AmbivalentOrOpposed, RiskBand.High)]
    [InlineData(RiskFactors.NotAllAddressed, ProtectiveFactors.AtLeastOne, CapacityToChange.NoEvidence, Wishes.BothWantReturn, RiskBand.High)]
    [InlineData(RiskFactors.NotAllAddressed, ProtectiveFactors.AtLeastOne, CapacityToChange.NoEvidence, Wishes.AmbivalentOrOpposed, RiskBand.High)]
    [InlineData(RiskFactors.NotAllAddressed, ProtectiveFactors.AtLeastOne, CapacityToChange.LimitedEvidence, Wishes.BothWantReturn, RiskBand.High)]
    [InlineData(RiskFactors.NotAllAddressed, ProtectiveFactors.AtLeastOne, CapacityToChange.LimitedEvidence, Wishes.AmbivalentOrOpposed, RiskBand.High)]
    [InlineData(RiskFactors.NotAllAddressed, ProtectiveFactors.AtLeastOne, CapacityToChange.Sustained, Wishes.BothWantReturn, RiskBand.Medium)]
    [InlineData(RiskFactors.NotAllAddressed, ProtectiveFactors.AtLeastOne, CapacityToChange.Sustained, Wishes.AmbivalentOrOpposed, RiskBand.High)]
    [InlineData(RiskFactors.NotBeingAddressed, ProtectiveFactors.None, CapacityToChange.NoEvidence, Wishes.BothWantReturn, RiskBand.Severe)]
    [InlineData(RiskFactors.NotBeingAddressed, ProtectiveFactors.None, CapacityToChange.NoEvidence, Wishes.AmbivalentOrOpposed, RiskBand.Severe)]
    [InlineData(RiskFactors.NotBeingAddressed, ProtectiveFactors.None, CapacityToChange.LimitedEvidence, Wishes.BothWantReturn, RiskBand.Severe)]
    [InlineData(RiskFactors.NotBeingAddressed, ProtectiveFactors.None, CapacityToChange.LimitedEvidence, Wishes.AmbivalentOrOpposed, RiskBand.Severe)]
    [InlineData(RiskFactors.NotBeingAddressed, ProtectiveFactors.None, CapacityToChange.Sustained, Wishes.BothWantReturn, RiskBand.Severe)]
    [InlineData(RiskFactors.NotBeingAddressed, ProtectiveFactors.None, CapacityToChange.Sustained, Wishes.AmbivalentOrOpposed, RiskBand.Severe)]
    [InlineData(RiskFactors.NotBeingAddressed, ProtectiveFactors.AtLeastOne, CapacityToChange.NoEvidence, Wishes.BothWantReturn, RiskBand.High)]
    [InlineData(RiskFactors.NotBeingAddressed, ProtectiveFactors.AtLeastOne, CapacityToChange.NoEvidence, Wishes.AmbivalentOrOpposed, RiskBand.High)]
    [InlineData(RiskFactors.NotBeingAddressed, ProtectiveFactors.AtLeastOne, CapacityToChange.LimitedEvidence, Wishes.BothWantReturn, RiskBand.High)]
    [InlineData(RiskFactors.NotBeingAddressed, ProtectiveFactors.AtLeastOne, CapacityToChange.LimitedEvidence, Wishes.AmbivalentOrOpposed, RiskBand.High)]
    [InlineData(RiskFactors.NotBeingAddressed, ProtectiveFactors.AtLeastOne, CapacityToChange.Sustained, Wishes.BothWantReturn, RiskBand.High)]
    [InlineData(RiskFactors.NotBeingAddressed, ProtectiveFactors.AtLeastOne, CapacityToChange.Sustained, Wishes.AmbivalentOrOpposed, RiskBand.High)]
    public void RH3_table(RiskFactors risk, ProtectiveFactors protective, CapacityToChange capacity, Wishes wishes, RiskBand expected)
    {
        var result = RiskClassifier.Classify(new RiskInputs { RiskFactors = risk, ProtectiveFactors = protective, CapacityToChange = capacity, Wishes = wishes });
        Assert.Equal(expected, result.Band);
        Assert.NotEmpty(result.Explanation);
    }

    [Fact(DisplayName = "RH-3: the explanation says when the capacity and wishes floor raised the band")]
    public void RH3_floor_is_explained()
    {
        var result = RiskClassifier.Classify(new RiskInputs
        {
            RiskFactors = RiskFactors.NoneOrAddressed, ProtectiveFactors = ProtectiveFactors.AtLeastOne,
            CapacityToChange = CapacityToChange.LimitedEvidence, Wishes = Wishes.BothWantReturn,
        });
        Assert.Contains("raised to High", result.Explanation, StringComparison.Ordinal);
    }

    [Theory(DisplayName = "S20-5: the S20 form after a recent assessment or under 20 days in care, else a Child & Family reassessment")]
    [InlineData(null, 19, AssessmentKind.S20ReturnHome)]
    [InlineData(null, 20, AssessmentKind.ChildAndFamily)]
    [InlineData("2026-08-23", 200, AssessmentKind.S20ReturnHome)] // exactly 3 months before 23 November
    [InlineData("2026-08-22", 200, AssessmentKind.ChildAndFamily)]
    public void S20_5_form_choice(string? lastCompleted, int daysInCare, AssessmentKind expected)
    {
        var last = lastCompleted is null ? (DateOnly?)null : DateOnly.Parse(lastCompleted, System.Globalization.CultureInfo.InvariantCulture);
        var (form, reasons) = ReturnHomeForm.Choose(new DateOnly(2026, 11, 23), last, daysInCare);
        Assert.Equal(expected, form);
        Assert.NotEmpty(reasons);
    }

    private static List<string> Keys(IEnumerable<Concern> concerns, int days, LeavingCareStatus status) =>
        ChecklistTemplate.ItemsFor(concerns.ToList(), days, status).Select(i => i.Key).ToList();

    [Fact(DisplayName = "RH-1, RH-4, RH-5, RH-8, RH-9: every checklist carries the items the 2015 regulations and the seed name")]
    public void Checklist_core_items()
    {
        var items = ChecklistTemplate.ItemsFor([], 100, LeavingCareStatus.None);
        Assert.Equal(4, items.Count(i => i.RuleId == "RH-1"));
        Assert.Equal(["rh4-hos-agreement", "rh4-chronology", "rh4-updated-assessment"], items.Where(i => i.RuleId == "RH-4").Select(i => i.Key));
        Assert.Equal(7, items.Count(i => i.RuleId == "RH-5"));
        Assert.Equal(["rh8-gp-informed", "rh8-housing-informed"], items.Where(i => i.RuleId == "RH-8").Select(i => i.Key));
        Assert.Contains("rh9-documents-on-record", items.Select(i => i.Key));
        Assert.Contains("rh9-health-passport-savings", items.Select(i => i.Key));
        Assert.Equal(items.Count, items.Select(i => i.Key).Distinct().Count());
    }

    [Fact(DisplayName = "RH-6: a safety plan only for parental mental health, domestic abuse or substance misuse; worries work for mental health")]
    public void RH6_conditional_items()
    {
        Assert.DoesNotContain("rh6-safety-plan", Keys([], 100, LeavingCareStatus.None));
        Assert.Contains("rh6-safety-plan", Keys([Concern.DomesticAbuse], 100, LeavingCareStatus.None));
        Assert.DoesNotContain("rh6-worries-work", Keys([Concern.SubstanceMisuse], 100, LeavingCareStatus.None));
        var mentalHealth = Keys([Concern.ParentalMentalHealth], 100, LeavingCareStatus.None);
        Assert.Contains("rh6-worries-work", mentalHealth);
        Assert.Contains("rh8-adult-mental-health-informed", mentalHealth);
    }

    [Theory(DisplayName = "RH-7: life story work and a later life letter only after over a year in care")]
    [InlineData(365, false)]
    [InlineData(366, true)]
    public void RH7_after_a_year(int days, bool expected)
    {
        var keys = Keys([], days, LeavingCareStatus.None);
        Assert.Equal(expected, keys.Contains("rh7-life-story"));
        Assert.Equal(expected, keys.Contains("rh7-later-life-letter"));
    }

    [Theory(DisplayName = "RH-9: leaving-care rights by the child's status; access to records always")]
    [InlineData(LeavingCareStatus.None, false)]
    [InlineData(LeavingCareStatus.Eligible, true)]
    [InlineData(LeavingCareStatus.Relevant, true)]
    [InlineData(LeavingCareStatus.FormerRelevant, true)]
    public void RH9_rights_by_status(LeavingCareStatus status, bool rights)
    {
        var keys = Keys([], 100, status);
        Assert.Equal(rights, keys.Contains("rh9-leaving-care-rights"));
        Assert.Contains("rh9-records-access", keys);
    }
}

public sealed class ReadinessRecencyTests
{
    private static readonly DateOnly Today = new(2026, 11, 23);

    private static AssessmentEntity Completed(AssessmentKind kind, DateOnly on) => new()
    {
        ChildId = "c", AuthorId = "sw-1", TeamId = "north", Kind = kind, State = AssessmentState.Completed, RequestedOn = on, CompletedOn = on,
        Chronology = "x", ChildJourney = "x", ReasonsForCare = "x", EvidenceOfChange = "x", CapacityToSustainChange = "x", FathersAndPartners = "x", PartnerAgencies = "x", FamilyStresses = "x",
    };

    private static ChildSnapshot Child(Case.V1.LegalStatus status, int daysInCare) => new(new Case.V1.Child
    {
        Id = "c", CurrentLegalStatus = status,
        CareEpisodes = { new Case.V1.CareEpisode { LegalStatus = status, StartDate = new Google.Type.Date { Year = Today.AddDays(-daysInCare).Year, Month = Today.AddDays(-daysInCare).Month, Day = Today.AddDays(-daysInCare).Day } } },
    }, Today);

    private static IEnumerable<string> AssessmentGaps(ChildSnapshot child, params AssessmentEntity[] completed) =>
        ReturnReadinessRules.Missing(child, new ReadinessEvidence(completed, null, null, [], null), new ReadinessPolicy())
            .Where(m => m.RuleId is "NS-1" or "S20-5" or "RH-4" && !m.Description.Contains("household", StringComparison.Ordinal) && !m.Description.Contains("confirmed", StringComparison.Ordinal))
            .Select(m => m.RuleId);

    [Fact(DisplayName = "RH-2: a completed checklist counts for 3 months (the authority's window); an older one is completed again")]
    public void RH2_ChecklistExpires()
    {
        ChecklistEntity Completed(DateOnly on) => new()
        {
            ChildId = "c", Subject = "return", TeamId = "north", State = ChecklistState.Completed,
            CompletedAt = new DateTimeOffset(on.ToDateTime(new TimeOnly(12, 0)), TimeSpan.Zero),
        };
        IEnumerable<Missing> Gaps(DateOnly completed) => ReturnReadinessRules.Missing(Child(Case.V1.LegalStatus.CareOrder, 400),
            new ReadinessEvidence([], null, Completed(completed), [], null), new ReadinessPolicy()).Where(m => m.RuleId == "RH-2");

        Assert.Empty(Gaps(Today.AddMonths(-2)));
        Assert.Contains("more than 3 months ago", Assert.Single(Gaps(Today.AddMonths(-4))).Description, StringComparison.Ordinal);
    }

    [Fact(DisplayName = "S20-5 / NS-1: an assessment older than the authority's window (3 months by default) must be updated")]
    public void S20_5_StaleAssessment()
    {
        Assert.Equal(["S20-5"], AssessmentGaps(Child(Case.V1.LegalStatus.CareOrder, 400), Completed(AssessmentKind.ChildAndFamily, Today.AddMonths(-4))));
        Assert.Empty(AssessmentGaps(Child(Case.V1.LegalStatus.CareOrder, 400), Completed(AssessmentKind.ChildAndFamily, Today.AddMonths(-2))));
    }

    [Fact(DisplayName = "S20-5 / NS-1: the S20 Return Home form counts under S20 only where S20-5 allowed it when it was written")]
    public void S20_5_ShortFormOnlyWhereItApplied()
    {
        Assert.Empty(AssessmentGaps(Child(Case.V1.LegalStatus.Section20, 10), Completed(AssessmentKind.S20ReturnHome, Today)));
        Assert.Equal(["NS-1"], AssessmentGaps(Child(Case.V1.LegalStatus.Section20, 60), Completed(AssessmentKind.S20ReturnHome, Today)));
        Assert.Empty(AssessmentGaps(Child(Case.V1.LegalStatus.Section20, 60),
            Completed(AssessmentKind.Regulation18, Today.AddMonths(-1)), Completed(AssessmentKind.S20ReturnHome, Today)));
    }
}
