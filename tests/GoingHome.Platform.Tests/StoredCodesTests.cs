using GoingHome.Persistence;

namespace GoingHome.Platform.Tests;

public sealed class StoredCodesTests
{
    [Fact]
    public void A_table_needs_a_code_for_every_value_and_refuses_a_code_it_does_not_know()
    {
        var missing = Assert.Throws<InvalidOperationException>(() => new StoredCodes<DayOfWeek>((DayOfWeek.Monday, "mon")));
        Assert.Contains("Tuesday", missing.Message, StringComparison.Ordinal);

        var codes = new StoredCodes<ConsoleModifiers>((ConsoleModifiers.None, "none"), (ConsoleModifiers.Alt, "alt"), (ConsoleModifiers.Shift, "shift"), (ConsoleModifiers.Control, "ctrl"));
        Assert.Equal("ctrl", codes.CodeOf(ConsoleModifiers.Control));
        Assert.Equal(ConsoleModifiers.Shift, codes.ValueOf("shift"));
        Assert.Throws<InvalidOperationException>(() => codes.ValueOf("Shift"));
        Assert.Equal("ctrl", codes.Converter.ConvertToProvider(ConsoleModifiers.Control));
    }
}
