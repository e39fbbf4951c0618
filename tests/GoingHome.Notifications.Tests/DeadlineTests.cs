using GoingHome.Events.V1;
using GoingHome.Notifications.Data;
using GoingHome.Notifications.Jobs;
using GoingHome.Time;
using Google.Protobuf.WellKnownTypes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace GoingHome.Notifications.Tests;

/// <summary>NT-4 deadlines with the clock moved by the test: each class gets its own service and clock.</summary>
public sealed class DeadlineTests(NotificationsFixture fixture) : IClassFixture<NotificationsFixture>
{
    private WorkingDayCalendar Calendar => fixture.Services.GetRequiredService<WorkingDayCalendar>();

    private static DateTimeOffset London(DateOnly date, int hour)
    {
        var local = date.ToDateTime(new TimeOnly(hour, 0));
        return new DateTimeOffset(local, WorkingDayCalendar.London.GetUtcOffset(local));
    }

    /// <summary>
    /// The tests share one clock that only moves forward, so each starts on a fresh working week: the first working
    /// day at least a week after the clock's current date, with the clock set to 10:00 that day.
    /// </summary>
    private DateOnly FreshWeek()
    {
        var start = Calendar.AddWorkingDays(fixture.Clock.LondonToday().AddDays(7), 1);
        fixture.Clock.SetUtcNow(London(start, 10));
        return start;
    }

    /// <summary>One scan that ran to the end (the background scan may hold the lock for a moment).</summary>
    private async Task ScanAsync()
    {
        var scanner = fixture.Services.GetRequiredService<DeadlineScanner>();
        while (await scanner.ScanOnceAsync(CancellationToken.None) is null)
        {
            await Task.Yield();
        }
    }

    private async Task TrackAsync(TaskDue due)
    {
        await fixture.PublishAsync("pathway", due, due.ChildId);
        await GoingHome.Testing.LocalProcess.WaitUntilAsync(
            () => fixture.WithDbAsync(db => db.Tasks.AnyAsync(t => t.TaskId == due.TaskId && t.DueAt == due.DueTime.ToDateTimeOffset())),
            TimeSpan.FromSeconds(60), $"task {due.TaskId} tracked");
    }

    private Task<List<NotificationEntity>> NoticesAsync(string taskId) =>
        fixture.WithDbAsync(db => db.Notifications.AsNoTracking().Where(n => n.SourceId.StartsWith($"task:{taskId}:")).OrderBy(n => n.Sequence).ToListAsync());

    private TaskDue Visit(string childId, DateTimeOffset due, string escalateTo = "", int after = 0) => new()
    {
        TaskId = Guid.NewGuid().ToString(), ChildId = childId, RuleId = "S20-4", Title = "Home visit after an unplanned return",
        OwnerId = "sw-1", OwnerRole = "SW", TeamId = "north", DueTime = Timestamp.FromDateTimeOffset(due),
        EscalateToRole = escalateTo, EscalateAfterWorkingDays = after,
    };

    [Fact(DisplayName = "NT-4: a reminder before, then an overdue notice to the owner and their manager, each once")]
    public async Task NT4_ReminderThenOverdue()
    {
        var childId = fixture.AddChild();
        var start = FreshWeek();
        var dueDate = Calendar.AddWorkingDays(start, 5);
        var task = Visit(childId, London(dueDate, 17));
        await TrackAsync(task);

        await ScanAsync();
        Assert.Empty(await NoticesAsync(task.TaskId));

        // Two working days before the due date (the configured lead), at 09:00.
        fixture.Clock.SetUtcNow(London(Calendar.AddWorkingDays(dueDate, -2), 9));
        await ScanAsync();
        await ScanAsync();
        var reminder = Assert.Single(await NoticesAsync(task.TaskId));
        Assert.Equal(("user:sw-1", "task-reminder", "NT-4"), (reminder.RecipientKey, reminder.Kind, reminder.RuleId));

        fixture.Clock.SetUtcNow(London(dueDate, 18));
        await ScanAsync();
        await ScanAsync();
        var overdue = (await NoticesAsync(task.TaskId)).Where(n => n.Kind == "task-overdue").Select(n => n.RecipientKey).Order();
        Assert.Equal(["user:sw-1", "user:tm-1"], overdue);
    }

    [Fact(DisplayName = "NS-3: drift unresolved 20 working days after the due time escalates to the AD")]
    public async Task NS3_EscalatesToAd()
    {
        var childId = fixture.AddChild();
        var task = new TaskDue
        {
            TaskId = Guid.NewGuid().ToString(), ChildId = childId, RuleId = "NS-3", Title = "Issue resolution: drift in the Going Home plan",
            OwnerRole = "SM", TeamId = "north", DueTime = Timestamp.FromDateTimeOffset(London(Calendar.AddWorkingDays(FreshWeek(), 5), 17)),
            EscalateToRole = "AD", EscalateAfterWorkingDays = 20,
        };
        var dueDate = WorkingDayCalendar.LondonDate(task.DueTime.ToDateTimeOffset());
        await TrackAsync(task);

        fixture.Clock.SetUtcNow(London(Calendar.AddWorkingDays(dueDate, 19), 18));
        await ScanAsync();
        Assert.DoesNotContain(await NoticesAsync(task.TaskId), n => n.Kind == "task-escalated");

        fixture.Clock.SetUtcNow(London(Calendar.AddWorkingDays(dueDate, 20), 17));
        await ScanAsync();
        var escalation = Assert.Single(await NoticesAsync(task.TaskId), n => n.Kind == "task-escalated" && n.RecipientKey == "role:AD");
        Assert.Equal("NS-3", escalation.RuleId);
    }

