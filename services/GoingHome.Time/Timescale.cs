namespace GoingHome.Time;

/// <summary>The units a deadline may be written in (Rule T-1).</summary>
public enum TimescaleUnit
{
    Hours,
    CalendarDays,
    WorkingDays,
    Weeks,
    Months,
}

/// <summary>An amount of time counted from a named anchor (Rule T-1, T-2).</summary>
public readonly record struct Timescale(int Amount, TimescaleUnit Unit)
{
    /// <summary>The units as the authority's files write them.</summary>
    public static readonly IReadOnlyDictionary<string, TimescaleUnit> UnitNames = new Dictionary<string, TimescaleUnit>
    {
        ["hours"] = TimescaleUnit.Hours,
        ["days"] = TimescaleUnit.CalendarDays,
        ["workingDays"] = TimescaleUnit.WorkingDays,
        ["weeks"] = TimescaleUnit.Weeks,
        ["months"] = TimescaleUnit.Months,
    };

    public static Timescale Hours(int amount) => new(amount, TimescaleUnit.Hours);
    public static Timescale CalendarDays(int amount) => new(amount, TimescaleUnit.CalendarDays);
    public static Timescale WorkingDays(int amount) => new(amount, TimescaleUnit.WorkingDays);
    public static Timescale Weeks(int amount) => new(amount, TimescaleUnit.Weeks);
    public static Timescale Months(int amount) => new(amount, TimescaleUnit.Months);

    public override string ToString() => $"{Amount} {Unit}";
}
