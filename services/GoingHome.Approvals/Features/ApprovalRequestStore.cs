using GoingHome.Approvals.Data;
using GoingHome.Approvals.Domain;
using GoingHome.Approvals.Grpc;
using GoingHome.Approvals.V1;
using GoingHome.Events.V1;
using GoingHome.Messaging;
using GoingHome.Persistence;
using GoingHome.ServiceDefaults.Auth;
using GoingHome.ServiceDefaults.Grpc;
using Microsoft.EntityFrameworkCore;

namespace GoingHome.Approvals.Features;

/// <summary>Loads approval requests and raises their events through the outbox, so they commit with the change.</summary>
public sealed class ApprovalRequestStore(
    ApprovalsDbContext db,
    EventOutbox<ApprovalsDbContext> outbox,
    CurrentUser user)
{
    public async Task<ApprovalRequestEntity> LoadAsync(string id, string field, bool tracking, CancellationToken cancellationToken)
    {
        var requests = tracking ? db.Requests : db.Requests.AsNoTracking();
        return await requests.Include(r => r.Steps).FindByIdAsync("ApprovalRequest", id, field, cancellationToken);
    }

    public void RaiseStepStarted(ApprovalRequestEntity record)
    {
        if (record.CurrentStep is not { } current || current.DecidedAt is not null)
        {
            return;
        }

        Raise(record, new ApprovalStepAwaiting
        {
            ApprovalRequestId = record.Id.ToString(),
            ChildId = record.ChildId,
            StepIndex = current.Index,
            RuleId = current.RuleId,
            RequiredRole = current.RequiredRole,
            TeamId = record.TeamId,
        });
        if (current.DueAt is { } due)
        {
            // Rules AP-6 and LH-5: Notifications reminds the owner before the deadline and escalates when it lapses.
            Raise(record, new ApprovalStepDeadlineSet
            {
                ApprovalRequestId = record.Id.ToString(),
                ChildId = record.ChildId,
                StepIndex = current.Index,
                RuleId = current.RuleId,
                OwnerRole = current.RequiredRole,
                DueTime = due.ToProto(),
                RemindTime = current.RemindAt.ToProto(),
                EscalateToRole = ApprovalWorkflow.EscalationRole(current.RequiredRole),
                TeamId = record.TeamId,
            });
        }
    }

    public void RaiseClosed(ApprovalRequestEntity record, ApprovalStepEntity? decided)
    {
        var id = record.Id.ToString();
        switch (record.State)
        {
            case ApprovalState.Granted:
                Raise(record, new ApprovalGranted { ApprovalRequestId = id, ChildId = record.ChildId, Action = record.Action, Subject = record.Subject });
                break;
            case ApprovalState.Rejected:
                Raise(record, new ApprovalRejected
                {
                    ApprovalRequestId = id, ChildId = record.ChildId, Action = record.Action, Subject = record.Subject,
                    RuleId = decided?.RuleId ?? "", Rationale = decided?.Rationale ?? "",
                });
                break;
            case ApprovalState.Withdrawn:
                Raise(record, new ApprovalWithdrawn
                {
                    ApprovalRequestId = id, ChildId = record.ChildId, Action = record.Action, Subject = record.Subject, Reason = record.WithdrawReason ?? "",
                });
                break;
        }
    }

    public void Raise(ApprovalRequestEntity record, Google.Protobuf.IMessage payload) =>
        outbox.Add(ApprovalsExtensions.Topic, payload, record.ChildId, null, user.Id);
}
