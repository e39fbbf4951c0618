using GoingHome.Case.V1;
using GoingHome.Events.V1;
using GoingHome.ServiceDefaults.Errors;
using GoingHome.Testing;
using Google.Protobuf;
using Grpc.Core;
using StackExchange.Redis;
using static GoingHome.Case.Tests.Requests;

namespace GoingHome.Case.Tests;

/// <summary>
/// What other services' committed changes put on the child's file (an approval, a commitment visit), written by Case as
/// it consumes their events: never written into Case before the other service's own commit.
/// </summary>
[Collection(CaseCollection.Name)]
public sealed class ChildFileFromEventsTests(CaseServiceFixture service)
{
    private readonly CaseService.CaseServiceClient _sw = service.Client("sw-1", "SW");

    [Fact(DisplayName = "RH-4 / AP-5 / S20-6: the HoS agreement becomes a management-oversight note and the Director's authorisation a document, written as the decider, once however often the event is delivered")]
    public async Task Approved_steps_reach_the_file_once()
    {
        var child = await _sw.CreateChildAsync(NewChild());
        await using var redis = await ConnectionMultiplexer.ConnectAsync(service.Redis.ConnectionString);
        var approvals = new EventPublisher(redis, "approvals");
        var hos = EventPublisher.Envelope("approvals", Decided(child.Id, 0, "AP-1", "hos-1", "HoS", note: true, document: false), child.Id, CaseServiceFixture.Start);
        var director = EventPublisher.Envelope("approvals", Decided(child.Id, 1, "AP-1", "director-1", "Director", note: false, document: true), child.Id, CaseServiceFixture.Start);
        // A rejection and an unmarked step put nothing on the file.
        await approvals.PublishAsync("approvals", Decided(child.Id, 0, "AP-2", "sm-1", "SM", note: true, document: true, approved: false), child.Id, CaseServiceFixture.Start);
        await approvals.PublishAsync("approvals", Decided(child.Id, 0, "AP-2", "sm-1", "SM", note: false, document: false), child.Id, CaseServiceFixture.Start);
        foreach (var envelope in new[] { hos, director, hos, director })
        {
            await approvals.AppendAsync("approvals", envelope.Id, envelope.Type, envelope.ToByteArray());
        }

        await LocalProcess.WaitUntilAsync(async () =>
            (await _sw.ListCaseNotesAsync(new ListCaseNotesRequest { ChildId = child.Id })).Notes.Count > 0
            && (await _sw.ListDocumentsAsync(new ListDocumentsRequest { ChildId = child.Id })).Documents.Count > 0, TimeSpan.FromSeconds(60), "the decisions on the file");
        // The marker event published after them has been applied too, so nothing more is on its way.
        var marker = await approvals.PublishAsync("approvals", Decided(child.Id, 2, "AP-3", "ad-1", "AD", note: true, document: false), child.Id, CaseServiceFixture.Start);
        await LocalProcess.WaitUntilAsync(async () =>
            (await _sw.ListCaseNotesAsync(new ListCaseNotesRequest { ChildId = child.Id })).Notes.Any(n => n.AuthorId == "ad-1"), TimeSpan.FromSeconds(60), $"the marker {marker.Id}");

        var notes = (await _sw.ListCaseNotesAsync(new ListCaseNotesRequest { ChildId = child.Id })).Notes;
        var note = Assert.Single(notes, n => n.AuthorId == "hos-1");
        Assert.Equal(CaseNoteType.ManagementOversight, note.Type);
        Assert.Equal("Head of Service hos-1", note.AuthorName);
        Assert.Contains("agreed: The plan is safe.", note.Body, StringComparison.Ordinal);
        Assert.Equal(2, notes.Count);
        var document = Assert.Single((await _sw.ListDocumentsAsync(new ListDocumentsRequest { ChildId = child.Id })).Documents);
        Assert.Equal((DocumentKind.Approval, "director-1"), (document.Kind, document.AuthorId));
        Assert.Equal("goinghome://approvals/approvalRequests/req-1", document.Uri);
    }

