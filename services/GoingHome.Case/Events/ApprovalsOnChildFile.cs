using GoingHome.Case.Data;
using GoingHome.Case.Domain;
using GoingHome.Case.V1;
using GoingHome.Events.V1;
using GoingHome.Messaging;
using GoingHome.Time;
using Microsoft.EntityFrameworkCore;

namespace GoingHome.Case.Events;

/// <summary>
/// Rules RH-4 / AP-5 and S20-6: an approved step the policy marks is put on the child's file when Case hears of the
/// committed decision: the HoS agreement as a management-oversight case note, the Director's authorisation as a
/// document, each written as the person who decided. Applied once per event (the inbox), so a redelivery adds nothing.
/// </summary>
public sealed class ApprovalsOnChildFile(CaseDbContext db, TimeProvider clock) : IEventHandler<ApprovalStepDecided>
{
    public async Task HandleAsync(ApprovalStepDecided decided, EventEnvelope envelope, CancellationToken cancellationToken)
    {
        if (!decided.Approved || (!decided.RecordCaseNote && !decided.AttachDocument) || !Guid.TryParse(decided.ChildId, out var childId)
            || !await db.Children.AnyAsync(c => c.Id == childId, cancellationToken))
        {
            return;
        }

        var decidedAt = envelope.OccurTime?.ToDateTimeOffset() ?? clock.GetUtcNow();
        var title = $"{decided.StepTitle} ({decided.RuleId})";
        if (decided.RecordCaseNote)
        {
            db.CaseNotes.Add(new CaseNoteEntity
            {
                Id = Guid.CreateVersion7(),
                ChildId = childId,
                Type = CaseNoteType.ManagementOversight,
                Subject = $"{title}: {decided.Action}",
                Body = $"{decided.DeciderName} ({decided.DeciderRole}) agreed: {decided.Rationale}",
                AuthorId = decided.DeciderId,
                AuthorName = decided.DeciderName,
                AuthorRole = decided.DeciderRole,
                CreatedAt = decidedAt,
            });
        }

        if (decided.AttachDocument)
        {
            db.Documents.Add(new DocumentEntity
            {
                Id = Guid.CreateVersion7(),
                ChildId = childId,
                Kind = DocumentKind.Approval,
                Title = $"{title} by {decided.DeciderName}, {decided.DeciderRole}",
                Uri = $"goinghome://approvals/approvalRequests/{decided.ApprovalRequestId}",
                ContentType = "application/vnd.goinghome.approval",
                DocumentDate = WorkingDayCalendar.LondonDate(decidedAt),
                AuthorId = decided.DeciderId,
                CreatedAt = decidedAt,
            });
        }
    }
}
