using System.Globalization;
using System.Text;
using GoingHome.Audit.V1;

namespace GoingHome.Case.Features;

/// <summary>Access records as CSV (RFC 4180) for a subject access request, safe to open in a spreadsheet.</summary>
public static class AccessCsv
{
    private static readonly string[] Header = ["time", "service", "user_id", "role", "access", "method", "child_id", "request_id", "chain_position"];

    public static string Write(IEnumerable<AccessRecord> records)
    {
        var csv = new StringBuilder();
        csv.AppendJoin(',', Header).Append("\r\n");
        foreach (var r in records)
        {
            string[] fields =
            [
                r.Time.ToDateTimeOffset().ToString("yyyy-MM-ddTHH:mm:ss.ffffffZ", CultureInfo.InvariantCulture), r.Service, r.UserId, r.Role,
                r.Access.ToString().ToLowerInvariant(), r.Method, r.ChildId, r.RequestId, r.ChainPosition.ToString(CultureInfo.InvariantCulture),
            ];
            csv.AppendJoin(',', fields.Select(Field)).Append("\r\n");
        }

        return csv.ToString();
    }

    /// <summary>
    /// Quoted where it must be; and a value a spreadsheet would run as a formula (=, +, -, @ first) is written as text,
    /// since user ids and request ids come from callers.
    /// </summary>
    private static string Field(string value)
    {
        if (value.Length > 0 && value[0] is '=' or '+' or '-' or '@' or '\t' or '\r')
        {
            value = "'" + value;
        }

        return value.IndexOfAny([',', '"', '\r', '\n']) >= 0 ? $"\"{value.Replace("\"", "\"\"", StringComparison.Ordinal)}\"" : value;
    }
}
