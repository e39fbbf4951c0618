using GoingHome.ServiceDefaults.Errors;
using GoingHome.Time;

namespace GoingHome.Platform.Tests;

public sealed class WorkingDayCalendarTests
{
    private static readonly WorkingDayCalendar Calendar = new(BankHolidays.Embedded());

    private static DateOnly D(string iso) => DateOnly.Parse(iso, System.Globalization.CultureInfo.InvariantCulture);

    [Fact(DisplayName = "T-1: embedded calendar covers 2015 to 2030")]
    public void T1_embedded_calendar_covers_2015_to_2030()
    {
        Assert.Equal(2015, Calendar.Holidays.FirstYear);
        Assert.Equal(2030, Calendar.Holidays.LastYear);
    }

    [Theory(DisplayName = "T-1: bank holidays are not working days")]
    [InlineData("2022-09-19")] // State funeral of Queen Elizabeth II
    [InlineData("2023-05-08")] // Coronation of King Charles III
    [InlineData("2022-06-02")] // Spring bank holiday moved for the Platinum Jubilee
    [InlineData("2022-06-03")] // Platinum Jubilee
    [InlineData("2020-05-08")] // Early May moved to VE day
    [InlineData("2024-03-29")] // Good Friday
    [InlineData("2024-04-01")] // Easter Monday
    [InlineData("2021-12-27")] // Christmas on a Saturday: substitute Monday
    [InlineData("2021-12-28")] // Boxing Day substitute Tuesday
    [InlineData("2022-12-27")] // Christmas on a Sunday: substitute Tuesday
    [InlineData("2026-12-28")] // Boxing Day on a Saturday: substitute Monday
    public void T1_bank_holidays_are_not_working_days(string date) => Assert.False(Calendar.IsWorkingDay(D(date)));

    [Theory(DisplayName = "T-1: moved holidays leave their usual day a working day")]
    [InlineData("2020-05-04")] // The usual early May Monday was a working day in 2020
    [InlineData("2022-05-30")] // ...and the usual spring Monday in 2022
    [InlineData("2023-05-02")]
    public void T1_moved_holidays_leave_their_usual_day_a_working_day(string date) => Assert.True(Calendar.IsWorkingDay(D(date)));

    [Theory(DisplayName = "T-1: working days count from the anchor as day zero")]
    // Anchor is day 0; the Nth working day after it.
    [InlineData("2023-05-05", 1, "2023-05-09")] // Friday + 1 skips the weekend and the coronation Monday
    [InlineData("2022-09-16", 1, "2022-09-20")] // Friday + 1 skips the weekend and the state funeral
    [InlineData("2024-12-20", 3, "2024-12-27")] // Christmas: skips the weekend, 25 and 26
    [InlineData("2024-03-28", 1, "2024-04-02")] // Easter: skips Good Friday, weekend, Easter Monday
    [InlineData("2024-01-08", 0, "2024-01-08")]
    [InlineData("2024-01-06", 1, "2024-01-08")] // A Saturday anchor: next working day is Monday
    [InlineData("2024-04-02", -1, "2024-03-28")] // Counting back over Easter, for reminders before a deadline
    [InlineData("2023-05-09", -2, "2023-05-04")] // ...and over the coronation bank holiday
    public void T1_working_days_count_from_the_anchor_as_day_zero(string anchor, int days, string expected) =>
        Assert.Equal(D(expected), Calendar.AddWorkingDays(D(anchor), days));

    [Theory(DisplayName = "T-1: months keep the day or take the months last day")]
    [InlineData("2024-01-31", 1, "2024-02-29")] // Leap year: last day of a shorter month
    [InlineData("2023-01-31", 1, "2023-02-28")]
    [InlineData("2024-03-31", 6, "2024-09-30")]
    [InlineData("2024-05-15", 3, "2024-08-15")]
    public void T1_months_keep_the_day_or_take_the_months_last_day(string anchor, int months, string expected) =>
        Assert.Equal(D(expected), Calendar.DueDate(D(anchor), Timescale.Months(months)));

    [Fact(DisplayName = "T-1: calendar days and weeks")]
    public void T1_calendar_days_and_weeks()
    {
        Assert.Equal(D("2024-01-04"), Calendar.DueDate(D("2024-01-01"), Timescale.CalendarDays(3)));
        Assert.Equal(D("2024-01-29"), Calendar.DueDate(D("2024-01-01"), Timescale.Weeks(4)));
    }

