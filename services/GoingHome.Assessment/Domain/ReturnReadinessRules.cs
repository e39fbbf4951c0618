using GoingHome.ServiceDefaults.Clients;
using GoingHome.Assessment.V1;
using GoingHome.Case.V1;

namespace GoingHome.Assessment.Domain;

public sealed record Missing(string RuleId, string Description);

/// <summary>What a return home still needs before it can be decided (NS-1, S20-5, RH-2, RH-3). Pure.</summary>
public static class ReturnReadinessRules
{
    public static IReadOnlyList<Missing> Missing(
        ChildSnapshot facts, IReadOnlyList<AssessmentRecord> completed, RiskClassificationRecord? latestRisk,
        ChecklistRecord? checklist, IReadOnlyList<DbsCheckRecord> dbsChecks)
    {
        var missing = new List<Missing>();

        // NS-1 for a return from S20: a detailed Child & Family assessment. Otherwise the form S20-5 picks will do,
        // so a completed S20 Return Home Assessment also counts.
        var s20 = facts.Child.CurrentLegalStatus == LegalStatus.Section20;
        if (s20 && !completed.Any(a => a.Kind == AssessmentKind.ChildAndFamily))
        {
            missing.Add(new("NS-1", "A completed Child & Family assessment is needed for a return home from S20."));
        }
        else if (!s20 && !completed.Any(a => a.Kind is AssessmentKind.ChildAndFamily or AssessmentKind.S20ReturnHome))
        {
            missing.Add(new("S20-5", "A completed Child & Family reassessment or S20 Return Home Assessment is needed."));
        }

        if (latestRisk is null)
        {
            missing.Add(new("RH-3", "The risk of reunification has not been classified."));
        }

        if (checklist is null)
        {
            missing.Add(new("RH-2", "No returning-home checklist has been started."));
        }
        else if (checklist.State != ChecklistState.Completed)
        {
            missing.Add(new("RH-2", "The returning-home checklist has not been completed by the IRO (or under the recorded exception)."));
            missing.AddRange(checklist.Items.Where(i => i.State == ItemState.NotStarted).OrderBy(i => i.Position)
                .Select(i => new Missing(i.RuleId, $"Checklist item not met: {i.Title}")));
        }

        // NS-1: every adult in the household, with a clear check. Concerns noted still block: they need a manager's
        // consideration and a new check or a decision recorded elsewhere before the return is decided.
        foreach (var adult in facts.HouseholdAdults)
        {
            var check = dbsChecks.FirstOrDefault(d => d.NetworkMemberId == adult.Id);
            if (check is null)
            {
                missing.Add(new("NS-1", $"No DBS check for household member {adult.Name}."));
            }
            else if (check.State != DbsState.Clear)
            {
                missing.Add(new("NS-1", $"DBS check for {adult.Name} is {check.State}."));
            }
        }

        return missing;
    }
}
