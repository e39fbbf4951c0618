using GoingHome.Messaging;
using GoingHome.Notifications.Data;
using GoingHome.Notifications.Domain;
using GoingHome.Notifications.Features;
using GoingHome.Notifications.V1;
using GoingHome.ServiceDefaults.Grpc;
using Microsoft.EntityFrameworkCore;
using StackExchange.Redis;

namespace GoingHome.Notifications.Jobs;

/// <summary>
/// NT-4: sends each tracked task's reminder, overdue notice and escalation when its time comes, once each. Runs on
/// the injected clock, under a Redis lock so two instances never send the same notice; a notice's source id names the
/// task, the notice and the due time, so even a lost lock cannot store it twice.
/// </summary>
public sealed class DeadlineScanner(
    IServiceScopeFactory scopes, IConnectionMultiplexer redis, TimeProvider clock, NotificationsOptions options, ILogger<DeadlineScanner> logger)
    : ScheduledScan(clock, logger)
{
    private const int Batch = 500;

    protected override TimeSpan Interval => options.DeadlineScanInterval;

    public override async Task<int?> ScanOnceAsync(CancellationToken cancellationToken)
    {
        await using var lease = await RedisLock.TryAcquireAsync(redis, "notifications.deadlines", TimeSpan.FromMinutes(2));
        if (lease is null)
        {
            return null;
        }

        await using var scope = scopes.CreateAsyncScope();
        var services = scope.ServiceProvider;
        var db = services.GetRequiredService<NotificationsDbContext>();
        var routing = services.GetRequiredService<RoutingTable>();
        var directory = services.GetRequiredService<RecipientDirectory>();
        var writer = services.GetRequiredService<NotificationWriter>();
        var now = Clock.GetUtcNow();

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var tasks = await services.GetRequiredService<DeadlineTracker>().Due(now).Take(Batch).ToListAsync(cancellationToken);
        var sent = 0;
        foreach (var task in tasks)
        {
            foreach (var kind in NoticesDue(task, now))
            {
                var notice = new DeadlineNotice
                {
                    TaskId = task.TaskId, ChildId = task.ChildId, RuleId = task.RuleId, Title = task.Title, Notice = kind,
                    DueTime = task.DueAt.ToProto(), OwnerId = task.OwnerId, OwnerRole = task.OwnerRole,
                    EscalateToRole = task.EscalateToRole, TeamId = task.TeamId,
                };
                var child = NotificationRouter.NeedsCase(routing, notice) ? await directory.GetAsync(task.ChildId, cancellationToken) : null;
                var sourceId = $"task:{task.TaskId}:{kind}:{task.DueAt.ToUnixTimeSeconds()}";
                await writer.WriteAsync(notice, sourceId, task.ChildId, now, NotificationRouter.Plan(routing, notice, task.ChildId, child), cancellationToken);
                sent++;
            }
        }

        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return sent;
    }

    /// <summary>Marks and returns the notices due now. A reminder overtaken by the due time is not sent: the overdue notice says more.</summary>
    private static List<DeadlineNoticeKind> NoticesDue(TrackedTaskEntity task, DateTimeOffset now)
    {
        var due = new List<DeadlineNoticeKind>();
        if (task.DueAt <= now && task.OverdueSentAt is null)
        {
            task.OverdueSentAt = now;
            task.ReminderSentAt ??= now;
            due.Add(DeadlineNoticeKind.Overdue);
        }
        else if (task.RemindAt <= now && task.ReminderSentAt is null)
        {
            task.ReminderSentAt = now;
            due.Add(DeadlineNoticeKind.Reminder);
        }

        if (task.EscalateAt <= now && task.EscalatedAt is null)
        {
            task.EscalatedAt = now;
            due.Add(DeadlineNoticeKind.Escalation);
        }

        return due;
    }
}
