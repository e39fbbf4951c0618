using GoingHome.Events.V1;
using GoingHome.Messaging;
using GoingHome.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace GoingHome.Platform.Tests;

/// <summary>The effect a consumer applies: one row per application, so a duplicate shows as a second row.</summary>
public sealed class AppliedEffect
{
    public long Id { get; set; }

    public required string EventId { get; set; }

    public required string Subject { get; set; }
}

public sealed class MessagingTestDbContext(DbContextOptions<MessagingTestDbContext> options) : DbContext(options)
{
    public DbSet<AppliedEffect> Effects => Set<AppliedEffect>();

    protected override void OnModelCreating(ModelBuilder modelBuilder) =>
        modelBuilder.AddPlatformTables().AddOutboxAndInbox().Entity<AppliedEffect>().ToTable("applied_effects");
}

/// <summary>Applies ChildCreated events as effects; a subject starting with "poison" always fails.</summary>
public sealed class RecordingHandler(MessagingTestDbContext db) : IEventHandler<ChildCreated>
{
    public Task HandleAsync(ChildCreated payload, EventEnvelope envelope, CancellationToken cancellationToken)
    {
        if (payload.ChildId.StartsWith("poison", StringComparison.Ordinal))
        {
            throw new InvalidOperationException("cannot apply a poison event");
        }

        db.Effects.Add(new AppliedEffect { EventId = envelope.Id, Subject = payload.ChildId });
        return Task.CompletedTask;
    }
}

/// <summary>A host with the outbox relay and, optionally, a consumer, on real PostgreSQL and Redis.</summary>
public static class MessagingHost
{
    public const string Group = "test-consumer";

    public static async Task<IHost> StartAsync(string connectionString, string redis, string topic, bool consume = true, Action<Dictionary<string, string?>>? configure = null)
    {
        var settings = new Dictionary<string, string?>
        {
            ["ConnectionStrings:redis"] = redis,
            ["Messaging:RelayPollInterval"] = "00:00:00.100",
            ["Messaging:MinPollDelay"] = "00:00:00.010",
            ["Messaging:MaxPollDelay"] = "00:00:00.200",
            ["Messaging:ClaimIdleTime"] = "00:00:00.500",
            ["Messaging:MaxDeliveries"] = "3",
        };
        configure?.Invoke(settings);
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.AddGoingHomeMessaging<MessagingTestDbContext>("test");
        builder.Services.AddDbContext<MessagingTestDbContext>((sp, o) => o.UseNpgsql(connectionString).AddOutboxInterceptors(sp));
        if (consume)
        {
            builder.Services.AddEventHandler<MessagingTestDbContext, ChildCreated, RecordingHandler>(topic, Group);
        }

        var host = builder.Build();
        await using (var scope = host.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<MessagingTestDbContext>().Database.EnsureCreatedAsync();
        }

        await host.StartAsync();
        return host;
    }

    /// <summary>Commits one change with its event, the way a service does.</summary>
    public static async Task PublishAsync(IHost host, string topic, string subject, bool commit = true)
    {
        await using var scope = host.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<MessagingTestDbContext>();
        await using var transaction = await db.Database.BeginTransactionAsync();
        scope.ServiceProvider.GetRequiredService<EventOutbox<MessagingTestDbContext>>()
            .Add(topic, new ChildCreated { ChildId = subject }, subject, $"req-{subject}", "tester");
        await db.SaveChangesAsync();
        if (commit)
        {
            await transaction.CommitAsync();
        }
    }

    public static async Task<List<AppliedEffect>> EffectsAsync(IHost host)
    {
        await using var scope = host.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<MessagingTestDbContext>().Effects.AsNoTracking().ToListAsync();
    }

    public static async Task<List<AppliedEffect>> WaitForEffectsAsync(IHost host, int count, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(60));
        while (true)
        {
            var effects = await EffectsAsync(host);
            if (effects.Count >= count || DateTime.UtcNow > deadline)
            {
                return effects;
            }

            await Task.Delay(50);
        }
    }
}
