using GoingHome.Persistence.Children;

namespace GoingHome.Platform.Tests;

public sealed class ChildLabelAgeTests
{
    [Theory(DisplayName = "A listed child's age is whole years on the day, as a birthday counts it")]
    [InlineData("2017-12-02", "2026-12-02", 9)]
    [InlineData("2017-12-03", "2026-12-02", 8)]
    [InlineData("2016-02-29", "2026-02-28", 9)]
    [InlineData("2016-02-29", "2026-03-01", 10)]
    [InlineData("2026-11-30", "2026-12-02", 0)]
    public void Age_counts_birthdays(string born, string today, int age) =>
        Assert.Equal(age, new ChildLabel("Amara Okafor", DateOnly.Parse(born, System.Globalization.CultureInfo.InvariantCulture)).AgeOn(DateOnly.Parse(today, System.Globalization.CultureInfo.InvariantCulture)));
}
