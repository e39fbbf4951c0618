using GoingHome.Persistence.Children;
using GoingHome.Messaging;
using GoingHome.Persistence;
using Microsoft.EntityFrameworkCore;

namespace GoingHome.Approvals.Data;

public sealed class ApprovalsDbContext(DbContextOptions<ApprovalsDbContext> options) : DbContext(options)
{
    public DbSet<ApprovalRequestEntity> Requests => Set<ApprovalRequestEntity>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.AddPlatformTables().AddOutboxAndInbox();
        modelBuilder.AddChildLabelTable();
        modelBuilder.Entity<ApprovalRequestEntity>(request =>
        {
            request.ToTable("approval_requests");
            request.Property(r => r.Version).IsConcurrencyToken();
            request.Property(r => r.ChildId).HasMaxLength(64);
            request.Property(r => r.Action).HasMaxLength(100);
            request.Property(r => r.Subject).HasMaxLength(200);
            request.Property(r => r.Summary).HasMaxLength(2000);
            request.Property(r => r.State).HasStoredCodes(StoredEnums.ApprovalStateCodes).HasMaxLength(20);
            request.Property(r => r.RequesterId).HasMaxLength(200);
            request.Property(r => r.RequesterRole).HasMaxLength(50);
            request.Property(r => r.Policy).HasMaxLength(100);
            request.Property(r => r.TeamId).HasMaxLength(100);
            request.Property(r => r.CurrentRole).HasMaxLength(50);
            request.Property(r => r.WithdrawReason).HasMaxLength(2000);
            request.Ignore(r => r.CurrentStep);
            request.HasIndex(r => new { r.ChildId, r.Action, r.Subject, r.CreatedAt });
            request.HasIndex(r => new { r.State, r.CurrentRole, r.CurrentDueAt });
            request.HasMany(r => r.Steps).WithOne().HasForeignKey(s => s.RequestId);
        });
        modelBuilder.Entity<ApprovalStepEntity>(step =>
        {
            step.ToTable("approval_steps");
            step.HasKey(s => new { s.RequestId, s.Index });
            step.Property(s => s.RuleId).HasMaxLength(20);
            step.Property(s => s.Title).HasMaxLength(200);
            step.Property(s => s.RequiredRole).HasMaxLength(50);
            step.Property(s => s.Reason).HasMaxLength(1000);
            step.Property(s => s.State).HasStoredCodes(StoredEnums.StepStateCodes).HasMaxLength(20);
            step.Property(s => s.Decision).HasStoredCodes(StoredEnums.DecisionCodes).HasMaxLength(20);
            step.Property(s => s.DeadlineUnit).HasStoredCodes(StoredEnums.TimescaleUnitCodes).HasMaxLength(20);
            step.Property(s => s.RemindBeforeUnit).HasStoredCodes(StoredEnums.TimescaleUnitCodes).HasMaxLength(20);
            step.Property(s => s.NotifyRoles).HasMaxLength(200);
            step.Property(s => s.DeciderId).HasMaxLength(200);
            step.Property(s => s.DeciderName).HasMaxLength(200);
            step.Property(s => s.DeciderRole).HasMaxLength(50);
            step.Property(s => s.Rationale).HasMaxLength(4000);
        });
    }
}

/// <summary>Lets `dotnet ef migrations add` build the model without starting the service (it never connects).</summary>
public sealed class DesignTimeFactory : Microsoft.EntityFrameworkCore.Design.IDesignTimeDbContextFactory<ApprovalsDbContext>
{
    public ApprovalsDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<ApprovalsDbContext>()
            .UseNpgsql("Host=localhost;Database=approvalsdb", npgsql => npgsql.MigrationsHistoryTable("__ef_migrations_history"))
            .Options);
}
