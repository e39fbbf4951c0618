using System.Text.RegularExpressions;
using GoingHome.Case.V1;
using GoingHome.ServiceDefaults.Auth;
using GoingHome.ServiceDefaults.Configuration;
using GoingHome.ServiceDefaults.Grpc;
using GoingHome.Time;

namespace GoingHome.Approvals.Domain;

/// <summary>
/// Reads and validates a policy file (Rule AP-9). Any problem stops the service at start-up with the file, the JSON
/// line or path, and what is wrong; a policy is never half-loaded.
/// </summary>
public static partial class PolicyLoader
{
    public const string PlannedReturnDateFact = "plannedReturnDate";

    /// <summary>The resource collections an action's requests can be about, each held by one service.</summary>
    public static readonly IReadOnlyList<string> SubjectCollections = ["children", "pathways", "section20Returns", "lastingHomes"];

    private const string Kind = "Approval policy";

    public static ApprovalPolicy Load(string path) => Parse(File.ReadAllText(path), path);

    public static ApprovalPolicy Parse(string json, string source)
    {
        var file = DataFiles.Deserialize<PolicyFile>(json, Kind, source);

        var problems = new List<(string Path, string Problem)>();
        if (file.Actions.Count == 0)
        {
            problems.Add(("$.actions", "names no actions"));
        }

        var actions = new Dictionary<string, PolicyAction>();
        foreach (var (name, action) in file.Actions)
        {
            var at = $"$.actions['{name}']";
            if (!ActionName().IsMatch(name))
            {
                problems.Add((at, "action names are lower-case words joined by hyphens"));
            }

            if (!SubjectCollections.Contains(action.Subject ?? ""))
            {
                problems.Add(($"{at}.subject", $"'{action.Subject}' is not a collection requests can be about ({string.Join(", ", SubjectCollections)})"));
            }

            foreach (var fact in action.RequiredFacts ?? [])
            {
                if (fact != PlannedReturnDateFact)
                {
                    problems.Add(($"{at}.requiredFacts", $"'{fact}' is not a fact the requester can supply (only {PlannedReturnDateFact})"));
                }
            }

            var steps = action.Steps.Select((step, i) => ToStep(step, $"{at}.steps[{i}]", problems)).ToList();
            if (steps.Count == 0)
            {
                problems.Add(($"{at}.steps", "an action needs at least one step"));
            }

            var refusals = (action.RefuseWhen ?? []).Select((refusal, i) => ToRefusal(refusal, $"{at}.refuseWhen[{i}]", problems)).ToList();
            actions[name] = new PolicyAction(name, action.Description ?? "", action.Subject ?? "", action.RequiredFacts ?? [], action.RequiresReturnReadiness, steps, refusals);
        }

        DataFiles.ThrowIfAny(problems, Kind, source);

        return new ApprovalPolicy(file.Name, file.SeniorMayActInstead, actions);
    }

    private static PolicyStep ToStep(StepFile step, string at, List<(string, string)> problems)
    {
        if (!RuleId().IsMatch(step.Rule))
        {
            problems.Add(($"{at}.rule", $"'{step.Rule}' is not a rule ID such as AP-1"));
        }

        if (!Roles.ManagementLine.Contains(step.Role))
        {
            problems.Add(($"{at}.role", $"'{step.Role}' is not an approving role ({string.Join(", ", Roles.ManagementLine)})"));
        }

        if (string.IsNullOrWhiteSpace(step.Title))
        {
            problems.Add(($"{at}.title", "is required"));
        }

        foreach (var role in step.Notify ?? [])
        {
            if (!Roles.People.Contains(role))
            {
                problems.Add(($"{at}.notify", $"'{role}' is not a role"));
            }
        }

        return new PolicyStep(
            step.Rule,
            step.Title,
            step.Role,
            ToCondition(step.When, $"{at}.when", problems),
            ToTimescale(step.Deadline, $"{at}.deadline", problems),
            ToTimescale(step.RemindBefore, $"{at}.remindBefore", problems),
            step.Notify ?? [],
            step.RecordCaseNote,
            step.AttachDocument);
    }

