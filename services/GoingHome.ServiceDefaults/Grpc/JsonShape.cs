using System.Text.Json;
using GoingHome.ServiceDefaults.Errors;
using Google.Protobuf.Reflection;

namespace GoingHome.ServiceDefaults.Grpc;

/// <summary>
/// Checks a JSON request body against the protobuf message it becomes, by the proto3 JSON mapping, and names the
/// first field whose value has the wrong shape (for example <c>child.dateOfBirth</c>: an object was expected), or that
/// the message does not have (<c>child.familyNme</c>): the protobuf JSON mapping's default is to refuse unknown fields,
/// and a typo dropped without a word loses that part of the record (ACC-5).
/// </summary>
public static class JsonShape
{
    public static FieldViolation? Check(JsonElement value, FieldDescriptor? field, MessageDescriptor? message, string path)
    {
        if (value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (field is { IsMap: true })
        {
            return value.ValueKind != JsonValueKind.Object ? Wrong(path, "an object (a map)")
                : FirstOf(value.EnumerateObject().Select(p => CheckSingle(p.Value, field.MessageType.FindFieldByNumber(2), $"{path}.{p.Name}")));
        }

        if (field is { IsRepeated: true })
        {
            return value.ValueKind != JsonValueKind.Array ? Wrong(path, "an array")
                : FirstOf(value.EnumerateArray().Select((item, i) => CheckSingle(item, field, $"{path}[{i}]")));
        }

        return field is null ? CheckMessage(value, message!, path) : CheckSingle(value, field, path);
    }

    private static FieldViolation? CheckSingle(JsonElement value, FieldDescriptor field, string path) => value.ValueKind == JsonValueKind.Null ? null : field.FieldType switch
    {
        FieldType.String or FieldType.Bytes => value.ValueKind == JsonValueKind.String ? null : Wrong(path, "a string"),
        FieldType.Bool => value.ValueKind is JsonValueKind.True or JsonValueKind.False ? null : Wrong(path, "true or false"),
        FieldType.Double or FieldType.Float => value.ValueKind is JsonValueKind.Number or JsonValueKind.String ? null : Wrong(path, "a number"),
        FieldType.Enum => CheckEnum(value, field.EnumType, path),
        FieldType.Message or FieldType.Group => CheckMessage(value, field.MessageType, path),
        _ => value.ValueKind is JsonValueKind.Number ? (value.TryGetInt64(out _) || value.TryGetUInt64(out _) ? null : Wrong(path, "a whole number"))
            : value.ValueKind is JsonValueKind.String && long.TryParse(value.GetString(), out _) ? null : Wrong(path, "a whole number"),
    };

    private static FieldViolation? CheckEnum(JsonElement value, EnumDescriptor type, string path) => value.ValueKind switch
    {
        JsonValueKind.String when type.FindValueByName(value.GetString()!) is not null => null,
        JsonValueKind.Number when value.TryGetInt32(out _) => null,
        _ => new FieldViolation(path, $"must be one of {string.Join(", ", type.Values.Select(v => v.Name))}"),
    };

    private static FieldViolation? CheckMessage(JsonElement value, MessageDescriptor message, string path)
    {
        if (message.File.Package == "google.protobuf")
        {
            // Well-known types have JSON forms of their own (Timestamp "2026-01-01T00:00:00Z", wrappers as their
            // value, Struct as any object); their parser names the problem well enough.
            return null;
        }

        if (value.ValueKind != JsonValueKind.Object)
        {
            return Wrong(path, "an object");
        }

        return FirstOf(value.EnumerateObject().Select(property =>
        {
            var field = message.Fields.InDeclarationOrder().FirstOrDefault(f => f.JsonName == property.Name || f.Name == property.Name);
            return field is null
                ? new FieldViolation(Join(path, property.Name), $"is not a field of {message.FullName}")
                : Check(property.Value, field, null, Join(path, property.Name));
        }));
    }

    private static FieldViolation? FirstOf(IEnumerable<FieldViolation?> violations) => violations.FirstOrDefault(v => v is not null);

    private static string Join(string path, string name) => path.Length == 0 ? name : $"{path}.{name}";

    private static FieldViolation Wrong(string path, string expected) => new(path.Length == 0 ? "body" : path, $"must be {expected}");
}
