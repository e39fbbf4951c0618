using GoingHome.ServiceDefaults.Errors;
using GoingHome.ServiceDefaults.Grpc;

namespace GoingHome.Notifications.Domain;

/// <summary>
/// Opaque cursors over a sequence numbered in commit order (notifications, the integration event feed): "after this
/// number" misses nothing and repeats nothing. Each sequence has its own scope, so one's cursor is refused by the other.
/// </summary>
public sealed class StreamCursor(string scope)
{
    public static readonly StreamCursor Notifications = new("notifications.stream");

    public static readonly StreamCursor Feed = new("integration-events");

    public string Encode(long sequence) => PageTokens.Encode(sequence, scope);

    public long? Decode(Violations v, string cursor, string field = "cursor") => PageTokens.DecodeKey(v, cursor, scope, field);
}
