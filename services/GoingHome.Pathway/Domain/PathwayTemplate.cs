using GoingHome.ServiceDefaults.Auth;
using GoingHome.ServiceDefaults.Configuration;
using GoingHome.Time;

namespace GoingHome.Pathway.Domain;

public enum Anchor
{
    EnteredCare,
    PlacementStart,
    StageEntered,
    PlannedReturnDate,
    ReturnDate,
    TriggerDate,
    RecordDate,
}

public enum TaskCondition
{
    None,
    HasSiblings,
    Under5,
}

/// <summary>One task a bundle generates: what, whose, and when, counted from a named anchor (T-1, T-2).</summary>
public sealed record TaskTemplate(
    string Key, string RuleId, string Title, string OwnerRole, Anchor Anchor, Timescale Timescale, bool Before,
    TaskCondition Condition, bool Weekly, string EscalateTo, int EscalateAfterWorkingDays);

/// <summary>The names of the bundles, and the anchors each may count from.</summary>
public static class Bundles
{
    public const string Stage1 = "stage1";
    public const string ByfTransition = "byfTransition";
    public const string Stage2 = "stage2";
    public const string Stage3 = "stage3";
    public const string Closure = "closure";
    public const string PlannedReturn = "plannedReturn";
    public const string Section20Request = "section20Request";
    public const string UnplannedReturn = "unplannedReturn";
    public const string Section20Returned = "section20Returned";
    public const string LaterPlacement = "laterPlacement";
    public const string NoGpRecorded = "noGpRecorded";
    public const string NoHousingRecorded = "noHousingRecorded";
    public const string NotViableIcpc = "notViableIcpc";
    public const string NotViableLpm = "notViableLpm";
    public const string CourtProceedings = "courtProceedings";
    public const string SecondReviewNotHome = "secondReviewNotHome";
    public const string Drift = "drift";
    public const string CarePlanRevision = "carePlanRevision";
    public const string ReturnHomeUnapproved = "returnHomeUnapproved";

    private static readonly Anchor[] StageAnchors = [Anchor.EnteredCare, Anchor.PlacementStart, Anchor.StageEntered];

    public static readonly IReadOnlyDictionary<string, Anchor[]> Anchors = new Dictionary<string, Anchor[]>
    {
        [Stage1] = StageAnchors,
        [ByfTransition] = StageAnchors,
        [Stage2] = StageAnchors,
        [Stage3] = StageAnchors,
        [Closure] = StageAnchors,
        [PlannedReturn] = [Anchor.PlannedReturnDate],
        [Section20Request] = [Anchor.TriggerDate],
        [UnplannedReturn] = [Anchor.ReturnDate],
        [Section20Returned] = [Anchor.ReturnDate],
        [LaterPlacement] = [Anchor.PlacementStart],
        [NoGpRecorded] = [Anchor.RecordDate],
        [NoHousingRecorded] = [Anchor.RecordDate],
        [NotViableIcpc] = [Anchor.RecordDate],
        [NotViableLpm] = [Anchor.RecordDate],
        [CourtProceedings] = [Anchor.RecordDate],
        [SecondReviewNotHome] = [Anchor.RecordDate],
        [Drift] = [Anchor.RecordDate],
        [CarePlanRevision] = [Anchor.RecordDate],
        [ReturnHomeUnapproved] = [Anchor.RecordDate],
    };
}

/// <summary>The authority's pathway template (GH-1..GH-16, S20-3, S20-4, S20-7, NS-2..NS-4): bundles of tasks by trigger.</summary>
public sealed class PathwayTemplate(IReadOnlyDictionary<string, IReadOnlyList<TaskTemplate>> bundles)
{
    public IReadOnlyList<TaskTemplate> Bundle(string name) => bundles.TryGetValue(name, out var tasks) ? tasks : [];

    public TaskTemplate? Find(string key) => bundles.Values.SelectMany(b => b).FirstOrDefault(t => t.Key == key);
}

public static class TemplateLoader
{
    private const string Kind = "Pathway template";

