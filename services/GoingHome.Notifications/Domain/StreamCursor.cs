using System.Globalization;
using System.Text;
using GoingHome.ServiceDefaults.Errors;

namespace GoingHome.Notifications.Domain;

/// <summary>
/// Opaque stream cursors: the sequence number of the last notification a client received. Notifications are numbered
/// in commit order, so "after this number" misses nothing and repeats nothing.
/// </summary>
public static class StreamCursor
{
    private const string Prefix = "n1:";

    public static string Encode(long sequence) =>
        Convert.ToBase64String(Encoding.UTF8.GetBytes(Prefix + sequence.ToString(CultureInfo.InvariantCulture))).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    public static long? Decode(Violations v, string cursor)
    {
        if (string.IsNullOrEmpty(cursor))
        {
            return null;
        }

        try
        {
            var padded = cursor.Replace('-', '+').Replace('_', '/');
            padded = padded.PadRight(padded.Length + ((4 - (padded.Length % 4)) % 4), '=');
            var text = Encoding.UTF8.GetString(Convert.FromBase64String(padded));
            if (text.StartsWith(Prefix, StringComparison.Ordinal)
                && long.TryParse(text.AsSpan(Prefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out var sequence))
            {
                return sequence;
            }
        }
        catch (FormatException)
        {
            // Reported below with every other kind of bad cursor.
        }

        v.Add("cursor", "is not a cursor this service issued");
        return null;
    }
}
