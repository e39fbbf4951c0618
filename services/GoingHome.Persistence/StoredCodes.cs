using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace GoingHome.Persistence;

/// <summary>
/// The string stored for each value of an enum, written out rather than taken from the value's name: a proto enum
/// value can be renamed safely on the wire, and the rows already stored must still read. Every value needs a code and
/// no two share one, checked when the table is built (so at start-up); a stored code with no value is an error, never
/// a silent default.
/// </summary>
public sealed class StoredCodes<TEnum>
    where TEnum : struct, Enum
{
    private readonly Dictionary<TEnum, string> _codes;
    private readonly Dictionary<string, TEnum> _values;

    public StoredCodes(params (TEnum Value, string Code)[] codes)
    {
        _codes = codes.ToDictionary(c => c.Value, c => c.Code);
        _values = codes.ToDictionary(c => c.Code, c => c.Value, StringComparer.Ordinal);
        var missing = Enum.GetValues<TEnum>().Where(v => !_codes.ContainsKey(v)).ToList();
        if (missing.Count > 0 || codes.Any(c => string.IsNullOrWhiteSpace(c.Code)))
        {
            throw new InvalidOperationException($"{typeof(TEnum).Name} has no stored code for {string.Join(", ", missing)}.");
        }

        Converter = new StoredCodesConverter<TEnum>(this);
    }

    public IReadOnlyDictionary<TEnum, string> Codes => _codes;

    public ValueConverter<TEnum, string> Converter { get; }

    public string CodeOf(TEnum value) =>
        _codes.TryGetValue(value, out var code) ? code : throw new InvalidOperationException($"{value} is not a {typeof(TEnum).Name} that can be stored.");

    public TEnum ValueOf(string code) =>
        _values.TryGetValue(code, out var value) ? value : throw new InvalidOperationException($"'{code}' is not a stored {typeof(TEnum).Name}.");
}

/// <summary>The EF Core converter of a <see cref="StoredCodes{TEnum}"/> table (a test finds every enum column uses one).</summary>
public sealed class StoredCodesConverter<TEnum>(StoredCodes<TEnum> codes)
    : ValueConverter<TEnum, string>(value => codes.CodeOf(value), code => codes.ValueOf(code))
    where TEnum : struct, Enum
{
    public StoredCodes<TEnum> Table => codes;
}

public static class StoredCodesExtensions
{
    public static PropertyBuilder<TEnum> HasStoredCodes<TEnum>(this PropertyBuilder<TEnum> property, StoredCodes<TEnum> codes)
        where TEnum : struct, Enum => property.HasConversion(codes.Converter);

    public static PropertyBuilder<TEnum?> HasStoredCodes<TEnum>(this PropertyBuilder<TEnum?> property, StoredCodes<TEnum> codes)
        where TEnum : struct, Enum => property.HasConversion(codes.Converter);
}
