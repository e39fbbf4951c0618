using Google.Protobuf;
using Google.Protobuf.Reflection;

namespace GoingHome.ServiceDefaults.Grpc;

/// <summary>A text field of any request, by its contract name (child_id, request_id), when the message has one.</summary>
public static class MessageText
{
    public static string? Field(IMessage message, string name) =>
        message.Descriptor.FindFieldByName(name) is { FieldType: FieldType.String, IsRepeated: false } field
            && field.Accessor.GetValue(message) is string { Length: > 0 } value ? value : null;
}
