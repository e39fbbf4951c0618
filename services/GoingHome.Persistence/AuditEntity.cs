namespace GoingHome.Persistence;

/// <summary>One append-only audit row: who, in which role, did what, to which child, when, under which request.</summary>
public sealed class AuditEntity
{
    public long Id { get; set; }

    public DateTimeOffset OccurredAt { get; set; }

    public required string UserId { get; set; }

    public required string Role { get; set; }

    public required string Method { get; set; }

    public string? ChildId { get; set; }

    public string? RequestId { get; set; }

    public required string Access { get; set; }

    /// <summary>The row's place in the service's hash chain, given when it is sealed (null until then).</summary>
    public long? ChainPosition { get; set; }

    /// <summary>SHA-256 over the previous row's hash and this row's content (see <see cref="AuditChain"/>).</summary>
    public byte[]? Hash { get; set; }

    public const string Read = "read";
    public const string Write = "write";
    public const string Refused = "refused";

    public const string Pushed = "pushed";

    /// <summary>The role of a refused row whose user is only what a token that did not validate claimed.</summary>
    public const string InvalidToken = "invalid-token";
}

/// <summary>The first answer to a request_id, so a retried write returns it again instead of writing twice.</summary>
public sealed class IdempotencyEntity
{
    public required string Method { get; set; }

    public required string RequestId { get; set; }

    public required string UserId { get; set; }

    public required byte[] Response { get; set; }

    /// <summary>SHA-256 of the request that was answered (null on rows kept before requests were fingerprinted).</summary>
    public byte[]? RequestHash { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
}
