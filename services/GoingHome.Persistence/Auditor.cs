using GoingHome.ServiceDefaults.Auth;

namespace GoingHome.Persistence;

/// <summary>
/// Audits every read and write of a child's record. Writes are added to the caller's unit of work, so the audit row
/// commits with the change or not at all; reads, and refused attempts, go to the batched <see cref="ReadAuditQueue"/>.
/// </summary>
public sealed class Auditor(CurrentUser user, TimeProvider clock, ReadAuditQueue reads) : IAccessRefusals
{
    public AuditEntity Write(string method, string? childId, string? requestId) =>
        Record(method, childId, requestId, AuditEntity.Write);

    public void Read(string method, string? childId) =>
        reads.Enqueue(Record(method, childId, null, AuditEntity.Read));

    /// <summary>A refused attempt: queued like a read, so it is written although the refused call writes nothing.</summary>
    public void Refused(string method, string? childId, string? requestId) =>
        reads.Enqueue(Record(method, childId, requestId, AuditEntity.Refused));

    /// <summary>A read that returned several children's records (a list page): one row for each child in it.</summary>
    public void Read(string method, IEnumerable<string> childIds)
    {
        foreach (var childId in childIds.Where(c => !string.IsNullOrEmpty(c)).Distinct(StringComparer.Ordinal))
        {
            Read(method, childId);
        }
    }

    private AuditEntity Record(string method, string? childId, string? requestId, string access) => new()
    {
        OccurredAt = clock.GetUtcNow(),
        UserId = user.Id,
        Role = user.PrimaryRole,
        Method = method,
        ChildId = childId,
        RequestId = string.IsNullOrEmpty(requestId) ? null : requestId,
        Access = access,
    };
}
