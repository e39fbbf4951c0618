using System.Text.Json;
using System.Text.Json.Serialization;

namespace GoingHome.Time;

/// <summary>
/// The bank holidays of one division, read from the GOV.UK bank-holidays.json shape (Rule T-1).
/// Knows which years it covers, so a date outside them is refused rather than guessed.
/// </summary>
public sealed class BankHolidays
{
    public const string Division = "england-and-wales";

    private readonly HashSet<DateOnly> _dates;

    public BankHolidays(IEnumerable<DateOnly> dates, int firstYear, int lastYear)
    {
        if (lastYear < firstYear)
        {
            throw new ArgumentException($"The bank holiday calendar covers no years ({firstYear}-{lastYear}).");
        }

        _dates = dates.ToHashSet();
        FirstYear = firstYear;
        LastYear = lastYear;
    }

    public int FirstYear { get; }

    public int LastYear { get; }

    public bool Covers(DateOnly date) => date.Year >= FirstYear && date.Year <= LastYear;

    public bool IsBankHoliday(DateOnly date) => _dates.Contains(date);

    /// <summary>Parses GOV.UK's bank-holidays.json; the years covered are those that have any event.</summary>
    public static BankHolidays Parse(string json, string source)
    {
        Dictionary<string, GovUkDivision>? divisions;
        try
        {
            divisions = JsonSerializer.Deserialize<Dictionary<string, GovUkDivision>>(json);
        }
        catch (JsonException ex)
        {
            throw new InvalidOperationException($"Bank holiday file {source} is not valid JSON: {ex.Message}", ex);
        }

        if (divisions is null || !divisions.TryGetValue(Division, out var division) || division.Events is not { Count: > 0 } events)
        {
            throw new InvalidOperationException($"Bank holiday file {source} has no '{Division}' events.");
        }

        var dates = new List<DateOnly>(events.Count);
        foreach (var holiday in events)
        {
            if (!DateOnly.TryParseExact(holiday.Date, "yyyy-MM-dd", out var date))
            {
                throw new InvalidOperationException($"Bank holiday file {source}: '{holiday.Date}' is not a yyyy-MM-dd date.");
            }

            dates.Add(date);
        }

        return new BankHolidays(dates, dates.Min().Year, dates.Max().Year);
    }

    /// <summary>The England and Wales calendar shipped with the suite (2015-2030).</summary>
    public static BankHolidays Embedded()
    {
        using var stream = typeof(BankHolidays).Assembly.GetManifestResourceStream("GoingHome.bank-holidays.json")
            ?? throw new InvalidOperationException("The embedded bank holiday calendar is missing from the build.");
        using var reader = new StreamReader(stream);
        return Parse(reader.ReadToEnd(), "embedded bank-holidays.json");
    }

    private sealed record GovUkDivision(
        [property: JsonPropertyName("division")] string? Name,
        [property: JsonPropertyName("events")] List<GovUkEvent>? Events);

    private sealed record GovUkEvent(
        [property: JsonPropertyName("title")] string? Title,
        [property: JsonPropertyName("date")] string Date);
}
