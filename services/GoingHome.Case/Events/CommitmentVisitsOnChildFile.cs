using GoingHome.Case.Data;
using GoingHome.Case.V1;
using GoingHome.Events.V1;
using GoingHome.Messaging;
using GoingHome.ServiceDefaults.Grpc;
using Microsoft.EntityFrameworkCore;

namespace GoingHome.Case.Events;

/// <summary>
/// Rule LH-6: the lasting home's commitment visit goes on the child's file, under the document id Lasting Homes named
/// when the visit committed. Applied once per event (the inbox); the id makes a second copy impossible besides.
/// </summary>
public sealed class CommitmentVisitsOnChildFile(CaseDbContext db, TimeProvider clock) : IEventHandler<CommitmentVisitRecorded>
{
    public async Task HandleAsync(CommitmentVisitRecorded visit, EventEnvelope envelope, CancellationToken cancellationToken)
    {
        if (!Guid.TryParse(visit.ChildId, out var childId) || !Guid.TryParse(visit.DocumentId, out var documentId))
        {
            throw new MalformedEventException($"child_id '{visit.ChildId}' or document_id '{visit.DocumentId}' is not an id");
        }

        if (!await db.Children.AnyAsync(c => c.Id == childId, cancellationToken)
            || await db.Documents.AnyAsync(d => d.Id == documentId, cancellationToken))
        {
            return;
        }

        db.Documents.Add(new DocumentEntity
        {
            Id = documentId,
            ChildId = childId,
            Kind = DocumentKind.Certificate,
            Title = $"Lasting home commitment visit with {visit.CarerName}",
            Uri = $"goinghome://lastingHomes/{visit.LastingHomeId}/commitment-visit",
            ContentType = "application/json",
            DocumentDate = visit.VisitOn.ToDateOnly(),
            AuthorId = visit.RecordedBy,
            CreatedAt = envelope.OccurTime?.ToDateTimeOffset() ?? clock.GetUtcNow(),
        });
    }
}
