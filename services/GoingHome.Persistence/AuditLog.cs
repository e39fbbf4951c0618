using Microsoft.EntityFrameworkCore;

namespace GoingHome.Persistence;

/// <summary>
/// The service's audit log as a whole: sealing new rows into the hash chain (one sealer at a time across instances, by
/// an advisory lock), reading a child's records, and verifying the chain from its first row.
/// </summary>
public sealed class AuditLog<TDbContext>(TDbContext db, AuditChainKey key) where TDbContext : DbContext
{
    public const int SealBatch = 5000;
    private const long ChainLock = 0x61756469745f6c; // "audit_l"

    private DbSet<AuditEntity> Rows => db.Set<AuditEntity>();

    /// <summary>Seals up to <see cref="SealBatch"/> rows not yet in the chain, in the order they were written; returns how many.</summary>
    public async Task<int> SealAsync(CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock({ChainLock})", cancellationToken);
        var head = await Rows.Where(a => a.ChainPosition != null).OrderByDescending(a => a.ChainPosition)
            .Select(a => new { Position = a.ChainPosition!.Value, a.Hash }).FirstOrDefaultAsync(cancellationToken);
        var rows = await Rows.Where(a => a.ChainPosition == null).OrderBy(a => a.Id).Take(SealBatch).ToListAsync(cancellationToken);
        var (position, previous) = head is null ? (0L, AuditChain.Genesis) : (head.Position, head.Hash ?? AuditChain.Genesis);
        foreach (var row in rows)
        {
            position++;
            row.ChainPosition = position;
            row.Hash = AuditChain.Hash(key.Value, previous, position, row);
            previous = row.Hash;
        }

        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        db.ChangeTracker.Clear();
        return rows.Count;
    }

    /// <summary>A child's records in [from, to), oldest first.</summary>
    public IQueryable<AuditEntity> ForChild(string childId, DateTimeOffset? from, DateTimeOffset? to) => Matching(childId, "", from, to);

    /// <summary>Records about a child, or by a person, or both (an empty string matches anyone), in [from, to), oldest first.</summary>
    public IQueryable<AuditEntity> Matching(string childId, string userId, DateTimeOffset? from, DateTimeOffset? to)
    {
        var rows = Rows.AsNoTracking();
        rows = childId.Length > 0 ? rows.Where(a => a.ChildId == childId) : rows;
        rows = userId.Length > 0 ? rows.Where(a => a.UserId == userId) : rows;
        rows = from is { } start ? rows.Where(a => a.OccurredAt >= start) : rows;
        rows = to is { } end ? rows.Where(a => a.OccurredAt < end) : rows;
        return rows.OrderBy(a => a.OccurredAt).ThenBy(a => a.Id);
    }

    /// <summary>Seals what is waiting, then walks the whole chain.</summary>
    public async Task<AuditChain.Verifier> VerifyAsync(CancellationToken cancellationToken)
    {
        int sealedNow;
        do
        {
            sealedNow = await SealAsync(cancellationToken);
        }
        while (sealedNow == SealBatch);

        var verifier = new AuditChain.Verifier(key.Value);
        await foreach (var row in Rows.AsNoTracking().Where(a => a.ChainPosition != null).OrderBy(a => a.ChainPosition).AsAsyncEnumerable().WithCancellation(cancellationToken))
        {
            verifier.Add(row);
        }

        return verifier;
    }
}
