using GoingHome.Assessment.Data;
using GoingHome.Assessment.Domain;
using GoingHome.Assessment.V1;
using GoingHome.Events.V1;
using GoingHome.Messaging;
using GoingHome.ServiceClients;
using GoingHome.ServiceDefaults.Auth;
using GoingHome.Time;
using Microsoft.EntityFrameworkCore;

namespace GoingHome.Assessment.Events;

/// <summary>
/// Rule RH-4: the checklist's "HoS agreement" item is met when the HoS approves the return's step in Approvals (which
/// writes the management-oversight case note), with that decision as its evidence.
/// </summary>
public sealed class HeadOfServiceAgreementHandler(AssessmentDbContext db, TimeProvider clock) : IEventHandler<ApprovalStepDecided>
{
    private static readonly HashSet<string> ReturnActions = [ApprovalActions.ReturnHome, ApprovalActions.EndEpisodeAfterSection20Return];

    public async Task HandleAsync(ApprovalStepDecided decided, EventEnvelope envelope, CancellationToken cancellationToken)
    {
        if (!decided.Approved || decided.RequiredRole != Roles.HeadOfService || !ReturnActions.Contains(decided.Action))
        {
            return;
        }

        var checklist = await db.Checklists.Include(c => c.Items).Where(c => c.ChildId == decided.ChildId)
            .OrderByDescending(c => c.CreatedAt).FirstOrDefaultAsync(cancellationToken);
        if (checklist?.Items.FirstOrDefault(i => i.Key == ChecklistRules.HeadOfServiceAgreementKey) is not { } item || item.State == ItemState.Met)
        {
            return;
        }

        item.State = ItemState.Met;
        item.EvidenceNote = $"Agreed by {decided.DeciderId} ({decided.DeciderRole}) in approval request {decided.ApprovalRequestId}, step {decided.StepIndex + 1} ({decided.RuleId}): {decided.Rationale}";
        item.EvidenceDate = WorkingDayCalendar.LondonDate(envelope.OccurTime?.ToDateTimeOffset() ?? clock.GetUtcNow());
        item.UpdatedBy = decided.DeciderId;
        checklist.Version++;
    }
}