    public static PathwayTemplate Load(string path) => Parse(File.ReadAllText(path), path);

    public static PathwayTemplate Parse(string json, string source)
    {
        var file = DataFiles.Deserialize<TemplateFile>(json, Kind, source);
        var problems = new List<(string Path, string Problem)>();
        var bundles = new Dictionary<string, IReadOnlyList<TaskTemplate>>();
        var keys = new HashSet<string>();
        foreach (var missing in Bundles.Anchors.Keys.Where(b => !file.Bundles.ContainsKey(b)))
        {
            problems.Add(($"$.bundles.{missing}", "is missing"));
        }

        foreach (var (name, tasks) in file.Bundles)
        {
            if (!Bundles.Anchors.TryGetValue(name, out var anchors))
            {
                problems.Add(($"$.bundles.{name}", $"is not a bundle the pathway raises ({string.Join(", ", Bundles.Anchors.Keys)})"));
                continue;
            }

            var parsed = new List<TaskTemplate>();
            for (var i = 0; i < tasks.Count; i++)
            {
                var at = $"$.bundles.{name}[{i}]";
                var t = tasks[i];
                var problemsBefore = problems.Count;
                if (string.IsNullOrWhiteSpace(t.Key) || !keys.Add(t.Key))
                {
                    problems.Add(($"{at}.key", "must be present and unique in the file"));
                }

                if (string.IsNullOrWhiteSpace(t.Rule) || string.IsNullOrWhiteSpace(t.Title))
                {
                    problems.Add((at, "needs a rule and a title"));
                }

                if (!Roles.People.Contains(t.OwnerRole ?? ""))
                {
                    problems.Add(($"{at}.ownerRole", $"'{t.OwnerRole}' is not a role"));
                }

                if (!Enum.TryParse<Anchor>(t.Anchor, ignoreCase: true, out var anchor) || !anchors.Contains(anchor))
                {
                    problems.Add(($"{at}.anchor", $"'{t.Anchor}' is not an anchor of this bundle ({string.Join(", ", anchors)})"));
                }

                if (t.Timescale is null || !Timescale.UnitNames.TryGetValue(t.Timescale.Unit ?? "", out var unit) || t.Timescale.Amount < 0)
                {
                    problems.Add(($"{at}.timescale", "needs a non-negative amount and a unit: hours, days, workingDays, weeks or months"));
                    unit = TimescaleUnit.CalendarDays;
                }

                if (!Enum.TryParse<TaskCondition>(t.Condition ?? "None", ignoreCase: true, out var condition))
                {
                    problems.Add(($"{at}.condition", $"'{t.Condition}' is not a condition (hasSiblings, under5)"));
                }

                if (t.Recurrence is not (null or "weekly"))
                {
                    problems.Add(($"{at}.recurrence", "can only be weekly"));
                }

                if (t.EscalateTo is { } escalate && !Roles.People.Contains(escalate))
                {
                    problems.Add(($"{at}.escalateTo", $"'{escalate}' is not a role"));
                }

                if (problems.Count == problemsBefore)
                {
                    parsed.Add(new TaskTemplate(t.Key!, t.Rule!, t.Title!, t.OwnerRole!, anchor, new Timescale(t.Timescale!.Amount, unit),
                        t.Before, condition, t.Recurrence == "weekly", t.EscalateTo ?? "", t.EscalateAfterWorkingDays));
                }
            }

            bundles[name] = parsed;
        }

        DataFiles.ThrowIfAny(problems, Kind, source);
        return new PathwayTemplate(bundles);
    }

    private sealed record TemplateFile(string? Name, string? Description, Dictionary<string, List<TaskFile>> Bundles);

    private sealed record TaskFile(
        string? Key, string? Rule, string? Title, string? OwnerRole, string? Anchor, TimescaleFile? Timescale, bool Before,
        string? Condition, string? Recurrence, string? EscalateTo, int EscalateAfterWorkingDays);

    private sealed record TimescaleFile(int Amount, string? Unit);
}