    [Fact(DisplayName = "NT-4: a moved due date re-plans the notices and a closed task cancels them")]
    public async Task NT4_MovedAndClosed()
    {
        var childId = fixture.AddChild();
        var start = FreshWeek();
        var firstDue = Calendar.AddWorkingDays(start, 5);
        var movedDue = Calendar.AddWorkingDays(start, 15);
        var moved = Visit(childId, London(firstDue, 17));
        var closed = Visit(childId, London(firstDue, 17));
        await TrackAsync(moved);
        await TrackAsync(closed);

        fixture.Clock.SetUtcNow(London(Calendar.AddWorkingDays(start, 1), 10));
        moved.DueTime = Timestamp.FromDateTimeOffset(London(movedDue, 17));
        await TrackAsync(moved);
        await fixture.PublishAsync("pathway", new TaskClosed { TaskId = closed.TaskId, ChildId = childId, Outcome = TaskOutcome.Done }, childId);
        await GoingHome.Testing.LocalProcess.WaitUntilAsync(
            () => fixture.WithDbAsync(db => db.Tasks.AnyAsync(t => t.TaskId == closed.TaskId && t.ClosedAt != null)), TimeSpan.FromSeconds(60), "task closed");

        fixture.Clock.SetUtcNow(London(Calendar.AddWorkingDays(firstDue, 1), 10));
        await ScanAsync();
        Assert.Empty(await NoticesAsync(closed.TaskId));
        Assert.Empty(await NoticesAsync(moved.TaskId));

        fixture.Clock.SetUtcNow(London(Calendar.AddWorkingDays(movedDue, 1), 10));
        await ScanAsync();
        Assert.Equal(["task-overdue", "task-overdue"], (await NoticesAsync(moved.TaskId)).Select(n => n.Kind));
        Assert.Empty(await NoticesAsync(closed.TaskId));
    }

    [Fact(DisplayName = "NT-4: two scanners at once (two instances) send each notice once")]
    public async Task NT4_TwoScannersSendOnce()
    {
        var childId = fixture.AddChild();
        var start = FreshWeek();
        var tasks = Enumerable.Range(0, 20).Select(_ => Visit(childId, London(start, 17))).ToList();
        foreach (var task in tasks)
        {
            await TrackAsync(task);
        }

        fixture.Clock.SetUtcNow(London(Calendar.AddWorkingDays(start, 1), 10));
        var scanners = Enumerable.Range(0, 4).Select(_ => ActivatorUtilities.CreateInstance<DeadlineScanner>(fixture.Services)).ToList();
        await Task.WhenAll(scanners.Select(s => s.ScanOnceAsync(CancellationToken.None)));
        await ScanAsync();

        var notices = await fixture.WithDbAsync(db => db.Notifications.AsNoTracking().Where(n => n.ChildId == childId && n.Kind == "task-overdue").ToListAsync());
        Assert.Equal(40, notices.Count);
        Assert.Equal(40, notices.Select(n => (n.SourceId, n.RecipientKey)).Distinct().Count());
        scanners.ForEach(s => s.Dispose());
    }

    [Fact(DisplayName = "LH-5: the HoS is reminded of a ratification due, and its lapse escalates")]
    public async Task LH5_RatificationReminderAndLapse()
    {
        var childId = fixture.AddChild();
        var request = Guid.NewGuid().ToString();
        var due = Timestamp.FromDateTimeOffset(London(Calendar.AddWorkingDays(FreshWeek(), 10), 23));
        await fixture.PublishAsync("approvals", new ApprovalStepReminderDue { ApprovalRequestId = request, ChildId = childId, RuleId = "AP-6", OwnerRole = "HoS", DueTime = due }, childId);
        await fixture.PublishAsync("approvals", new ApprovalStepLapsed { ApprovalRequestId = request, ChildId = childId, RuleId = "AP-6", OwnerRole = "HoS", EscalateToRole = "AD", DueTime = due }, childId);

        var stored = await fixture.WaitForAsync(childId, 3);
        Assert.Contains(stored, n => (n.RecipientKey, n.Kind, n.RuleId) == ("role:HoS", "approval-reminder", "LH-5"));
        Assert.Contains(stored, n => (n.RecipientKey, n.Kind) == ("role:AD", "approval-lapsed"));
        Assert.Contains(stored, n => (n.RecipientKey, n.Kind) == ("role:HoS", "approval-lapsed"));
    }
}
