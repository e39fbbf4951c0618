using GoingHome.Case.Data;
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
        if (!decided.Approved || (!decided.RecordCaseNote && !decided.AttachDocument))
        {
            return;
        }

        if (!Guid.TryParse(decided.ChildId, out var childId))
        {
            throw new MalformedEventException($"child_id '{decided.ChildId}' is not a child's id");
        }

        if (!await db.Children.AnyAsync(c => c.Id == childId, cancellationToken))
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
                Subject = Fit($"{title}: {decided.Action}", 200),
                Body = $"{decided.DeciderName} ({decided.DeciderRole}) agreed: {decided.Rationale}",
                AuthorId = decided.DeciderId,
                AuthorName = Fit(decided.DeciderName, 200),
                AuthorRole = Fit(decided.DeciderRole, 50),
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
                Title = Fit($"{title} by {decided.DeciderName}, {decided.DeciderRole}", 300),
                Uri = $"goinghome://approvals/approvalRequests/{decided.ApprovalRequestId}",
                ContentType = "application/vnd.goinghome.approval",
                DocumentDate = WorkingDayCalendar.LondonDate(decidedAt),
                AuthorId = decided.DeciderId,
                CreatedAt = decidedAt,
            });
        }
    }

    /// <summary>A policy's long step title still lands on the file, cut to the column, rather than dead-lettering the note.</summary>
    private static string Fit(string text, int length) => text.Length <= length ? text : text[..(length - 1)] + "…";
}
