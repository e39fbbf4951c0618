using GoingHome.Persistence.Restrictions;
using Microsoft.EntityFrameworkCore;

namespace GoingHome.Persistence;

public static class PlatformModel
{
    /// <summary>Maps the audit log, idempotency and restricted records tables every service database carries.</summary>
    public static ModelBuilder AddPlatformTables(this ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<AuditEntity>(audit =>
        {
            audit.ToTable("audit_log");
            audit.HasKey(a => a.Id);
            audit.Property(a => a.Id).ValueGeneratedOnAdd();
            audit.Property(a => a.UserId).HasMaxLength(200);
            audit.Property(a => a.Role).HasMaxLength(50);
            audit.Property(a => a.Method).HasMaxLength(200);
            audit.Property(a => a.ChildId).HasMaxLength(64);
            audit.Property(a => a.RequestId).HasMaxLength(200);
            audit.Property(a => a.Access).HasMaxLength(10);
            audit.HasIndex(a => new { a.ChildId, a.OccurredAt });
            audit.HasIndex(a => new { a.UserId, a.OccurredAt });
            audit.HasIndex(a => a.ChainPosition).IsUnique();
            // The sealer's work list: rows not yet in the chain, in the order they were written.
            audit.HasIndex(a => a.Id).HasFilter("\"ChainPosition\" IS NULL").HasDatabaseName("ix_audit_unsealed");
        });
        modelBuilder.Entity<IdempotencyEntity>(record =>
        {
            record.ToTable("idempotency_records");
            // A request_id is its caller's own: keyed with the caller, another person's use of the same string is another key.
            record.HasKey(r => new { r.Method, r.UserId, r.RequestId });
            record.Property(r => r.Method).HasMaxLength(200);
            record.Property(r => r.RequestId).HasMaxLength(200);
            record.Property(r => r.UserId).HasMaxLength(200);
        });
        modelBuilder.Entity<RecordRestrictionEntity>(restriction =>
        {
            restriction.ToTable("record_restrictions");
            restriction.HasKey(r => r.ChildId);
            restriction.Property(r => r.ChildId).HasMaxLength(64);
            restriction.Property(r => r.Reason).HasMaxLength(1000);
            restriction.Property(r => r.ChangedBy).HasMaxLength(200);
        });
        return modelBuilder;
    }
}
