using GoingHome.Persistence.Children;
using GoingHome.Messaging;
using GoingHome.Persistence;
using Microsoft.EntityFrameworkCore;

namespace GoingHome.Pathway.Data;

public sealed class PathwayDbContext(DbContextOptions<PathwayDbContext> options) : DbContext(options)
{
    public DbSet<PathwayEntity> Pathways => Set<PathwayEntity>();

    public DbSet<PathwayTaskEntity> Tasks => Set<PathwayTaskEntity>();

    public DbSet<PathwayRecordEntity> Records => Set<PathwayRecordEntity>();

    public DbSet<Section20ReturnEntity> Section20Returns => Set<Section20ReturnEntity>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.AddPlatformTables().AddOutboxAndInbox();
        modelBuilder.AddChildLabelTable();
        modelBuilder.Entity<PathwayEntity>(p =>
        {
            p.ToTable("pathways");
            p.Property(x => x.Version).IsConcurrencyToken();
            p.Property(x => x.ChildId).HasMaxLength(64);
            p.Property(x => x.EpisodeId).HasMaxLength(64);
            p.Property(x => x.TeamId).HasMaxLength(100);
            p.Property(x => x.Stage).HasStoredCodes(StoredEnums.StageCodes).HasMaxLength(30);
            p.Property(x => x.SocialWorkerId).HasMaxLength(200);
            p.Property(x => x.TeamManagerId).HasMaxLength(200);
            p.Property(x => x.ReviewingOfficerId).HasMaxLength(200);
            p.Property(x => x.SupervisingSocialWorkerId).HasMaxLength(200);
            p.HasIndex(x => new { x.ChildId, x.EpisodeId }).IsUnique();
            p.HasIndex(x => new { x.ChildId, x.CreatedAt });
        });
        modelBuilder.Entity<PathwayTaskEntity>(t =>
        {
            t.ToTable("pathway_tasks");
            t.Property(x => x.ChildId).HasMaxLength(64);
            t.Property(x => x.TemplateKey).HasMaxLength(100);
            t.Property(x => x.RuleId).HasMaxLength(20);
            t.Property(x => x.Title).HasMaxLength(300);
            t.Property(x => x.OwnerRole).HasMaxLength(50);
            t.Property(x => x.OwnerId).HasMaxLength(200);
            t.Property(x => x.TeamId).HasMaxLength(100);
            t.Property(x => x.Status).HasStoredCodes(StoredEnums.TaskStatusCodes).HasMaxLength(20);
            t.Property(x => x.Stage).HasStoredCodes(StoredEnums.StageCodes).HasMaxLength(30);
            t.Property(x => x.Outcome).HasMaxLength(2000);
            t.Property(x => x.NotNeededReason).HasMaxLength(2000);
            t.Property(x => x.ClosedBy).HasMaxLength(200);
            t.Property(x => x.EscalateTo).HasMaxLength(50);
            t.HasIndex(x => new { x.Status, x.DueAt });
            // "My tasks" in due order: a page is read off the index, whatever state is asked for.
            t.HasIndex(x => new { x.OwnerId, x.DueAt, x.Id });
            t.HasIndex(x => new { x.ChildId, x.DueAt });
            t.HasIndex(x => new { x.PathwayId, x.TemplateKey });
        });
        modelBuilder.Entity<PathwayRecordEntity>(r =>
        {
            r.ToTable("pathway_records");
            r.Property(x => x.ChildId).HasMaxLength(64);
            r.Property(x => x.Kind).HasStoredCodes(StoredEnums.RecordKindCodes).HasMaxLength(40);
            r.Property(x => x.Stage).HasStoredCodes(StoredEnums.StageCodes).HasMaxLength(30);
            r.Property(x => x.Subject).HasMaxLength(200);
            r.Property(x => x.Status).HasMaxLength(100);
            r.Property(x => x.Outcome).HasMaxLength(4000);
            r.Property(x => x.Notes).HasMaxLength(4000);
            r.Property(x => x.RecordedBy).HasMaxLength(200);
            r.HasIndex(x => new { x.PathwayId, x.Kind });
        });
        modelBuilder.Entity<Section20ReturnEntity>(s =>
        {
            s.ToTable("section20_returns");
            s.Property(x => x.Version).IsConcurrencyToken();
            s.Property(x => x.ChildId).HasMaxLength(64);
            s.Property(x => x.Trigger).HasStoredCodes(StoredEnums.Section20TriggerCodes).HasMaxLength(40);
            s.Property(x => x.State).HasStoredCodes(StoredEnums.Section20StateCodes).HasMaxLength(30);
            s.Property(x => x.RaisedBy).HasMaxLength(200);
            s.Property(x => x.ChildViews).HasMaxLength(4000);
            s.Property(x => x.AssessmentForm).HasMaxLength(100);
            s.Property(x => x.AssessmentReason).HasMaxLength(1000);
            s.Property(x => x.ApprovalRequestId).HasMaxLength(64);
            s.Property(x => x.DecisionReason).HasMaxLength(4000);
            s.HasIndex(x => x.ChildId);
        });
    }
}

/// <summary>Lets `dotnet ef migrations add` build the model without starting the service (it never connects).</summary>
public sealed class DesignTimeFactory : Microsoft.EntityFrameworkCore.Design.IDesignTimeDbContextFactory<PathwayDbContext>
{
    public PathwayDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<PathwayDbContext>()
            .UseNpgsql("Host=localhost;Database=pathwaydb", npgsql => npgsql.MigrationsHistoryTable("__ef_migrations_history"))
            .Options);
}
