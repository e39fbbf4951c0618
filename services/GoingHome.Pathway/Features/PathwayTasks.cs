using GoingHome.Pathway.Data;
using GoingHome.Pathway.Domain;
using GoingHome.Pathway.Grpc;
using GoingHome.Pathway.V1;
using GoingHome.Persistence;
using GoingHome.Persistence.Children;
using GoingHome.ServiceDefaults.Auth;
using GoingHome.ServiceDefaults.Errors;
using GoingHome.ServiceDefaults.Grpc;
using GoingHome.Time;
using Grpc.Core;
using Microsoft.EntityFrameworkCore;
using TaskStatus = GoingHome.Pathway.Data.TaskStatus;

namespace GoingHome.Pathway.Features;

/// <summary>The pathway's tasks: listed for a worker or team, closed by their owner or the owner's manager.</summary>
public sealed class PathwayTasks(
    PathwayDbContext db,
    UnitOfWork<PathwayDbContext> work,
    PathwayWorkflow workflow,
    Auditor auditor,
    CurrentUser user,
    TimeProvider clock)
{
    public async Task<ListTasksResponse> ListTasks(ListTasksRequest request, ServerCallContext context)
    {
        var v = new Violations().OptionalEnum(request.State, "state");
        var pageSize = PageTokens.PageSize(v, request.PageSize);
        var query = PageTokens.Query(request);
        var offset = PageTokens.Decode(v, request.PageToken, query);
        v.ThrowIfAny();

        var now = clock.GetUtcNow();
        var tasks = db.Tasks.AsNoTracking();
        tasks = request.OwnerId.Length > 0 ? tasks.Where(t => t.OwnerId == request.OwnerId) : tasks;
        tasks = request.OwnerRole.Length > 0 ? tasks.Where(t => t.OwnerRole == request.OwnerRole) : tasks;
        tasks = request.TeamId.Length > 0 ? tasks.Where(t => t.TeamId == request.TeamId) : tasks;
        tasks = request.ChildId.Length > 0 ? tasks.Where(t => t.ChildId == request.ChildId) : tasks;
        tasks = request.State switch
        {
            TaskState.Open => tasks.Where(t => t.Status == TaskStatus.Open),
            TaskState.Overdue => tasks.Where(t => t.Status == TaskStatus.Open && t.DueAt < now),
            TaskState.Done => tasks.Where(t => t.Status == TaskStatus.Done),
            TaskState.NotNeeded => tasks.Where(t => t.Status == TaskStatus.NotNeeded),
            _ => tasks.Where(t => t.Status != TaskStatus.Cancelled),
        };
        if (request.DueBefore is { } dueBefore)
        {
            var before = dueBefore.ToDateTimeOffset();
            tasks = tasks.Where(t => t.DueAt < before);
        }

        var (page, next) = await tasks.OrderBy(t => t.DueAt).ThenBy(t => t.Id).ReadPageAsync(offset, pageSize, query, context.CancellationToken);
        var shown = auditor.ReadPage(context.Method, page, t => t.ChildId);

        var response = new ListTasksResponse
        {
            Tasks = { shown.Select(t => PathwayMapping.ToProto(t, now)) },
            NextPageToken = next,
        };
        await ChildLabels.NameChildrenAsync(db, response.Tasks, WorkingDayCalendar.LondonDate(now), context.CancellationToken);
        return response;
    }

    public Task<PathwayTask> CompleteTask(CompleteTaskRequest request, ServerCallContext context)
    {
        var v = new Violations().RequireRequestId(request.RequestId).RequireText(request.Outcome, "outcome", 2000);
        v.ThrowIfAny();
        return CloseTaskAsync(context, request.RequestId, request.TaskId, TaskStatus.Done, request.Outcome, "");
    }

    public Task<PathwayTask> MarkTaskNotNeeded(MarkTaskNotNeededRequest request, ServerCallContext context)
    {
        var v = new Violations().RequireRequestId(request.RequestId).RequireText(request.Reason, "reason", 2000);
        v.ThrowIfAny();
        return CloseTaskAsync(context, request.RequestId, request.TaskId, TaskStatus.NotNeeded, "", request.Reason);
    }

    private async Task<PathwayTask> CloseTaskAsync(ServerCallContext context, string requestId, string taskId, TaskStatus status, string outcome, string reason) =>
        await work.ExecuteAsync(context.Method, requestId, t => t.ChildId, async ct =>
        {
            var task = await db.Tasks.FindByIdAsync("Task", taskId, "task_id", ct);
            await work.RequireAccessAsync(task.ChildId, ct);
            if (task.Status != TaskStatus.Open)
            {
                throw new RuleViolationException(new RuleViolation(task.RuleId, $"tasks/{task.Id}", $"The task is {task.Status} already."));
            }

            var pathway = await db.Pathways.FirstAsync(p => p.Id == task.PathwayId, ct);
            if (!TaskRules.MayClose(task, pathway, user.Id, user.Roles))
            {
                throw new AccessDeniedException(
                    $"Task {task.Id} belongs to {(task.OwnerId.Length > 0 ? task.OwnerId : $"the {task.OwnerRole} role")}: it is closed by its owner, the worker allocated to that role, or their manager.");
            }

            if (status == TaskStatus.NotNeeded && !TaskRules.MayExcuse(task, pathway, user.Id, user.Roles))
            {
                throw new AccessDeniedException($"A {task.RuleId} task (a home visit after the return, or a partner told of it) is excused only by the child's team manager or above, with the reason.", task.RuleId);
            }

            workflow.Close(pathway, task, status, outcome, reason);
            return PathwayMapping.ToProto(task, clock.GetUtcNow());
        }, context.CancellationToken);
}