    [Fact(DisplayName = "LH-6: the commitment visit's record is filed under the document id Lasting Homes named, once")]
    public async Task Commitment_visit_is_filed_under_its_id()
    {
        var child = await _sw.CreateChildAsync(NewChild());
        await using var redis = await ConnectionMultiplexer.ConnectAsync(service.Redis.ConnectionString);
        var lastingHomes = new EventPublisher(redis, "lastinghomes");
        var documentId = Guid.CreateVersion7().ToString();
        var visit = EventPublisher.Envelope("lastinghomes", new CommitmentVisitRecorded
        {
            LastingHomeId = "home-1", ChildId = child.Id, DocumentId = documentId, CarerName = "The Browns", VisitOn = Day(2026, 11, 20), RecordedBy = "tm-1",
        }, child.Id, CaseServiceFixture.Start);
        await lastingHomes.AppendAsync("lastinghomes", visit.Id, visit.Type, visit.ToByteArray());
        await lastingHomes.AppendAsync("lastinghomes", visit.Id, visit.Type, visit.ToByteArray());

        Document? filed = null;
        await LocalProcess.WaitUntilAsync(async () =>
            (filed = (await _sw.ListDocumentsAsync(new ListDocumentsRequest { ChildId = child.Id })).Documents.SingleOrDefault()) is not null, TimeSpan.FromSeconds(60), "the visit on the file");
        Assert.Equal((documentId, DocumentKind.Certificate, "tm-1"), (filed!.Id, filed.Kind, filed.AuthorId));
        Assert.Equal("Lasting home commitment visit with The Browns", filed.Title);
        Assert.Equal(Day(2026, 11, 20), filed.DocumentDate);
    }

    [Fact(DisplayName = "RH-8: one document read by its id, only under its own child; another child's id, an unknown id or a malformed one is refused")]
    public async Task GetDocument_by_id_under_its_child()
    {
        var child = await _sw.CreateChildAsync(NewChild());
        var other = await _sw.CreateChildAsync(NewChild());
        var plan = await _sw.CreateDocumentAsync(new CreateDocumentRequest
        {
            ChildId = child.Id, RequestId = Guid.NewGuid().ToString(), Document = new Document { Kind = DocumentKind.Plan, Title = "Return home plan", Uri = "https://records.example.test/plan.pdf" },
        });

        var read = await _sw.GetDocumentAsync(new GetDocumentRequest { ChildId = child.Id, Id = plan.Id });
        Assert.Equal(plan, read);
        Assert.Equal(StatusCode.NotFound, (await Assert.ThrowsAsync<RpcException>(() => _sw.GetDocumentAsync(new GetDocumentRequest { ChildId = other.Id, Id = plan.Id }).ResponseAsync)).StatusCode);
        Assert.Equal(StatusCode.NotFound, (await Assert.ThrowsAsync<RpcException>(() => _sw.GetDocumentAsync(new GetDocumentRequest { ChildId = child.Id, Id = Guid.NewGuid().ToString() }).ResponseAsync)).StatusCode);
        var malformed = await Assert.ThrowsAsync<RpcException>(() => _sw.GetDocumentAsync(new GetDocumentRequest { ChildId = child.Id, Id = "nope" }).ResponseAsync);
        Assert.Equal("id", malformed.GetStatusDetail<Google.Rpc.BadRequest>()!.FieldViolations.Single().Field);
    }

    private static ApprovalStepDecided Decided(string childId, int step, string rule, string decider, string role, bool note, bool document, bool approved = true) => new()
    {
        ApprovalRequestId = "req-1", ChildId = childId, StepIndex = step, RuleId = rule, Approved = approved, DeciderId = decider, DeciderRole = role,
        DeciderName = role == "HoS" ? $"Head of Service {decider}" : decider, Rationale = "The plan is safe.", Action = "end-care-episode-after-s20-return",
        RequiredRole = role, StepTitle = "Agreement", RecordCaseNote = note, AttachDocument = document,
    };
}
