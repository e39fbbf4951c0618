using GoingHome.Time;

namespace GoingHome.Pathway.Domain;

/// <summary>What a child's tasks depend on: the anchors known so far and the facts that decide conditional tasks.</summary>
public sealed record PlanningFacts(IReadOnlyDictionary<Anchor, DateTimeOffset> Anchors, bool HasSiblings, int AgeYears);

public sealed record PlannedTask(TaskTemplate Template, DateTimeOffset DueAt);

/// <summary>Turns a bundle into dated tasks (T-1, T-2). Pure: no clock, no store.</summary>
public static class TaskPlanner
{
    public static IReadOnlyList<PlannedTask> Plan(IEnumerable<TaskTemplate> bundle, PlanningFacts facts, WorkingDayCalendar calendar) =>
        bundle.Where(t => Applies(t.Condition, facts.HasSiblings, facts.AgeYears) && facts.Anchors.ContainsKey(t.Anchor))
            .Select(t => new PlannedTask(t, DueAt(t, facts.Anchors[t.Anchor], calendar)))
            .ToList();

    /// <summary>Rule GH-10 (siblings) and GH-12 (Homestart under 5).</summary>
    public static bool Applies(TaskCondition condition, bool hasSiblings, int ageYears) => condition switch
    {
        TaskCondition.HasSiblings => hasSiblings,
        TaskCondition.Under5 => ageYears < 5,
        _ => true,
    };

    public static DateTimeOffset DueAt(TaskTemplate template, DateTimeOffset anchor, WorkingDayCalendar calendar)
    {
        if (!template.Before)
        {
            return calendar.Due(anchor, template.Timescale);
        }

        // Rule GH-13: a bundle that falls due a time *before* its anchor (60 days before the planned return).
        var amount = template.Timescale.Amount;
        var anchorDate = WorkingDayCalendar.LondonDate(anchor);
        return template.Timescale.Unit switch
        {
            TimescaleUnit.Hours => anchor.AddHours(-amount),
            TimescaleUnit.WorkingDays => WorkingDayCalendar.EndOfDay(calendar.AddWorkingDays(anchorDate, -amount)),
            TimescaleUnit.Weeks => WorkingDayCalendar.EndOfDay(anchorDate.AddDays(-7 * amount)),
            TimescaleUnit.Months => WorkingDayCalendar.EndOfDay(anchorDate.AddMonths(-amount)),
            _ => WorkingDayCalendar.EndOfDay(anchorDate.AddDays(-amount)),
        };
    }
}
