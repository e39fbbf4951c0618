using GoingHome.Persistence.Children;
using GoingHome.Messaging;
using GoingHome.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace GoingHome.Assessment.Data;

public sealed class AssessmentDbContext(DbContextOptions<AssessmentDbContext> options) : DbContext(options)
{
    public DbSet<AssessmentEntity> Assessments => Set<AssessmentEntity>();

    public DbSet<RiskClassificationEntity> RiskClassifications => Set<RiskClassificationEntity>();

    public DbSet<ChecklistEntity> Checklists => Set<ChecklistEntity>();

    public DbSet<DbsCheckEntity> DbsChecks => Set<DbsCheckEntity>();

    public DbSet<HouseholdConfirmationEntity> HouseholdConfirmations => Set<HouseholdConfirmationEntity>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.AddPlatformTables().AddOutboxAndInbox();
        modelBuilder.AddChildLabelTable();
        modelBuilder.Entity<AssessmentEntity>(a =>
        {
            a.ToTable("assessments");
            a.Property(x => x.Version).IsConcurrencyToken();
            a.Property(x => x.Kind).HasStoredCodes(StoredEnums.AssessmentKindCodes).HasMaxLength(40);
            a.Property(x => x.State).HasStoredCodes(StoredEnums.AssessmentStateCodes).HasMaxLength(20);
            a.HasIndex(x => new { x.ChildId, x.Kind, x.State });
            a.HasIndex(x => new { x.TeamId, x.State, x.DueOn });
            a.HasIndex(x => new { x.AuthorId, x.State, x.DueOn });
        });
        modelBuilder.Entity<RiskClassificationEntity>(r =>
        {
            r.ToTable("risk_classifications");
            r.Property(x => x.Version).IsConcurrencyToken();
            r.Property(x => x.RiskFactors).HasStoredCodes(StoredEnums.RiskFactorsCodes).HasMaxLength(30);
            r.Property(x => x.ProtectiveFactors).HasStoredCodes(StoredEnums.ProtectiveFactorsCodes).HasMaxLength(30);
            r.Property(x => x.CapacityToChange).HasStoredCodes(StoredEnums.CapacityToChangeCodes).HasMaxLength(30);
            r.Property(x => x.Wishes).HasStoredCodes(StoredEnums.WishesCodes).HasMaxLength(30);
            r.Property(x => x.ComputedBand).HasStoredCodes(StoredEnums.RiskBandCodes).HasMaxLength(20);
            r.Property(x => x.OverrideBand).HasStoredCodes(StoredEnums.RiskBandCodes).HasMaxLength(20);
            r.Ignore(x => x.Band);
            r.HasIndex(x => new { x.ChildId, x.CreatedAt });
        });
        modelBuilder.Entity<ChecklistEntity>(c =>
        {
            c.ToTable("checklists");
            c.Property(x => x.Version).IsConcurrencyToken();
            c.Property(x => x.State).HasStoredCodes(StoredEnums.ChecklistStateCodes).HasMaxLength(20);
            c.Property(x => x.LeavingCareStatus).HasStoredCodes(StoredEnums.LeavingCareStatusCodes).HasMaxLength(30);
            c.HasIndex(x => new { x.ChildId, x.CreatedAt });
            c.HasIndex(x => new { x.TeamId, x.State });
            c.HasMany(x => x.Items).WithOne().HasForeignKey(i => i.ChecklistId);
        });
        modelBuilder.Entity<ChecklistItemEntity>(i =>
        {
            i.ToTable("checklist_items");
            i.HasKey(x => new { x.ChecklistId, x.Key });
            i.Property(x => x.State).HasStoredCodes(StoredEnums.ItemStateCodes).HasMaxLength(20);
        });
        modelBuilder.Entity<DbsCheckEntity>(d =>
        {
            d.ToTable("dbs_checks");
            d.Property(x => x.State).HasStoredCodes(StoredEnums.DbsStateCodes).HasMaxLength(20);
            d.Property(x => x.Sequence).UseIdentityByDefaultColumn();
            d.HasIndex(x => new { x.ChildId, x.NetworkMemberId, x.Sequence });
        });
        modelBuilder.Entity<HouseholdConfirmationEntity>(h =>
        {
            h.ToTable("household_confirmations");
            h.Property(x => x.ChildId).HasMaxLength(64);
            h.Property(x => x.ConfirmedBy).HasMaxLength(200);
            h.Property(x => x.Sequence).UseIdentityByDefaultColumn();
            h.HasIndex(x => new { x.ChildId, x.Sequence });
        });
    }
}

/// <summary>Lets `dotnet ef migrations add` build the model without starting the service (it never connects).</summary>
public sealed class DesignTimeFactory : IDesignTimeDbContextFactory<AssessmentDbContext>
{
    public AssessmentDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<AssessmentDbContext>()
            .UseNpgsql("Host=localhost;Database=assessmentdb", npgsql => npgsql.MigrationsHistoryTable("__ef_migrations_history"))
            .Options);
}
