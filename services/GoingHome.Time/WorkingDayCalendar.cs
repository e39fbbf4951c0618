using GoingHome.ServiceDefaults.Errors;

namespace GoingHome.Time;

/// <summary>
/// Deadline arithmetic for every service: timescales from an anchor, UK working days, end of day in Europe/London.
/// Pure: no clock, no I/O. "Now" never enters a deadline (Rule T-2).
/// </summary>
public sealed class WorkingDayCalendar(BankHolidays holidays)
{
    public static readonly TimeZoneInfo London = TimeZoneInfo.FindSystemTimeZoneById("Europe/London");

    public BankHolidays Holidays { get; } = holidays;

    // Rule T-1: Monday to Friday, except the bank holidays of England and Wales.
    public bool IsWorkingDay(DateOnly date)
    {
        EnsureCovered(date);
        return date.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday) && !Holidays.IsBankHoliday(date);
    }

    // Rule T-1: the anchor day is day 0; "N working days after" is the Nth working day after it. A negative N counts
    // back: "2 working days before" a deadline, for reminders.
    public DateOnly AddWorkingDays(DateOnly anchor, int workingDays)
    {
        var step = workingDays < 0 ? -1 : 1;
        var date = anchor;
        for (var counted = 0; counted < Math.Abs(workingDays);)
        {
            date = date.AddDays(step);
            if (IsWorkingDay(date))
            {
                counted++;
            }
        }

        return date;
    }

    /// <summary>The date a date-based timescale falls due (Rule T-1, T-2). Hours are instants: use <see cref="Due"/>.</summary>
    public DateOnly DueDate(DateOnly anchor, Timescale timescale)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(timescale.Amount);
        var due = timescale.Unit switch
        {
            TimescaleUnit.CalendarDays => anchor.AddDays(timescale.Amount),
            TimescaleUnit.WorkingDays => AddWorkingDays(anchor, timescale.Amount),
            TimescaleUnit.Weeks => anchor.AddDays(7 * timescale.Amount),
            // DateOnly.AddMonths clamps to the month's last day when it has no such day (Rule T-1).
            TimescaleUnit.Months => anchor.AddMonths(timescale.Amount),
            TimescaleUnit.Hours => throw new ArgumentException("An hours timescale is counted from an instant, not a date.", nameof(timescale)),
            _ => throw new ArgumentOutOfRangeException(nameof(timescale), timescale.Unit, "Unknown timescale unit."),
        };
        EnsureCovered(due);
        return due;
    }

    /// <summary>
    /// When a timescale counted from an anchor instant falls due: hours are added to the instant; every other unit
    /// is due at the end of the resulting day in Europe/London (Rule T-2).
    /// </summary>
    public DateTimeOffset Due(DateTimeOffset anchor, Timescale timescale)
    {
        if (timescale.Unit == TimescaleUnit.Hours)
        {
            ArgumentOutOfRangeException.ThrowIfNegative(timescale.Amount);
            var due = anchor.AddHours(timescale.Amount);
            EnsureCovered(LondonDate(due));
            return due;
        }

        return EndOfDay(DueDate(LondonDate(anchor), timescale));
    }

    /// <summary>
    /// The last instant of a day in Europe/London (Rule T-2), across clock changes: one microsecond before midnight,
    /// the finest time PostgreSQL keeps, so a stored deadline reads back exactly as computed.
    /// </summary>
    public static DateTimeOffset EndOfDay(DateOnly date)
    {
        var nextMidnightLocal = date.AddDays(1).ToDateTime(TimeOnly.MinValue, DateTimeKind.Unspecified);
        var utc = TimeZoneInfo.ConvertTimeToUtc(nextMidnightLocal, London);
        return new DateTimeOffset(utc, TimeSpan.Zero).AddMicroseconds(-1);
    }

    /// <summary>09:00 in Europe/London on a day: when a reminder for that day goes out.</summary>
    public static DateTimeOffset MorningOf(DateOnly date) =>
        new(TimeZoneInfo.ConvertTimeToUtc(date.ToDateTime(new TimeOnly(9, 0), DateTimeKind.Unspecified), London), TimeSpan.Zero);

    public static DateOnly LondonDate(DateTimeOffset instant) =>
        DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(instant, London).DateTime);

    // Rule T-3 (reg. 33): first review within 20 working days of becoming looked after.
    public DateOnly FirstReviewDue(DateOnly becameLookedAfter) => DueDate(becameLookedAfter, Timescale.WorkingDays(20));

    // Rule T-3: the second review within 3 months of the first; each later one within 6 months of the one before.
    public DateOnly NextReviewDue(DateOnly previousReviewHeld, int previousReviewNumber)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(previousReviewNumber, 1);
        return DueDate(previousReviewHeld, Timescale.Months(previousReviewNumber == 1 ? 3 : 6));
    }

    // Rule T-1: a date past the calendar's years is an error, never a silent guess.
    private void EnsureCovered(DateOnly date)
    {
        if (!Holidays.Covers(date))
        {
            throw new RuleViolationException(new RuleViolation(
                "T-1",
                date.ToString("yyyy-MM-dd"),
                $"The bank holiday calendar covers {Holidays.FirstYear}-{Holidays.LastYear}; {date:yyyy-MM-dd} is outside it."));
        }
    }
}
