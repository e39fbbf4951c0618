using GoingHome.Persistence.Children;
using GoingHome.Messaging;
using GoingHome.Persistence;
using Microsoft.EntityFrameworkCore;

namespace GoingHome.Notifications.Data;

public sealed class NotificationsDbContext(DbContextOptions<NotificationsDbContext> options) : DbContext(options)
{
    /// <summary>Postgres channel the stream hub listens on; NOTIFY is delivered only when the transaction commits.</summary>
    public const string Channel = "goinghome_notifications";

    // Any constant works: it only has to be the same for every writer of the notifications table.
    private const long SequenceLock = 0x6e6f746966;

    public DbSet<NotificationEntity> Notifications => Set<NotificationEntity>();

    public DbSet<NotificationReadEntity> Reads => Set<NotificationReadEntity>();

    public DbSet<TrackedTaskEntity> Tasks => Set<TrackedTaskEntity>();

    public DbSet<WebhookSubscriptionEntity> Subscriptions => Set<WebhookSubscriptionEntity>();

    public DbSet<WebhookDeliveryEntity> Deliveries => Set<WebhookDeliveryEntity>();

    public DbSet<FeedEventEntity> Feed => Set<FeedEventEntity>();

    /// <summary>
    /// New notifications and feed events take their sequence numbers in commit order: a writer queues on a transaction lock just before
    /// inserting them, until the previous writer commits, so a stream that has sent number n can never later find an
    /// n-1 committing behind it. Taken as late as possible, so the queue holds only inserts and commits.
    /// </summary>
    public override async Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        if (ChangeTracker.Entries<NotificationEntity>().Any(e => e.State == EntityState.Added)
            || ChangeTracker.Entries<FeedEventEntity>().Any(e => e.State == EntityState.Added))
        {
            await using var transaction = Database.CurrentTransaction is null ? await Database.BeginTransactionAsync(cancellationToken) : null;
            await Database.ExecuteSqlRawAsync($"SELECT pg_advisory_xact_lock({SequenceLock}); NOTIFY {Channel}", cancellationToken);
            var saved = await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
            if (transaction is not null)
            {
                await transaction.CommitAsync(cancellationToken);
            }

            return saved;
        }

        return await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
    }

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.AddPlatformTables().AddOutboxAndInbox();
        modelBuilder.AddChildLabelTable();
        modelBuilder.Entity<NotificationEntity>(n =>
        {
            n.ToTable("notifications");
            n.Property(x => x.Sequence).UseIdentityAlwaysColumn();
            n.HasIndex(x => x.Sequence).IsUnique();
            n.Property(x => x.RecipientKey).HasMaxLength(300);
            n.Property(x => x.ChildId).HasMaxLength(64);
            n.Property(x => x.Kind).HasMaxLength(100);
            n.Property(x => x.RuleId).HasMaxLength(20);
            n.Property(x => x.Title).HasMaxLength(500);
            n.Property(x => x.Body).HasMaxLength(4000);
            n.Property(x => x.SourceId).HasMaxLength(200);
            n.Property(x => x.SourceType).HasMaxLength(200);
            n.Property(x => x.TeamId).HasMaxLength(100);
            // NT-5: the same event never reaches the same inbox twice as the same kind of notice.
            n.HasIndex(x => new { x.SourceId, x.Kind, x.RecipientKey }).IsUnique();
            n.HasIndex(x => new { x.RecipientKey, x.Sequence });
            n.HasIndex(x => new { x.ChildId, x.Sequence });
        });
        modelBuilder.Entity<NotificationReadEntity>(r =>
        {
            r.ToTable("notification_reads");
            r.HasKey(x => new { x.NotificationId, x.ReaderId });
            r.Property(x => x.ReaderId).HasMaxLength(200);
        });
        modelBuilder.Entity<TrackedTaskEntity>(t =>
        {
            t.ToTable("tracked_tasks");
            t.HasKey(x => x.TaskId);
            t.Property(x => x.TaskId).HasMaxLength(200);
            t.Property(x => x.ChildId).HasMaxLength(64);
            t.Property(x => x.RuleId).HasMaxLength(20);
            t.Property(x => x.Title).HasMaxLength(500);
            t.Property(x => x.OwnerId).HasMaxLength(200);
            t.Property(x => x.OwnerRole).HasMaxLength(50);
            t.Property(x => x.TeamId).HasMaxLength(100);
            t.Property(x => x.EscalateToRole).HasMaxLength(50);
            t.Property(x => x.Outcome).HasMaxLength(50);
            t.HasIndex(x => new { x.ClosedAt, x.RemindAt });
            t.HasIndex(x => new { x.ClosedAt, x.DueAt });
            t.HasIndex(x => new { x.ClosedAt, x.EscalateAt });
        });
        modelBuilder.Entity<WebhookSubscriptionEntity>(s =>
        {
            s.ToTable("webhook_subscriptions");
            s.Property(x => x.Url).HasMaxLength(2000);
            s.Property(x => x.Secret).HasMaxLength(500);
            s.Property(x => x.Description).HasMaxLength(1000);
            s.Property(x => x.OwnerId).HasMaxLength(200);
            s.HasIndex(x => x.DeletedAt);
        });
        modelBuilder.Entity<FeedEventEntity>(f =>
        {
            f.ToTable("integration_events");
            f.HasKey(x => x.Sequence);
            f.Property(x => x.Sequence).UseIdentityAlwaysColumn();
            f.Property(x => x.EventId).HasMaxLength(200);
            f.Property(x => x.EventType).HasMaxLength(200);
            f.Property(x => x.ChildId).HasMaxLength(64);
            f.HasIndex(x => x.EventId);
            f.HasIndex(x => x.StoredAt);
            f.HasIndex(x => new { x.ChildId, x.Sequence });
        });
        modelBuilder.Entity<WebhookDeliveryEntity>(d =>
        {
            d.ToTable("webhook_deliveries");
            d.Property(x => x.EventId).HasMaxLength(200);
            d.Property(x => x.EventType).HasMaxLength(200);
            d.Property(x => x.ChildId).HasMaxLength(64);
            d.Property(x => x.Status).HasStoredCodes(StoredEnums.DeliveryStatusCodes).HasMaxLength(20);
            d.Property(x => x.LastError).HasMaxLength(1000);
            d.HasIndex(x => new { x.SubscriptionId, x.EventId }).IsUnique();
            d.HasIndex(x => new { x.Status, x.NextAttemptAt });
            d.HasIndex(x => new { x.SubscriptionId, x.CreatedAt });
        });
    }
}

/// <summary>Lets `dotnet ef migrations add` build the model without starting the service (it never connects).</summary>
public sealed class DesignTimeFactory : Microsoft.EntityFrameworkCore.Design.IDesignTimeDbContextFactory<NotificationsDbContext>
{
    public NotificationsDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<NotificationsDbContext>()
            .UseNpgsql("Host=localhost;Database=notificationsdb", npgsql => npgsql.MigrationsHistoryTable("__ef_migrations_history"))
            .Options);
}
