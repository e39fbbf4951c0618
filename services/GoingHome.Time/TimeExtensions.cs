using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace GoingHome.Time;

public static class TimeExtensions
{
    /// <summary>Today's date in Europe/London by <paramref name="clock"/>: the day every UK timescale counts from.</summary>
    public static DateOnly LondonToday(this TimeProvider clock) => WorkingDayCalendar.LondonDate(clock.GetUtcNow());

    /// <summary>
    /// The clock (Rule T-4) and the working-day calendar. <c>Calendar:BankHolidaysPath</c> replaces the shipped
    /// bank holidays with a file in the GOV.UK shape (Rule T-1).
    /// </summary>
    public static IHostApplicationBuilder AddWorkingDayCalendar(this IHostApplicationBuilder builder)
    {
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.TryAddSingleton(_ =>
        {
            var path = builder.Configuration["Calendar:BankHolidaysPath"];
            var holidays = string.IsNullOrWhiteSpace(path)
                ? BankHolidays.Embedded()
                : BankHolidays.Parse(File.ReadAllText(path), path);
            return new WorkingDayCalendar(holidays);
        });
        return builder;
    }
}
