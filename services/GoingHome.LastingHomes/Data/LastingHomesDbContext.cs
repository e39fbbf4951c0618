using GoingHome.Persistence.Children;
using GoingHome.Messaging;
using GoingHome.Persistence;
using Microsoft.EntityFrameworkCore;

namespace GoingHome.LastingHomes.Data;

public sealed class LastingHomesDbContext(DbContextOptions<LastingHomesDbContext> options) : DbContext(options)
{
    public DbSet<LastingHomeEntity> LastingHomes => Set<LastingHomeEntity>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.AddPlatformTables().AddOutboxAndInbox();
        modelBuilder.AddChildLabelTable();
        modelBuilder.Entity<LastingHomeEntity>(h =>
        {
            h.ToTable("lasting_homes");
            h.Property(x => x.Version).IsConcurrencyToken();
            h.Property(x => x.ChildId).HasMaxLength(64);
            h.Property(x => x.Stage).HasStoredCodes(StoredEnums.LastingHomeStageCodes).HasMaxLength(40);
            h.Property(x => x.CarerType).HasStoredCodes(StoredEnums.CarerTypeCodes).HasMaxLength(20);
            h.Property(x => x.CarerName).HasMaxLength(200);
            h.Property(x => x.ResidentialExceptionEvidence).HasMaxLength(4000);
            h.Property(x => x.PrivateLawOrderConsidered).HasMaxLength(200);
            h.Property(x => x.IroId).HasMaxLength(200);
            h.Property(x => x.TeamId).HasMaxLength(100);
            h.Property(x => x.ChairId).HasMaxLength(200);
            h.Property(x => x.Strengths).HasMaxLength(4000);
            h.Property(x => x.Concerns).HasMaxLength(4000);
            h.Property(x => x.Recommendation).HasMaxLength(4000);
            h.Property(x => x.CelebrationWish).HasMaxLength(2000);
            h.Property(x => x.ApprovalRequestId).HasMaxLength(64);
            h.Property(x => x.VisitPlace).HasMaxLength(500);
            h.Property(x => x.ChildFileDocumentId).HasMaxLength(64);
            h.Property(x => x.CarersRecordBy).HasMaxLength(200);
            h.HasIndex(x => x.ChildId);
            h.HasIndex(x => new { x.TeamId, x.Stage, x.StageEnteredAt });
            h.HasMany(x => x.Preparation).WithOne().HasForeignKey(p => p.LastingHomeId);
            h.HasMany(x => x.Guides).WithOne().HasForeignKey(g => g.LastingHomeId);
        });
        modelBuilder.Entity<PreparationEntity>(p =>
        {
            p.ToTable("lasting_home_preparation");
            // Ids are made by the service, so a row added through its lasting home's collection is inserted, not updated.
            p.Property(x => x.Id).ValueGeneratedNever();
            p.Property(x => x.Item).HasStoredCodes(StoredEnums.PreparationItemCodes).HasMaxLength(40);
            p.Property(x => x.Subject).HasMaxLength(200);
            p.Property(x => x.Notes).HasMaxLength(2000);
            p.Property(x => x.RecordedBy).HasMaxLength(200);
        });
        modelBuilder.Entity<GuideEntity>(g =>
        {
            g.ToTable("lasting_home_guides");
            g.Property(x => x.Id).ValueGeneratedNever();
            g.Property(x => x.Guide).HasStoredCodes(StoredEnums.GuideCodes).HasMaxLength(30);
            g.Property(x => x.SharedWith).HasMaxLength(200);
        });
    }
}

/// <summary>Lets `dotnet ef migrations add` build the model without starting the service (it never connects).</summary>
public sealed class DesignTimeFactory : Microsoft.EntityFrameworkCore.Design.IDesignTimeDbContextFactory<LastingHomesDbContext>
{
    public LastingHomesDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<LastingHomesDbContext>()
            .UseNpgsql("Host=localhost;Database=lastinghomesdb", npgsql => npgsql.MigrationsHistoryTable("__ef_migrations_history"))
            .Options);
}
