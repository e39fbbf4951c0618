using System.Globalization;
using System.Reflection;
using GoingHome.Events.V1;
using GoingHome.Notifications.V1;
using GoingHome.Time;
using Google.Protobuf;
using Google.Protobuf.Reflection;
using Google.Protobuf.WellKnownTypes;

namespace GoingHome.Notifications.Domain;

/// <summary>
/// The event types the suite raises: every message of the goinghome.events.v1 contracts (found by reflection, so a new
/// events file needs no change here) and this service's own <see cref="DeadlineNotice"/>.
/// </summary>
public static class EventTypes
{
    public static readonly IReadOnlyDictionary<string, MessageDescriptor> Known = Discover();

    public static readonly TypeRegistry Registry = TypeRegistry.FromMessages(Known.Values);

    private static Dictionary<string, MessageDescriptor> Discover()
    {
        var files = typeof(EventEnvelope).Assembly.GetTypes()
            .Where(t => t.Namespace == typeof(EventEnvelope).Namespace && t.Name.EndsWith("Reflection", StringComparison.Ordinal))
            .Select(t => (FileDescriptor)t.GetProperty("Descriptor", BindingFlags.Public | BindingFlags.Static)!.GetValue(null)!);
        return files.SelectMany(f => f.MessageTypes)
            .Where(m => m.FullName != EventEnvelope.Descriptor.FullName)
            .Append(DeadlineNotice.Descriptor)
            .ToDictionary(m => m.FullName, StringComparer.Ordinal);
    }
}

/// <summary>Reads an event's fields by their proto names, as text: enums by value name, dates as yyyy-MM-dd.</summary>
public static class EventFields
{
    public static IReadOnlyList<string> Values(IMessage message, string fieldName)
    {
        var field = message.Descriptor.FindFieldByName(fieldName);
        if (field is null)
        {
            return [];
        }

        var value = field.Accessor.GetValue(message);
        if (field.IsRepeated)
        {
            return ((System.Collections.IEnumerable)value).Cast<object>().Select(v => Format(field, v)).Where(v => v.Length > 0).ToList();
        }

        var text = Format(field, value);
        return text.Length > 0 ? [text] : [];
    }

    public static string Single(IMessage message, string fieldName) => Values(message, fieldName) is [var first, ..] ? first : "";

    private static string Format(FieldDescriptor field, object? value) => value switch
    {
        null => "",
        string s => s,
        bool b => b ? "yes" : "no",
        Timestamp t => WorkingDayCalendar.LondonDate(t.ToDateTimeOffset()).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)
            + " " + TimeZoneInfo.ConvertTime(t.ToDateTimeOffset(), WorkingDayCalendar.London).ToString("HH:mm", CultureInfo.InvariantCulture),
        Google.Type.Date d => $"{d.Year:D4}-{d.Month:D2}-{d.Day:D2}",
        IMessage m => m.ToString() ?? "",
        _ when field.FieldType == FieldType.Enum => field.EnumType.FindValueByNumber(Convert.ToInt32(value, CultureInfo.InvariantCulture))?.Name ?? value.ToString()!,
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };
}
