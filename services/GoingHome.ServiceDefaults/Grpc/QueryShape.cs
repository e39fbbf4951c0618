using System.Globalization;
using GoingHome.ServiceDefaults.Errors;
using Google.Protobuf;
using Google.Protobuf.Reflection;
using Google.Protobuf.WellKnownTypes;
using Microsoft.AspNetCore.Http;

namespace GoingHome.ServiceDefaults.Grpc;

/// <summary>
/// Checks a JSON route's query string against the request message it fills (google.api.http: each parameter is a
/// field path, <c>page_size</c> or <c>pageSize</c>, dotted into nested messages). A parameter the message does not
/// have is refused rather than dropped, as in a JSON body (ACC-5); a value that is not of the field's type is named
/// with the type, where JSON transcoding alone answers 400 without the error model.
/// </summary>
public static class QueryShape
{
    public static FieldViolation? Check(IQueryCollection query, MessageDescriptor input)
    {
        foreach (var (key, values) in query)
        {
            var field = Resolve(input, key);
            if (field is null)
            {
                return new FieldViolation(key, $"is not a parameter of {input.FullName}");
            }

            if (!field.IsRepeated && values.Count > 1)
            {
                return new FieldViolation(key, "is given more than once");
            }

            if (values.FirstOrDefault(value => !Reads(field, value ?? "")) is not null)
            {
                return new FieldViolation(key, $"must be {Expected(field)}");
            }
        }

        return null;
    }

    private static FieldDescriptor? Resolve(MessageDescriptor message, string path)
    {
        FieldDescriptor? field = null;
        foreach (var segment in path.Split('.'))
        {
            if (field is not null && (field.FieldType != FieldType.Message || field.IsRepeated || IsWellKnown(field.MessageType)))
            {
                return null;
            }

            var within = field?.MessageType ?? message;
            field = within.Fields.InDeclarationOrder().FirstOrDefault(f => f.JsonName == segment || f.Name == segment);
            if (field is null)
            {
                return null;
            }
        }

        return field is { FieldType: FieldType.Message } && !IsWellKnown(field.MessageType) ? null : field;
    }

    private static bool IsWellKnown(MessageDescriptor message) => message.File.Package == "google.protobuf";

    private static bool Reads(FieldDescriptor field, string value) => field.FieldType switch
    {
        FieldType.String => true,
        FieldType.Bool => bool.TryParse(value, out _),
        FieldType.Int32 or FieldType.SInt32 or FieldType.SFixed32 => int.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _),
        FieldType.Int64 or FieldType.SInt64 or FieldType.SFixed64 => long.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _),
        FieldType.UInt32 or FieldType.Fixed32 => uint.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out _),
        FieldType.UInt64 or FieldType.Fixed64 => ulong.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out _),
        // As JSON transcoding reads them (Convert.ToDouble): NaN and Infinity included, out of range not.
        FieldType.Double => double.TryParse(value, NumberStyles.Float | NumberStyles.AllowThousands, CultureInfo.InvariantCulture, out var d) && !(double.IsInfinity(d) && !value.Contains("Infinity", StringComparison.Ordinal)),
        FieldType.Float => float.TryParse(value, NumberStyles.Float | NumberStyles.AllowThousands, CultureInfo.InvariantCulture, out var f) && !(float.IsInfinity(f) && !value.Contains("Infinity", StringComparison.Ordinal)),
        FieldType.Enum => field.EnumType.FindValueByName(value) is not null || int.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _),
        FieldType.Bytes => Convert.TryFromBase64String(value, new byte[value.Length], out _),
        _ => ReadsWellKnown(field.MessageType, value),
    };

    /// <summary>
    /// Timestamps, durations and wrappers take their JSON form, and the protobuf parser decides. A field mask is the
    /// paths as the method names them (<c>update_mask=given_name,family_name</c>, as transcoding passes it on): the
    /// method itself says which paths it takes.
    /// </summary>
    private static bool ReadsWellKnown(MessageDescriptor type, string value)
    {
        if (type.FullName == FieldMask.Descriptor.FullName)
        {
            return true;
        }

        try
        {
            var json = type.Fields.InDeclarationOrder() is [{ FieldType: not FieldType.String and not FieldType.Bytes }] && type.FullName.EndsWith("Value", StringComparison.Ordinal)
                ? value
                : "\"" + System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping.Encode(value) + "\"";
            JsonParser.Default.Parse(json, type);
            return true;
        }
        catch (Exception ex) when (ex is InvalidProtocolBufferException or InvalidJsonException or FormatException)
        {
            return false;
        }
    }

    private static string Expected(FieldDescriptor field) => field.FieldType switch
    {
        FieldType.Bool => "true or false",
        FieldType.Double or FieldType.Float => "a number",
        FieldType.Enum => $"one of {string.Join(", ", field.EnumType.Values.Select(v => v.Name))}",
        FieldType.Bytes => "base64",
        FieldType.Message => $"a {field.MessageType.Name} in its JSON form",
        _ => "a whole number in range",
    };
}
