using GoingHome.Time;

namespace GoingHome.Notifications.Domain;

/// <summary>When a task's notices fall due (NT-4): all three are instants; null where there is no such notice.</summary>
public sealed record DeadlineTimes(DateTimeOffset? RemindAt, DateTimeOffset OverdueAt, DateTimeOffset? EscalateAt);

public static class DeadlinePlan
{
    /// <summary>
    /// The reminder at 09:00 (London) on the working day <paramref name="leadWorkingDays"/> before the due date, unless
    /// that is not before the due time; the overdue notice at the due time; the escalation, when the task names an
    /// escalation role, the given number of working days after the due time (at the same time of day).
    /// </summary>
    public static DeadlineTimes Plan(WorkingDayCalendar calendar, DateTimeOffset due, int leadWorkingDays, string escalateToRole, int escalateAfterWorkingDays)
    {
        var dueDate = WorkingDayCalendar.LondonDate(due);
        DateTimeOffset? remind = leadWorkingDays > 0 ? WorkingDayCalendar.MorningOf(calendar.AddWorkingDays(dueDate, -leadWorkingDays)) : null;
        if (remind >= due)
        {
            remind = null;
        }

        DateTimeOffset? escalate = null;
        if (!string.IsNullOrEmpty(escalateToRole))
        {
            var timeOfDay = TimeZoneInfo.ConvertTime(due, WorkingDayCalendar.London).TimeOfDay;
            var date = calendar.AddWorkingDays(dueDate, Math.Max(0, escalateAfterWorkingDays));
            var local = date.ToDateTime(TimeOnly.FromTimeSpan(timeOfDay));
            escalate = new DateTimeOffset(local, WorkingDayCalendar.London.GetUtcOffset(local));
        }

        return new DeadlineTimes(remind, due, escalate);
    }
}
