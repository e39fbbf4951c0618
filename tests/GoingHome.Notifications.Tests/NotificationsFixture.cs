using GoingHome.Case.V1;
using GoingHome.Notifications.Data;
using GoingHome.Notifications.V1;
using GoingHome.Testing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;

namespace GoingHome.Notifications.Tests;

/// <summary>Notifications in-process on real PostgreSQL and Redis, reading the child's network from a fake Case over gRPC.</summary>
public class NotificationsFixture() : GrpcServiceFixture<Program, NotificationsDbContext>("notificationsdb")
{
    public NotificationsService.NotificationsServiceClient Client(string userId, params string[] roles) => new(Invoker(userId, roles));

    /// <summary>A child in Case with an allocated SW and TM (and IRO unless told otherwise) and the given network.</summary>
    public string AddChild(bool withIro = true, params NetworkMember[] network)
    {
        var id = Case.AddChild(Today, 10, LegalStatus.Section20, 40, "north", network);
        var child = Case.Children[id];
        child.SourceSystem = "lcs";
        child.Allocations.Add(new Allocation { Role = WorkerRole.TeamManager, WorkerId = "tm-1", TeamId = "north" });
        if (withIro)
        {
            child.Allocations.Add(new Allocation { Role = WorkerRole.IndependentReviewingOfficer, WorkerId = "iro-1", TeamId = "north" });
        }

        return id;
    }

    /// <summary>Every notification stored about a child, oldest first.</summary>
    public Task<List<NotificationEntity>> StoredAsync(string childId) =>
        WithDbAsync(db => db.Notifications.AsNoTracking().Where(n => n.ChildId == childId).OrderBy(n => n.Sequence).ToListAsync());

    /// <summary>Waits (for the consumer, not for time) until the child has at least <paramref name="count"/> notifications.</summary>
    public async Task<List<NotificationEntity>> WaitForAsync(string childId, int count)
    {
        List<NotificationEntity> stored = [];
        await LocalProcess.WaitUntilAsync(async () => (stored = await StoredAsync(childId)).Count >= count, TimeSpan.FromSeconds(60),
            $"{count} notifications about {childId}");
        return stored;
    }

    protected override void AddSettings(IWebHostBuilder builder)
    {
        builder.UseSetting("Messaging:MaxPollDelay", "00:00:00.200");
        // ACC-3: the children here are kept by "lcs"; these integrators keep them, mosaic-hooks keeps another source's.
        foreach (var (client, source) in new[] { ("lcs-hooks", "lcs"), ("lcs-cleared", "lcs"), ("mosaic-hooks", "mosaic") })
        {
            builder.UseSetting($"Integrators:{client}:SourceSystems:0", source);
        }

        builder.UseSetting("Messaging:ClaimIdleTime", "00:00:01");
        builder.UseSetting("Notifications:Webhooks:PollInterval", "00:00:00.100");
    }

}

[CollectionDefinition(Name)]
public sealed class NotificationsCollection : ICollectionFixture<NotificationsFixture>
{
    public const string Name = "notifications";
}
