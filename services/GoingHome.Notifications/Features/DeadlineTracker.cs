using GoingHome.Events.V1;
using GoingHome.Notifications.Data;
using GoingHome.Notifications.Domain;
using GoingHome.Time;

namespace GoingHome.Notifications.Features;

/// <summary>
/// NT-4: keeps the latest TaskDue of each task and when its notices fall due. A moved due date re-plans them (notices
/// already sent for the old date stay sent; the new date gets its own); a closed task cancels whatever is pending.
/// </summary>
public sealed class DeadlineTracker(NotificationsDbContext db, WorkingDayCalendar calendar, NotificationsOptions options)
{
    public async Task TrackAsync(TaskDue due, DateTimeOffset occurred, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(due.TaskId) || due.DueTime is null)
        {
            throw new Messaging.MalformedEventException("TaskDue needs task_id and due_time");
        }

        var task = await db.Tasks.FindAsync([due.TaskId], cancellationToken);
        if (task is not null && task.LastEventAt > occurred)
        {
            return;
        }

        if (task is null)
        {
            task = new TrackedTaskEntity { TaskId = due.TaskId };
            db.Tasks.Add(task);
        }

        var dueAt = due.DueTime.ToDateTimeOffset();
        var times = DeadlinePlan.Plan(calendar, dueAt, options.ReminderLeadWorkingDays, due.EscalateToRole, due.EscalateAfterWorkingDays);
        if (task.DueAt != dueAt)
        {
            task.ReminderSentAt = null;
            task.OverdueSentAt = null;
            task.EscalatedAt = null;
        }

        task.ChildId = due.ChildId;
        task.RuleId = due.RuleId;
        task.Title = due.Title;
        task.OwnerId = due.OwnerId;
        task.OwnerRole = due.OwnerRole;
        task.TeamId = due.TeamId;
        task.DueAt = dueAt;
        task.RemindAt = times.RemindAt;
        task.EscalateToRole = due.EscalateToRole;
        task.EscalateAt = times.EscalateAt;
        task.ClosedAt = null;
        task.Outcome = "";
        task.LastEventAt = occurred;
    }

    public async Task CloseAsync(TaskClosed closed, DateTimeOffset occurred, CancellationToken cancellationToken)
    {
        var task = await db.Tasks.FindAsync([closed.TaskId], cancellationToken);
        if (task is null)
        {
            // Closed before we heard it was due (events from different topics can cross): remember, so a late TaskDue
            // does not reopen it.
            db.Tasks.Add(new TrackedTaskEntity
            {
                TaskId = closed.TaskId, ChildId = closed.ChildId, ClosedAt = occurred, Outcome = closed.Outcome.ToString(), LastEventAt = occurred,
            });
            return;
        }

        if (task.LastEventAt > occurred)
        {
            return;
        }

        task.ClosedAt = occurred;
        task.Outcome = closed.Outcome.ToString();
        task.LastEventAt = occurred;
    }

    /// <summary>Tasks with a notice due now, oldest first.</summary>
    public IQueryable<TrackedTaskEntity> Due(DateTimeOffset now) => db.Tasks
        .Where(t => t.ClosedAt == null
            && ((t.RemindAt <= now && t.ReminderSentAt == null) || (t.DueAt <= now && t.OverdueSentAt == null) || (t.EscalateAt <= now && t.EscalatedAt == null)))
        .OrderBy(t => t.DueAt);
}