    private static PolicyRefusal ToRefusal(RefusalFile refusal, string at, List<(string, string)> problems)
    {
        if (!RuleId().IsMatch(refusal.Rule))
        {
            problems.Add(($"{at}.rule", $"'{refusal.Rule}' is not a rule ID such as RH-3"));
        }

        if (string.IsNullOrWhiteSpace(refusal.Reason))
        {
            problems.Add(($"{at}.reason", "is required"));
        }

        if (refusal.When is null)
        {
            problems.Add(($"{at}.when", "is required: a refusal that always applies would make the action impossible"));
        }

        return new PolicyRefusal(refusal.Rule, refusal.Reason, ToCondition(refusal.When, $"{at}.when", problems));
    }

    private static StepCondition ToCondition(ConditionFile? file, string at, List<(string, string)> problems)
    {
        var when = file ?? new ConditionFile();
        return new StepCondition(
            when.AgeUnder, when.AgeAtLeast, when.DaysLookedAfterOver, when.DaysLookedAfterAtMost,
            ParseAll<LegalStatus>(when.LegalStatusIn, $"{at}.legalStatusIn", "a legal status", problems),
            when.DaysToPlannedReturnAtMost,
            ParseAll<GoingHome.Assessment.V1.RiskBand>(when.RiskBandIn, $"{at}.riskBandIn", "a risk band (LOW, MEDIUM, HIGH, SEVERE)", problems));
    }

    private static List<T> ParseAll<T>(List<string>? names, string at, string what, List<(string, string)> problems)
        where T : struct, Enum
    {
        var parsed = new List<T>();
        foreach (var name in names ?? [])
        {
            if (ProtoEnums.TryParse<T>(name, out var value))
            {
                parsed.Add(value);
            }
            else
            {
                problems.Add((at, $"'{name}' is not {what}"));
            }
        }

        return parsed;
    }

    private static Timescale? ToTimescale(TimescaleFile? value, string at, List<(string, string)> problems)
    {
        if (value is null)
        {
            return null;
        }

        if (!Timescale.UnitNames.TryGetValue(value.Unit, out var unit))
        {
            problems.Add(($"{at}.unit", $"'{value.Unit}' is not one of {string.Join(", ", Timescale.UnitNames.Keys)}"));
            return null;
        }

        if (value.Amount <= 0)
        {
            problems.Add(($"{at}.amount", "must be positive"));
            return null;
        }

        return new Timescale(value.Amount, unit);
    }

    [GeneratedRegex("^[a-z]+(-[a-z0-9]+)*$")]
    private static partial Regex ActionName();

    [GeneratedRegex("^[A-Z]+[0-9]*-[0-9]+$")]
    private static partial Regex RuleId();

    private sealed record PolicyFile(string Name, string? Description, bool SeniorMayActInstead, Dictionary<string, ActionFile> Actions);

    private sealed record ActionFile(string? Description, string? Subject, List<string>? RequiredFacts, bool RequiresReturnReadiness, List<StepFile> Steps, List<RefusalFile>? RefuseWhen);

    private sealed record RefusalFile(string Rule, string Reason, ConditionFile? When);

    private sealed record StepFile(
        string Rule, string Title, string Role, ConditionFile? When, TimescaleFile? Deadline, TimescaleFile? RemindBefore,
        List<string>? Notify, bool RecordCaseNote, bool AttachDocument);

    private sealed record ConditionFile(
        int? AgeUnder = null, int? AgeAtLeast = null, int? DaysLookedAfterOver = null, int? DaysLookedAfterAtMost = null,
        List<string>? LegalStatusIn = null, int? DaysToPlannedReturnAtMost = null, List<string>? RiskBandIn = null);

    private sealed record TimescaleFile(int Amount, string Unit);
}
