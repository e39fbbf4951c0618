using GoingHome.Persistence.Restrictions;
using GoingHome.ServiceDefaults.Auth;

namespace GoingHome.Persistence;

/// <summary>
/// Audits every read and write of a child's record, and keeps restricted records from those not named. Writes are added to the caller's unit of work, so the audit row
/// commits with the change or not at all; reads, and refused attempts, go to the batched <see cref="ReadAuditQueue"/>.
/// </summary>
public sealed class Auditor(CurrentUser user, TimeProvider clock, ReadAuditQueue reads, RecordRestrictions restrictions) : IAccessRefusals
{
    /// <summary>The audit row of a write; refused (NOT_FOUND, nothing committed) if the child's record is restricted from the caller.</summary>
    public AuditEntity Write(string method, string? childId, string? requestId)
    {
        restrictions.Require(user, childId);
        return Record(method, childId, requestId, AuditEntity.Write);
    }

    /// <summary>NOT_FOUND (as if absent) when the child's record is restricted from the caller.</summary>
    public void RequireVisible(string? childId) => restrictions.Require(user, childId);

    /// <summary>Audits a read of one child's record; refused (NOT_FOUND) if it is restricted from the caller.</summary>
    public void Read(string method, string? childId)
    {
        restrictions.Require(user, childId);
        reads.Enqueue(Record(method, childId, null, AuditEntity.Read));
    }

    /// <summary>A refused attempt: queued like a read, so it is written although the refused call writes nothing.</summary>
    public void Refused(string method, string? childId, string? requestId) =>
        reads.Enqueue(Record(method, childId, requestId, AuditEntity.Refused));

    /// <summary>
    /// Rule ACC-4: a child's data pushed to someone outside a call (a webhook delivery): recorded under the recipient,
    /// queued like a read.
    /// </summary>
    public void Pushed(string method, string childId, string recipientId, string recipientRole) => reads.Enqueue(new AuditEntity
    {
        OccurredAt = clock.GetUtcNow(),
        UserId = recipientId,
        Role = recipientRole,
        Method = method,
        ChildId = childId,
        Access = AuditEntity.Pushed,
    });

    public void RefusedToken(string method, string claimedUserId) => reads.Enqueue(new AuditEntity
    {
        OccurredAt = clock.GetUtcNow(),
        UserId = claimedUserId,
        Role = AuditEntity.InvalidToken,
        Method = method,
        Access = AuditEntity.Refused,
    });

    /// <summary>
    /// A read of several children's records (a list page): the records of children restricted from the caller are left
    /// out, as if they did not exist (the page comes back shorter), and one read row is written for each child shown.
    /// </summary>
    public List<T> ReadPage<T>(string method, IEnumerable<T> records, Func<T, string?> childOf)
    {
        var shown = records.Where(record => !restrictions.Hides(user, childOf(record))).ToList();
        foreach (var childId in shown.Select(childOf).Where(c => !string.IsNullOrEmpty(c)).Distinct(StringComparer.Ordinal))
        {
            reads.Enqueue(Record(method, childId, null, AuditEntity.Read));
        }

        return shown;
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
