namespace GoingHome.Time;

/// <summary>
/// How far ahead a planned return home may be set. Decision (GH-6, GH-7, GH-13): a Going Home plan is a return within
/// 6-12 months; a return planned beyond a year is the BYF route, reviewed at tracker meetings, not a date approvals are
/// judged on. A date past the horizon (9999-12-31, say) is refused, never taken as "not within 60 days".
/// </summary>
public static class PlannedReturnHorizon
{
    public const int Months = 12;

    public static bool Holds(DateOnly planned, DateOnly today) => planned <= today.AddMonths(Months);

    public const string Description = "must be within 12 months of today (a return planned beyond a year is the BYF route, GH-7)";
}