    [Fact(DisplayName = "T-1: hours are added to the anchor instant")]
    public void T1_hours_are_added_to_the_anchor_instant()
    {
        var placementStart = new DateTimeOffset(2024, 3, 30, 22, 0, 0, TimeSpan.Zero);
        Assert.Equal(placementStart.AddHours(72), Calendar.Due(placementStart, Timescale.Hours(72)));
    }

    [Fact(DisplayName = "T-1: a date past the calendar is refused not guessed")]
    public void T1_a_date_past_the_calendar_is_refused_not_guessed()
    {
        var error = Assert.Throws<RuleViolationException>(() => Calendar.AddWorkingDays(D("2030-12-20"), 10));
        Assert.Equal("T-1", error.Violations.Single().RuleId);
        Assert.Throws<RuleViolationException>(() => Calendar.DueDate(D("2030-06-01"), Timescale.Months(12)));
    }

    [Fact(DisplayName = "T-2: due is the end of the day in London in summer and winter")]
    public void T2_due_is_the_end_of_the_day_in_London_in_summer_and_winter()
    {
        // British Summer Time: 23:59:59.999999 BST is 22:59:59.999999 UTC.
        var summer = WorkingDayCalendar.EndOfDay(D("2024-07-01"));
        Assert.Equal(new DateTimeOffset(2024, 7, 1, 23, 0, 0, TimeSpan.Zero).AddMicroseconds(-1), summer);
        var winter = WorkingDayCalendar.EndOfDay(D("2024-12-02"));
        Assert.Equal(new DateTimeOffset(2024, 12, 3, 0, 0, 0, TimeSpan.Zero).AddMicroseconds(-1), winter);
    }

    [Fact(DisplayName = "T-2: an anchor late in the evening UTC counts from its London date")]
    public void T2_an_anchor_late_in_the_evening_UTC_counts_from_its_London_date()
    {
        // 23:30 UTC on 30 June is 00:30 BST on 1 July: the anchor day is 1 July.
        var anchor = new DateTimeOffset(2024, 6, 30, 23, 30, 0, TimeSpan.Zero);
        Assert.Equal(WorkingDayCalendar.EndOfDay(D("2024-07-04")), Calendar.Due(anchor, Timescale.CalendarDays(3)));
    }

    [Fact(DisplayName = "T-2: reads the GOV UK shape as replacement data")]
    public void T2_reads_the_GOV_UK_shape_as_replacement_data()
    {
        const string json = """{"england-and-wales":{"division":"england-and-wales","events":[{"title":"A","date":"2040-01-02","notes":"","bunting":true}]}}""";
        var calendar = new WorkingDayCalendar(BankHolidays.Parse(json, "test"));
        Assert.False(calendar.IsWorkingDay(D("2040-01-02")));
        Assert.Equal(D("2040-01-03"), calendar.AddWorkingDays(D("2040-01-01"), 1));
    }

    [Fact(DisplayName = "T-2: a broken calendar file names itself")]
    public void T2_a_broken_calendar_file_names_itself()
    {
        var error = Assert.Throws<InvalidOperationException>(() => BankHolidays.Parse("{}", "/etc/goinghome/holidays.json"));
        Assert.Contains("/etc/goinghome/holidays.json", error.Message, StringComparison.Ordinal);
    }

    [Fact(DisplayName = "T-3: first review is 20 working days after entering care over Christmas")]
    public void T3_first_review_is_20_working_days_after_entering_care_over_Christmas()
    {
        // Entered care Friday 15 December 2023: 20 working days skip 25, 26 December, 1 January and weekends.
        Assert.Equal(D("2024-01-17"), Calendar.FirstReviewDue(D("2023-12-15")));
    }

    [Fact(DisplayName = "T-3: second review within 3 months of the first then every 6 months")]
    public void T3_second_review_within_3_months_of_the_first_then_every_6_months()
    {
        Assert.Equal(D("2024-04-16"), Calendar.NextReviewDue(D("2024-01-16"), previousReviewNumber: 1));
        Assert.Equal(D("2024-10-16"), Calendar.NextReviewDue(D("2024-04-16"), previousReviewNumber: 2));
        Assert.Equal(D("2025-04-16"), Calendar.NextReviewDue(D("2024-10-16"), previousReviewNumber: 3));
    }
}
