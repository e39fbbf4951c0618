using GoingHome.Case.Data;
using GoingHome.Case.Domain;
using GoingHome.Case.Grpc;
using GoingHome.Case.V1;
using GoingHome.Persistence;
using GoingHome.ServiceDefaults.Auth;
using GoingHome.ServiceDefaults.Errors;
using GoingHome.ServiceDefaults.Grpc;
using Grpc.Core;
using Microsoft.EntityFrameworkCore;

namespace GoingHome.Case.Features;

/// <summary>What is written on a child's file: case notes, documents and the chronology.</summary>
public sealed class CaseFileEntries(
    CaseDbContext db,
    UnitOfWork<CaseDbContext> work,
    ChildFiles files,
    Auditor auditor,
    CurrentUser user,
    TimeProvider clock)
{
    public async Task<CaseNote> CreateCaseNote(CreateCaseNoteRequest request, ServerCallContext context)
    {
        var n = request.Note ?? new CaseNote();
        var v = new Violations().RequireRequestId(request.RequestId);
        CaseRules.ValidateCaseNote(v, n.Type, n.Subject, n.Body);
        v.ThrowIfAny();
        if (!CaseRules.MayWriteNoteType(n.Type, user.Roles))
        {
            throw new AccessDeniedException("Management-oversight notes are written by a team manager or above.");
        }

        return await work.ExecuteAsync(context.Method, request.RequestId, _ => request.ChildId, async ct =>
        {
            var child = await files.LoadAsync(request.ChildId, "child_id", tracking: false, ct);
            var note = new CaseNoteEntity
            {
                Id = Guid.CreateVersion7(),
                ChildId = child.Id,
                Type = n.Type,
                Subject = n.Subject.NullIfEmpty(),
                Body = n.Body,
                AuthorId = user.Id,
                AuthorName = user.Name,
                AuthorRole = user.PrimaryRole,
                CreatedAt = clock.GetUtcNow(),
            };
            db.CaseNotes.Add(note);
            return note.ToProto();
        }, context.CancellationToken);
    }

    public async Task<ListCaseNotesResponse> ListCaseNotes(ListCaseNotesRequest request, ServerCallContext context)
    {
        var (page, next) = await PageOfChildRecordsAsync(
            request.ChildId, request.PageSize, request.PageToken, PageTokens.Query(request), context,
            v => v.OptionalEnum(request.Type, "type"),
            child => db.CaseNotes.AsNoTracking()
                .Where(x => x.ChildId == child && (request.Type == CaseNoteType.Unspecified || x.Type == request.Type))
                .OrderByDescending(x => x.CreatedAt).ThenByDescending(x => x.Id));
        return new ListCaseNotesResponse { NextPageToken = next, Notes = { page.Select(x => x.ToProto()) } };
    }

    public async Task<Document> CreateDocument(CreateDocumentRequest request, ServerCallContext context)
    {
        var d = request.Document ?? new Document();
        var date = d.DocumentDate.ToDateOnly();
        var v = new Violations().RequireRequestId(request.RequestId);
        CaseRules.ValidateDocument(v, d.Kind, d.Title, d.Uri, d.ContentType, d.DocumentDate is null || date is not null, date, files.Today);
        v.ThrowIfAny();
        return await work.ExecuteAsync(context.Method, request.RequestId, _ => request.ChildId, async ct =>
        {
            var child = await files.LoadAsync(request.ChildId, "child_id", tracking: false, ct);
            var document = new DocumentEntity
            {
                Id = Guid.CreateVersion7(),
                ChildId = child.Id,
                Kind = d.Kind,
                Title = d.Title.Trim(),
                Uri = d.Uri.NullIfEmpty(),
                ContentType = d.ContentType.NullIfEmpty(),
                DocumentDate = date,
                AuthorId = user.Id,
                CreatedAt = clock.GetUtcNow(),
            };
            db.Documents.Add(document);
            return document.ToProto();
        }, context.CancellationToken);
    }

    public async Task<Document> GetDocument(GetDocumentRequest request, ServerCallContext context)
    {
        var ct = context.CancellationToken;
        var child = await files.LoadAsync(request.ChildId, "child_id", tracking: false, ct);
        var id = Records.ParseId("Document", request.Id, "id");
        // A document of another child is as absent as one that never was.
        var document = await db.Documents.AsNoTracking().FirstOrDefaultAsync(d => d.Id == id && d.ChildId == child.Id, ct)
            ?? throw new ResourceNotFoundException("Document", request.Id);
        auditor.Read(context.Method, request.ChildId);
        return document.ToProto();
    }

    public async Task<ListDocumentsResponse> ListDocuments(ListDocumentsRequest request, ServerCallContext context)
    {
        var (page, next) = await PageOfChildRecordsAsync(
            request.ChildId, request.PageSize, request.PageToken, PageTokens.Query(request), context,
            v => v.OptionalEnum(request.Kind, "kind"),
            child => db.Documents.AsNoTracking()
                .Where(x => x.ChildId == child && (request.Kind == DocumentKind.Unspecified || x.Kind == request.Kind))
                .OrderByDescending(x => x.CreatedAt).ThenByDescending(x => x.Id));
        return new ListDocumentsResponse { NextPageToken = next, Documents = { page.Select(x => x.ToProto()) } };
    }

    public async Task<ChronologyEntry> CreateChronologyEntry(CreateChronologyEntryRequest request, ServerCallContext context)
    {
        var e = request.Entry ?? new ChronologyEntry();
        var occurredOn = e.OccurredOn.ToDateOnly();
        var v = new Violations().RequireRequestId(request.RequestId);
        CaseRules.ValidateChronologyEntry(v, occurredOn, e.Category, e.Summary, files.Today);
        v.ThrowIfAny();
        return await work.ExecuteAsync(context.Method, request.RequestId, _ => request.ChildId, async ct =>
        {
            var child = await files.LoadAsync(request.ChildId, "child_id", tracking: false, ct);
            var entry = files.Chronicle(child.Id, occurredOn!.Value, e.Category.Trim(), e.Summary.Trim(), systemGenerated: false);
            return entry.ToProto();
        }, context.CancellationToken);
    }

    public async Task<ListChronologyEntriesResponse> ListChronologyEntries(ListChronologyEntriesRequest request, ServerCallContext context)
    {
        var (page, next) = await PageOfChildRecordsAsync(
            request.ChildId, request.PageSize, request.PageToken, PageTokens.Query(request), context,
            _ => { },
            child => db.Chronology.AsNoTracking()
                .Where(x => x.ChildId == child)
                .OrderBy(x => x.OccurredOn).ThenBy(x => x.CreatedAt).ThenBy(x => x.Id));
        return new ListChronologyEntriesResponse { NextPageToken = next, Entries = { page.Select(x => x.ToProto()) } };
    }

    /// <summary>One page of a list under a child's record (notes, documents, chronology), audited as a read of it.</summary>
    private async Task<(List<T> Page, string NextPageToken)> PageOfChildRecordsAsync<T>(
        string childId, int pageSize, string pageToken, string tokenScope, ServerCallContext context,
        Action<Violations> validate, Func<Guid, IQueryable<T>> query)
    {
        var v = new Violations();
        var size = PageTokens.PageSize(v, pageSize);
        validate(v);
        var offset = PageTokens.Decode(v, pageToken, tokenScope);
        v.ThrowIfAny();
        var child = await files.LoadAsync(childId, "child_id", tracking: false, context.CancellationToken);
        var records = query(child.Id);
        var (page, next) = await records.ReadPageAsync(offset, size, tokenScope, context.CancellationToken);
        auditor.Read(context.Method, childId);
        return (page, next);
    }
}
