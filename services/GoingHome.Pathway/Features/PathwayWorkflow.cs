using GoingHome.Events.V1;
using GoingHome.Messaging;
using GoingHome.Pathway.Data;
using GoingHome.Pathway.Domain;
using GoingHome.Pathway.V1;
using GoingHome.ServiceDefaults.Auth;
using GoingHome.ServiceDefaults.Grpc;
using GoingHome.Time;
using TaskStatus = GoingHome.Pathway.Data.TaskStatus;

namespace GoingHome.Pathway.Features;

/// <summary>
/// The pathway's writes that every entry point shares: generating a bundle's tasks, closing tasks, entering a stage,
/// each with its events through the outbox (task events go to Notifications for NT-4).
/// </summary>
public sealed class PathwayWorkflow(
    PathwayDbContext db, EventOutbox<PathwayDbContext> outbox, PathwayTemplate template, WorkingDayCalendar calendar, CurrentUser user, TimeProvider clock)
{
    public DateOnly Today => clock.LondonToday();

    public int AgeOf(PathwayEntity pathway) => Ages.On(pathway.DateOfBirth, Today);

    public static DateTimeOffset StartOf(DateOnly date) =>
        new(TimeZoneInfo.ConvertTimeToUtc(date.ToDateTime(TimeOnly.MinValue, DateTimeKind.Unspecified), WorkingDayCalendar.London), TimeSpan.Zero);

    /// <summary>Generates a bundle's tasks for the pathway; <paramref name="anchors"/> adds the trigger's own anchor.</summary>
    public List<PathwayTaskEntity> AddBundle(PathwayEntity pathway, string bundle, params (Anchor Anchor, DateTimeOffset At)[] anchors)
    {
        var known = new Dictionary<Anchor, DateTimeOffset>
        {
            [Anchor.EnteredCare] = StartOf(pathway.EnteredCareOn),
            [Anchor.PlacementStart] = pathway.PlacementStartAt,
            [Anchor.StageEntered] = pathway.StageEnteredAt,
        };
        foreach (var (anchor, at) in anchors)
        {
            known[anchor] = at;
        }

        var planned = TaskPlanner.Plan(template.Bundle(bundle), new PlanningFacts(known, pathway.HasSiblings, AgeOf(pathway)), calendar);
        return planned.Select(p => AddTask(pathway, p.Template, p.DueAt)).ToList();
    }

    public PathwayTaskEntity AddTask(PathwayEntity pathway, TaskTemplate t, DateTimeOffset dueAt)
    {
        var task = new PathwayTaskEntity
        {
            Id = Guid.CreateVersion7(),
            PathwayId = pathway.Id,
            ChildId = pathway.ChildId,
            TemplateKey = t.Key,
            RuleId = t.RuleId,
            Title = t.Title,
            OwnerRole = t.OwnerRole,
            OwnerId = pathway.AllocatedTo(t.OwnerRole),
            TeamId = pathway.TeamId,
            DueAt = dueAt,
            Status = TaskStatus.Open,
            Stage = pathway.Stage,
            EscalateTo = t.EscalateTo,
            EscalateAfterWorkingDays = t.EscalateAfterWorkingDays,
            CreatedAt = clock.GetUtcNow(),
        };
        db.Tasks.Add(task);
        RaiseDue(task);
        return task;
    }

    /// <summary>Tells Notifications the task exists or moved (NT-4).</summary>
    public void RaiseDue(PathwayTaskEntity task) => outbox.Add(PathwayExtensions.Topic, new TaskDue
    {
        TaskId = task.Id.ToString(), ChildId = task.ChildId, RuleId = task.RuleId, Title = task.Title, OwnerId = task.OwnerId,
        OwnerRole = task.OwnerRole, TeamId = task.TeamId, DueTime = task.DueAt.ToProto(),
        EscalateToRole = task.EscalateTo, EscalateAfterWorkingDays = task.EscalateAfterWorkingDays,
    }, task.ChildId, null, user.Id);

    /// <summary>Closes an open task; a weekly task (GH-9) that is done brings the next week's.</summary>
    public void Close(PathwayEntity pathway, PathwayTaskEntity task, TaskStatus status, string outcome, string reason)
    {
        task.Status = status;
        task.Outcome = outcome;
        task.NotNeededReason = reason;
        task.ClosedBy = user.Id;
        task.ClosedAt = clock.GetUtcNow();
        outbox.Add(PathwayExtensions.Topic, new TaskClosed
        {
            TaskId = task.Id.ToString(), ChildId = task.ChildId,
            Outcome = status switch
            {
                TaskStatus.Done => TaskOutcome.Done,
                TaskStatus.NotNeeded => TaskOutcome.NotNeeded,
                _ => TaskOutcome.Cancelled,
            },
        }, task.ChildId, null, user.Id);

        if (status == TaskStatus.Done && template.Find(task.TemplateKey) is { Weekly: true } weekly && pathway.Stage == task.Stage)
        {
            AddTask(pathway, weekly, task.DueAt.AddDays(7));
        }
    }

    public void EnterStage(PathwayEntity pathway, Stage to)
    {
        var from = pathway.Stage;
        pathway.Stage = to;
        pathway.StageEnteredAt = clock.GetUtcNow();
        Touch(pathway);
        outbox.Add(PathwayExtensions.Topic, new PathwayStageChanged
        {
            ChildId = pathway.ChildId, PathwayId = pathway.Id.ToString(), FromStage = from.ToString(), ToStage = to.ToString(), TeamId = pathway.TeamId,
        }, pathway.ChildId, null, user.Id);
        if (StageRules.BundleOf(to) is { } bundle)
        {
            AddBundle(pathway, bundle);
        }
    }

    /// <summary>Rule RH-8 / NT-3: the child went home on <paramref name="on"/>: GP, Housing and Adult Mental Health are told, with the plan.</summary>
    public void ReturnedHome(PathwayEntity pathway, DateOnly on, string? planDocumentId, string? requestId)
    {
        pathway.ReturnDate = on;
        outbox.Add(PathwayExtensions.Topic, new ChildReturnedHome
        {
            ChildId = pathway.ChildId, ReturnDate = on.ToProto(), PlanDocumentId = planDocumentId ?? "", TeamId = pathway.TeamId,
        }, pathway.ChildId, requestId, user.Id);
    }

    public DateOnly FirstReviewDue(DateOnly enteredCare) => calendar.FirstReviewDue(enteredCare);

    public bool IsInBundle(PathwayTaskEntity task, string bundle) => template.Bundle(bundle).Any(t => t.Key == task.TemplateKey);

    /// <summary>A changed anchor moves the task (GH-13: a moved planned return date).</summary>
    public void Move(PathwayTaskEntity task, DateTimeOffset anchor)
    {
        if (template.Find(task.TemplateKey) is { } t)
        {
            task.DueAt = TaskPlanner.DueAt(t, anchor, calendar);
            RaiseDue(task);
        }
    }

    /// <summary>Rules T-3 / GH-2: the next statutory review, due per the regulation's schedule.</summary>
    public void AddReviewTask(PathwayEntity pathway, int number)
    {
        var review = template.Find("cwcf-review")!;
        AddTask(pathway, review with { Title = $"CWCF review {number}" }, WorkingDayCalendar.EndOfDay(pathway.NextReviewDue!.Value));
    }

    public DateOnly NextReviewDue(DateOnly held, int number) => calendar.NextReviewDue(held, number);

    public void Touch(PathwayEntity pathway)
    {
        pathway.Version++;
        pathway.UpdatedAt = clock.GetUtcNow();
    }

    /// <summary>Rule NS-4: a review to revise the care plan (a Lasting Home may follow), unless one is already open.</summary>
    public void OpenCarePlanRevision(PathwayEntity pathway, IEnumerable<PathwayTaskEntity> open, DateTimeOffset on)
    {
        if (open.Any(t => IsInBundle(t, Bundles.CarePlanRevision)))
        {
            return;
        }

        AddBundle(pathway, Bundles.CarePlanRevision, (Anchor.RecordDate, on));
        outbox.Add(PathwayExtensions.Topic, new CarePlanRevisionOpened { ChildId = pathway.ChildId, PathwayId = pathway.Id.ToString(), TeamId = pathway.TeamId },
            pathway.ChildId, null, user.Id);
    }
}
