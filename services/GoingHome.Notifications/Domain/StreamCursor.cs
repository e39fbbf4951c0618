using GoingHome.ServiceDefaults.Errors;
using GoingHome.ServiceDefaults.Grpc;

namespace GoingHome.Notifications.Domain;

/// <summary>
/// Opaque stream cursors: the sequence number of the last notification a client received, as a page token of the
/// stream. Notifications are numbered in commit order, so "after this number" misses nothing and repeats nothing.
/// </summary>
public static class StreamCursor
{
    private const string Scope = "notifications.stream";

    public static string Encode(long sequence) => PageTokens.Encode(sequence, Scope);

    public static long? Decode(Violations v, string cursor) => PageTokens.DecodeKey(v, cursor, Scope, "cursor");
}
