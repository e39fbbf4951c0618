using GoingHome.Case.Domain;
using GoingHome.Messaging;
using GoingHome.Persistence;
using Microsoft.EntityFrameworkCore;

namespace GoingHome.Case.Data;

public sealed class CaseDbContext(DbContextOptions<CaseDbContext> options) : DbContext(options)
{
    public DbSet<ChildEntity> Children => Set<ChildEntity>();

    public DbSet<CareEpisodeEntity> Episodes => Set<CareEpisodeEntity>();

    public DbSet<NetworkMemberEntity> NetworkMembers => Set<NetworkMemberEntity>();

    public DbSet<AllocationEntity> Allocations => Set<AllocationEntity>();

    public DbSet<CaseNoteEntity> CaseNotes => Set<CaseNoteEntity>();

    public DbSet<DocumentEntity> Documents => Set<DocumentEntity>();

    public DbSet<ChronologyEntity> Chronology => Set<ChronologyEntity>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.AddPlatformTables().AddOutboxAndInbox();

        modelBuilder.Entity<ChildEntity>(child =>
        {
            child.ToTable("children");
            child.Property(c => c.Version).IsConcurrencyToken();
            child.Property(c => c.GivenName).HasMaxLength(CaseRules.MaxNameLength);
            child.Property(c => c.FamilyName).HasMaxLength(CaseRules.MaxNameLength);
            child.Property(c => c.Ethnicity).HasMaxLength(100);
            child.Property(c => c.LocalId).HasMaxLength(100);
            child.Property(c => c.NhsNumber).HasMaxLength(10);
            child.Property(c => c.Gender).HasStoredCodes(StoredEnums.GenderCodes).HasMaxLength(30);
            child.HasIndex(c => c.LocalId).IsUnique();
            child.Property(c => c.SourceSystem).HasMaxLength(50);
            child.Property(c => c.SourceId).HasMaxLength(100);
            child.Property(c => c.Upn).HasMaxLength(13);
            child.Property(c => c.Sex).HasMaxLength(1);
            child.Property(c => c.Uasc).HasMaxLength(1);
            child.Property(c => c.Mother).HasMaxLength(1);
            // A child is kept in step with at most one record per system of record.
            child.HasIndex(c => new { c.SourceSystem, c.SourceId }).IsUnique().HasFilter("\"SourceSystem\" IS NOT NULL");
            // The default order of ListChildren, with the id that breaks ties: a page is read off the index, not sorted.
            child.HasIndex(c => new { c.FamilyName, c.GivenName, c.Id });
            child.Ignore(c => c.OpenEpisode);
            child.HasMany(c => c.Episodes).WithOne().HasForeignKey(e => e.ChildId);
            child.HasMany(c => c.Network).WithOne().HasForeignKey(n => n.ChildId);
            child.HasMany(c => c.Allocations).WithOne().HasForeignKey(a => a.ChildId);
        });
        modelBuilder.Entity<CareEpisodeEntity>(episode =>
        {
            episode.ToTable("care_episodes");
            episode.Property(e => e.LegalStatus).HasStoredCodes(StoredEnums.LegalStatusCodes).HasMaxLength(40);
            episode.Property(e => e.EndReason).HasStoredCodes(StoredEnums.EpisodeEndReasonCodes).HasMaxLength(40);
            episode.Property(e => e.EndNote).HasMaxLength(CaseRules.MaxTextLength);
            episode.Property(e => e.Ls).HasMaxLength(2);
            episode.Property(e => e.Cin).HasMaxLength(2);
            episode.Property(e => e.Rec).HasMaxLength(3);
            // At most one open episode per child, whatever races the application misses.
            episode.HasIndex(e => e.ChildId).IsUnique().HasFilter("\"EndDate\" IS NULL").HasDatabaseName("ix_one_open_episode");
            // A child's episodes, read with the child on every GetChild (was a sequential scan of every episode).
            episode.HasIndex(e => new { e.ChildId, e.StartDate });
            episode.HasMany(e => e.Placements).WithOne().HasForeignKey(p => p.EpisodeId);
        });
        modelBuilder.Entity<PlacementEntity>(placement =>
        {
            placement.ToTable("placements");
            placement.Property(p => p.CarerType).HasStoredCodes(StoredEnums.CarerTypeCodes).HasMaxLength(30);
            placement.Property(p => p.CarerName).HasMaxLength(200);
            placement.Property(p => p.Rne).HasMaxLength(1);
            placement.Property(p => p.Pl).HasMaxLength(2);
            placement.Property(p => p.Cin).HasMaxLength(2);
            placement.Property(p => p.PlPost).HasMaxLength(8);
            placement.Property(p => p.HomePost).HasMaxLength(8);
            placement.Property(p => p.Urn).HasMaxLength(8);
            placement.Property(p => p.PlaceProvider).HasMaxLength(3);
            placement.Property(p => p.ReasonPlaceChange).HasMaxLength(6);
        });
        modelBuilder.Entity<NetworkMemberEntity>(member =>
        {
            member.ToTable("network_members");
            member.Property(m => m.Relationship).HasStoredCodes(StoredEnums.RelationshipCodes).HasMaxLength(40);
            member.Property(m => m.Name).HasMaxLength(CaseRules.MaxNameLength);
            member.Property(m => m.Organisation).HasMaxLength(200);
            member.Property(m => m.Email).HasMaxLength(254);
            member.Property(m => m.Phone).HasMaxLength(30);
            member.Property(m => m.PersonId).HasMaxLength(200);
        });
        modelBuilder.Entity<AllocationEntity>(allocation =>
        {
            allocation.ToTable("allocations");
            allocation.Property(a => a.Role).HasStoredCodes(StoredEnums.WorkerRoleCodes).HasMaxLength(40);
            allocation.Property(a => a.WorkerId).HasMaxLength(200);
            allocation.Property(a => a.WorkerName).HasMaxLength(200);
            allocation.Property(a => a.TeamId).HasMaxLength(100);
            allocation.HasIndex(a => new { a.TeamId, a.EndedAt });
            allocation.HasIndex(a => new { a.WorkerId, a.EndedAt });
        });
        modelBuilder.Entity<CaseNoteEntity>(note =>
        {
            note.ToTable("case_notes");
            note.Property(n => n.Type).HasStoredCodes(StoredEnums.CaseNoteTypeCodes).HasMaxLength(40);
            note.Property(n => n.Subject).HasMaxLength(200);
            note.Property(n => n.Body).HasMaxLength(CaseRules.MaxNoteLength);
            note.Property(n => n.AuthorId).HasMaxLength(200);
            note.Property(n => n.AuthorName).HasMaxLength(200);
            note.Property(n => n.AuthorRole).HasMaxLength(50);
            note.HasIndex(n => new { n.ChildId, n.CreatedAt });
        });
        modelBuilder.Entity<DocumentEntity>(document =>
        {
            document.ToTable("documents");
            document.Property(d => d.Kind).HasStoredCodes(StoredEnums.DocumentKindCodes).HasMaxLength(40);
            document.Property(d => d.Title).HasMaxLength(300);
            document.Property(d => d.Uri).HasMaxLength(CaseRules.MaxTextLength);
            document.Property(d => d.ContentType).HasMaxLength(100);
            document.Property(d => d.AuthorId).HasMaxLength(200);
            document.HasIndex(d => new { d.ChildId, d.CreatedAt });
        });
        modelBuilder.Entity<ChronologyEntity>(entry =>
        {
            entry.ToTable("chronology");
            entry.Property(c => c.Category).HasMaxLength(100);
            entry.Property(c => c.Summary).HasMaxLength(CaseRules.MaxTextLength);
            entry.Property(c => c.AuthorId).HasMaxLength(200);
            entry.HasIndex(c => new { c.ChildId, c.OccurredOn });
        });
    }
}
