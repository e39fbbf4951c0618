using GoingHome.Approvals.Data;
using GoingHome.Approvals.Domain;
using GoingHome.Approvals.Grpc;
using GoingHome.Approvals.V1;
using GoingHome.Events.V1;
using GoingHome.Messaging;
using GoingHome.ServiceDefaults.Grpc;
using Microsoft.EntityFrameworkCore;
using StackExchange.Redis;

namespace GoingHome.Approvals.Jobs;

/// <summary>
/// Rules AP-6 and LH-5: raises the reminder when a step's reminder time comes and the lapse (with escalation) when its
/// deadline passes undecided, once each. Runs on the injected clock, under a Redis lock so two instances never raise
/// the same event.
/// </summary>
public sealed class DeadlineScanner(
    IServiceScopeFactory scopes, IConnectionMultiplexer redis, TimeProvider clock, ILogger<DeadlineScanner> logger) : ScheduledScan(clock, logger)
{
    protected override TimeSpan Interval => TimeSpan.FromMinutes(1);

    public override async Task<int?> ScanOnceAsync(CancellationToken cancellationToken)
    {
        await using var lease = await RedisLock.TryAcquireAsync(redis, "approvals.deadlines", TimeSpan.FromMinutes(2));
        if (lease is null)
        {
            return null;
        }

        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ApprovalsDbContext>();
        var outbox = scope.ServiceProvider.GetRequiredService<EventOutbox<ApprovalsDbContext>>();
        var now = Clock.GetUtcNow();
        var due = await db.Requests.Include(r => r.Steps)
            .Where(r => r.State == ApprovalState.Pending && r.Steps.Any(s => s.State == StepState.Current
                && ((s.RemindAt <= now && s.ReminderSentAt == null) || (s.DueAt <= now && s.LapsedAt == null))))
            .ToListAsync(cancellationToken);

        var raised = 0;
        foreach (var request in due)
        {
            var step = request.CurrentStep!;
            if (step.RemindAt <= now && step.ReminderSentAt is null && !(step.DueAt <= now))
            {
                step.ReminderSentAt = now;
                outbox.Add(ApprovalsExtensions.Topic, new ApprovalStepReminderDue
                {
                    ApprovalRequestId = request.Id.ToString(), ChildId = request.ChildId, StepIndex = step.Index, RuleId = step.RuleId,
                    OwnerRole = step.RequiredRole, DueTime = step.DueAt.ToProto(), TeamId = request.TeamId,
                }, request.ChildId, null, "service:approvals");
                raised++;
            }

            if (step.DueAt <= now && step.LapsedAt is null)
            {
                // A reminder never sent is overtaken by the lapse: the owner hears once, with the escalation.
                step.ReminderSentAt ??= now;
                step.LapsedAt = now;
                outbox.Add(ApprovalsExtensions.Topic, new ApprovalStepLapsed
                {
                    ApprovalRequestId = request.Id.ToString(), ChildId = request.ChildId, StepIndex = step.Index, RuleId = step.RuleId,
                    OwnerRole = step.RequiredRole, DueTime = step.DueAt.ToProto(), TeamId = request.TeamId,
                    EscalateToRole = ApprovalWorkflow.EscalationRole(step.RequiredRole),
                }, request.ChildId, null, "service:approvals");
                raised++;
            }
        }

        await db.SaveChangesAsync(cancellationToken);
        return raised;
    }
}
