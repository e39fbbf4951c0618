using System.Globalization;

namespace GoingHome.ServiceDefaults.Grpc;

public static class ProtoEnums
{
    /// <summary>
    /// Reads a protobuf enum value by its name as people write it in filters and policy files, with or without the
    /// type's prefix (SECTION_20 or LEGAL_STATUS_SECTION_20). The zero (UNSPECIFIED) value and unknown names are refused.
    /// </summary>
    public static bool TryParse<TEnum>(string name, out TEnum value)
        where TEnum : struct, Enum
    {
        var compact = name.Replace("_", "", StringComparison.Ordinal).ToUpperInvariant();
        var prefix = typeof(TEnum).Name.ToUpperInvariant();
        if (compact.StartsWith(prefix, StringComparison.Ordinal))
        {
            compact = compact[prefix.Length..];
        }

        return Enum.TryParse(compact, ignoreCase: true, out value)
            && Enum.IsDefined(value)
            && Convert.ToInt32(value, CultureInfo.InvariantCulture) != 0;
    }
}
