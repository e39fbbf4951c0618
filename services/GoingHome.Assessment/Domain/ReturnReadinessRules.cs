using GoingHome.Assessment.Data;
using GoingHome.Assessment.V1;
using GoingHome.Case.V1;
using GoingHome.ServiceClients;

namespace GoingHome.Assessment.Domain;

public sealed record Missing(string RuleId, string Description);

/// <summary>
/// How recent the evidence for a return must be, set by the authority (configuration <c>Assessment:Readiness</c>).
/// </summary>
/// <param name="AssessmentValidMonths">The assessment must have been completed within this many months (S20-5's "last 3 months").</param>
/// <param name="DbsValidMonths">A DBS check's result must be at most this many months old.</param>
/// <param name="ChecklistValidMonths">
/// Rule RH-2 (decision): a completed returning-home checklist counts for this many months, like the assessment it rests
/// on (S20-5's "last 3 months"); an older one is completed again at a review.
/// </param>
public sealed record ReadinessPolicy(int AssessmentValidMonths = 3, int DbsValidMonths = 6, int ChecklistValidMonths = 3);

/// <summary>Everything Assessment holds about a child that a return home is decided on.</summary>
public sealed record ReadinessEvidence(
    IReadOnlyList<AssessmentEntity> Completed,
    RiskClassificationEntity? LatestRisk,
    ChecklistEntity? Checklist,
    IReadOnlyList<DbsCheckEntity> DbsChecks,
    HouseholdConfirmationEntity? Household);

/// <summary>What a return home still needs before it can be decided (NS-1, S20-5, RH-2, RH-3, RH-4). Pure.</summary>
public static class ReturnReadinessRules
{
    public static IReadOnlyList<Missing> Missing(ChildSnapshot facts, ReadinessEvidence evidence, ReadinessPolicy policy)
    {
        var missing = new List<Missing>();
        AssessmentMissing(facts, evidence.Completed, policy, missing);

        if (evidence.LatestRisk is null)
        {
            missing.Add(new("RH-3", "The risk of reunification has not been classified."));
        }

        if (evidence.Checklist is null)
        {
            missing.Add(new("RH-2", "No returning-home checklist has been started."));
        }
        else if (evidence.Checklist.State != ChecklistState.Completed)
        {
            missing.Add(new("RH-2", "The returning-home checklist has not been completed by the IRO (or under the recorded exception)."));
            missing.AddRange(evidence.Checklist.Items.Where(i => i.State == ItemState.NotStarted && i.Key != ChecklistRules.HeadOfServiceAgreementKey).OrderBy(i => i.Position)
                .Select(i => new Missing(i.RuleId, $"Checklist item not met: {i.Title}")));
        }
        else if (evidence.Checklist.CompletedAt is { } completedAt
                 && GoingHome.Time.WorkingDayCalendar.LondonDate(completedAt) < facts.Today.AddMonths(-policy.ChecklistValidMonths))
        {
            missing.Add(new("RH-2", $"The returning-home checklist was completed on {GoingHome.Time.WorkingDayCalendar.LondonDate(completedAt):yyyy-MM-dd}, more than {policy.ChecklistValidMonths} months ago: complete a new one at a review."));
        }

        HouseholdMissing(facts, evidence, policy, missing);
        return missing;
    }

