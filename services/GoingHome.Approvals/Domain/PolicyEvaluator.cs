using GoingHome.ServiceDefaults.Errors;

namespace GoingHome.Approvals.Domain;

/// <summary>Which approvals an action needs, derived from the facts (Rules AP-1..AP-6, AP-9). Pure.</summary>
public static class PolicyEvaluator
{
    public static PolicyAction FindAction(ApprovalPolicy policy, string action) =>
        policy.Actions.TryGetValue(action, out var found)
            ? found
            : throw new ValidationFailedException([new FieldViolation("action", $"'{action}' is not an action of policy '{policy.Name}'; known: {string.Join(", ", policy.Actions.Keys)}")]);

    public static IReadOnlyList<RequiredStep> Evaluate(ApprovalPolicy policy, string action, PolicyFacts facts)
    {
        var policyAction = FindAction(policy, action);
        if (policyAction.RequiredFacts.Contains(PolicyLoader.PlannedReturnDateFact) && facts.PlannedReturnDate is null)
        {
            throw new ValidationFailedException([new FieldViolation("planned_return_date", $"is required for '{action}'")]);
        }

        var steps = new List<RequiredStep>();
        foreach (var step in policyAction.Steps)
        {
            if (Applies(step.When, facts, out var reason))
            {
                steps.Add(new RequiredStep(steps.Count, step, reason));
            }
        }

        return steps;
    }

    /// <summary>The policy's refusals that hold on these facts (RH-3: a Severe band is not put to approvers).</summary>
    public static IReadOnlyList<RuleViolation> Refusals(PolicyAction action, PolicyFacts facts, string subject) =>
        [.. action.Refusals.Where(r => Applies(r.When, facts, out _)).Select(r => new RuleViolation(r.RuleId, subject, r.Reason))];

    /// <summary>Whether every set condition holds, and the facts that made it so (the "why" of EvaluatePolicy).</summary>
    public static bool Applies(StepCondition when, PolicyFacts facts, out string reason)
    {
        var because = new List<string>();
        var holds = true;

        void Check(bool isSet, bool condition, string description)
        {
            if (!isSet)
            {
                return;
            }

            holds &= condition;
            because.Add(description);
        }

        Check(when.AgeUnder is not null, facts.AgeYears < when.AgeUnder, $"age {facts.AgeYears} (under {when.AgeUnder})");
        Check(when.AgeAtLeast is not null, facts.AgeYears >= when.AgeAtLeast, $"age {facts.AgeYears} (at least {when.AgeAtLeast})");
        Check(when.DaysLookedAfterOver is not null, facts.DaysLookedAfter > when.DaysLookedAfterOver,
            $"looked after {Describe(facts.DaysLookedAfter)} days (over {when.DaysLookedAfterOver})");
        Check(when.DaysLookedAfterAtMost is not null, facts.DaysLookedAfter <= when.DaysLookedAfterAtMost,
            $"looked after {Describe(facts.DaysLookedAfter)} days (at most {when.DaysLookedAfterAtMost})");
        Check(when.LegalStatusIn is { Count: > 0 }, when.LegalStatusIn?.Contains(facts.LegalStatus) == true,
            $"legal status {facts.LegalStatus} (one of {string.Join(", ", when.LegalStatusIn ?? [])})");
        Check(when.DaysToPlannedReturnAtMost is not null, facts.DaysToPlannedReturn <= when.DaysToPlannedReturnAtMost,
            $"{Describe(facts.DaysToPlannedReturn)} days to the planned return (at most {when.DaysToPlannedReturnAtMost})");
        Check(when.RiskBandIn is { Count: > 0 }, when.RiskBandIn?.Contains(facts.Risk.Band) == true,
            $"risk of reunification {facts.Risk.Band}{(facts.Risk.ComputedBand != facts.Risk.Band ? $" (overridden from {facts.Risk.ComputedBand}: {facts.Risk.OverrideRationale})" : "")} (one of {string.Join(", ", when.RiskBandIn ?? [])})");

        reason = because.Count == 0 ? "always required for this action" : string.Join("; ", because);
        return holds;
    }

    private static string Describe(int? value) => value?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "unknown";
}