    /// <summary>
    /// S20-5 / NS-1: the assessment the S20-5 choice names (the shorter S20 Return Home form only where it applied when
    /// it was written), or either form for a child not under S20; completed within the authority's window, with every
    /// analysis section (RH-4) written.
    /// </summary>
    private static void AssessmentMissing(ChildSnapshot facts, IReadOnlyList<AssessmentEntity> completed, ReadinessPolicy policy, List<Missing> missing)
    {
        var s20 = facts.Child.CurrentLegalStatus == LegalStatus.Section20;
        var rule = s20 ? "NS-1" : "S20-5";
        var eligible = completed.Where(a => a.Kind == AssessmentKind.ChildAndFamily || (a.Kind == AssessmentKind.S20ReturnHome && (!s20 || ShortFormApplied(facts, completed, a)))).ToList();
        if (eligible.Count == 0)
        {
            missing.Add(new(rule, s20
                ? "A completed Child & Family assessment is needed for a return home from S20 (the S20 Return Home form only within 20 days in care or 3 months of another assessment)."
                : "A completed Child & Family reassessment or S20 Return Home Assessment is needed."));
            return;
        }

        var since = facts.Today.AddMonths(-policy.AssessmentValidMonths);
        var current = eligible.Where(a => a.CompletedOn >= since).ToList();
        if (current.Count == 0)
        {
            missing.Add(new(rule, $"The latest assessment was completed on {eligible.Max(a => a.CompletedOn):yyyy-MM-dd}, more than {policy.AssessmentValidMonths} months ago: update it."));
            return;
        }

        if (!current.Any(Analysed))
        {
            missing.Add(new("RH-4", "The assessment's analysis is not written in full (chronology, the child's journey, reasons for care, evidence of change, capacity to sustain it, fathers and partners, partner agencies, family stresses)."));
        }
    }

    /// <summary>S20-5 as it stood on the day the short form was completed: days in care then, and the other assessments before it.</summary>
    private static bool ShortFormApplied(ChildSnapshot facts, IReadOnlyList<AssessmentEntity> completed, AssessmentEntity form)
    {
        var on = form.CompletedOn ?? facts.Today;
        var before = completed.Where(a => a.Kind != AssessmentKind.S20ReturnHome && a.CompletedOn < on).Select(a => a.CompletedOn).Max();
        var daysInCareThen = facts.DaysInCare - (facts.Today.DayNumber - on.DayNumber);
        return ReturnHomeForm.Choose(on, before, daysInCareThen).Form == AssessmentKind.S20ReturnHome;
    }

    private static bool Analysed(AssessmentEntity a) =>
        new[] { a.Chronology, a.ChildJourney, a.ReasonsForCare, a.EvidenceOfChange, a.CapacityToSustainChange, a.FathersAndPartners, a.PartnerAgencies, a.FamilyStresses }
            .All(section => !string.IsNullOrWhiteSpace(section));

    /// <summary>
    /// NS-1: the worker has confirmed who lives in the home and that is still who Case records there; every one of
    /// them has a clear DBS check no older than the authority allows. Concerns noted still block: they need a manager's
    /// consideration and a new check before the return is decided.
    /// </summary>
    private static void HouseholdMissing(ChildSnapshot facts, ReadinessEvidence evidence, ReadinessPolicy policy, List<Missing> missing)
    {
        var adults = facts.HouseholdAdults.ToList();
        if (evidence.Household is not { } household)
        {
            missing.Add(new("NS-1", "Nobody has confirmed who lives in the home the child would return to."));
        }
        else if (!household.MemberIds.ToHashSet().SetEquals(adults.Select(a => a.Id)))
        {
            missing.Add(new("NS-1", $"The household has changed since it was confirmed on {household.ConfirmedAt:yyyy-MM-dd}: confirm who lives there again."));
        }

        var oldest = facts.Today.AddMonths(-policy.DbsValidMonths);
        foreach (var adult in adults)
        {
            var check = evidence.DbsChecks.FirstOrDefault(d => d.NetworkMemberId == adult.Id);
            if (check is null)
            {
                missing.Add(new("NS-1", $"No DBS check for household member {adult.Name}."));
            }
            else if (check.State != DbsState.Clear)
            {
                missing.Add(new("NS-1", $"DBS check for {adult.Name} is {check.State}."));
            }
            else if (check.ResultOn < oldest)
            {
                missing.Add(new("NS-1", $"DBS check for {adult.Name} dates from {check.ResultOn:yyyy-MM-dd}, more than {policy.DbsValidMonths} months ago."));
            }
        }
    }
}
