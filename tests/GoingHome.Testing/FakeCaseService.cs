using System.Collections.Concurrent;
using GoingHome.Case.V1;
using GoingHome.ServiceDefaults.Grpc;
using Grpc.Core;

namespace GoingHome.Testing;

/// <summary>
/// Case as Approvals sees it: children with the facts a test sets, and the notes and documents Approvals writes. Kept
/// fake so each test chooses ages, legal status and days looked after exactly.
/// </summary>
public sealed class FakeCaseService : CaseService.CaseServiceBase
{
    public ConcurrentDictionary<string, Child> Children { get; } = new();

    public ConcurrentQueue<(CreateCaseNoteRequest Request, string Authorization)> Notes { get; } = new();

    public ConcurrentQueue<CreateDocumentRequest> Documents { get; } = new();

    /// <summary>How many times GetChild was asked, and with which token; a cache in front of Case shows here.</summary>
    public ConcurrentQueue<(string ChildId, string Authorization)> Reads { get; } = new();

    /// <summary>While set, every call fails with UNAVAILABLE, as if Case were down.</summary>
    public bool Down { get; set; }

    public override Task<Child> GetChild(GetChildRequest request, ServerCallContext context)
    {
        if (Down)
        {
            throw new RpcException(new Status(StatusCode.Unavailable, "Case is down (test)."));
        }

        Reads.Enqueue((request.Id, context.RequestHeaders.GetValue("authorization") ?? ""));
        return Children.TryGetValue(request.Id, out var child)
            ? Task.FromResult(child)
            : throw new RpcException(new Status(StatusCode.NotFound, $"Child '{request.Id}' was not found."));
    }

    public ConcurrentQueue<EndCareEpisodeRequest> EndedEpisodes { get; } = new();

    public override Task<CareEpisode> EndCareEpisode(EndCareEpisodeRequest request, ServerCallContext context)
    {
        if (EndedEpisodes.All(e => e.RequestId != request.RequestId))
        {
            EndedEpisodes.Enqueue(request);
        }

        var episode = Children[request.ChildId].CareEpisodes.Single(e => e.Id == request.EpisodeId);
        episode.EndDate = request.EndDate;
        episode.EndReason = request.EndReason;
        return Task.FromResult(episode);
    }

    public override Task<CaseNote> CreateCaseNote(CreateCaseNoteRequest request, ServerCallContext context)
    {
        if (Notes.All(n => n.Request.RequestId != request.RequestId))
        {
            Notes.Enqueue((request, context.RequestHeaders.GetValue("authorization") ?? ""));
        }

        return Task.FromResult(new CaseNote { Id = request.RequestId, Type = request.Note.Type, Body = request.Note.Body });
    }

    public override Task<Document> CreateDocument(CreateDocumentRequest request, ServerCallContext context)
    {
        if (Documents.All(d => d.RequestId != request.RequestId))
        {
            Documents.Enqueue(request);
        }

        return Task.FromResult(new Document { Id = request.RequestId, Kind = request.Document.Kind, Title = request.Document.Title });
    }

    /// <summary>A document on the child's record, as a social worker would upload it (a return home plan, say); returns its id.</summary>
    public string AddDocument(string childId, string title = "Return home plan")
    {
        var id = Guid.NewGuid().ToString();
        Documents.Enqueue(new CreateDocumentRequest { ChildId = childId, RequestId = id, Document = new Document { Title = title, Kind = DocumentKind.Plan } });
        return id;
    }

    public override Task<Document> GetDocument(GetDocumentRequest request, ServerCallContext context) =>
        Documents.FirstOrDefault(d => d.ChildId == request.ChildId && d.RequestId == request.Id) is { } found
            ? Task.FromResult(new Document { Id = found.RequestId, Kind = found.Document.Kind, Title = found.Document.Title })
            : throw new RpcException(new Status(StatusCode.NotFound, $"Document {request.Id} not found"));

    public override Task<ListDocumentsResponse> ListDocuments(ListDocumentsRequest request, ServerCallContext context) =>
        Task.FromResult(new ListDocumentsResponse
        {
            Documents = { Documents.Where(d => d.ChildId == request.ChildId).Select(d => new Document { Id = d.RequestId, Kind = d.Document.Kind, Title = d.Document.Title }) },
        });

    /// <summary>Case's history now shows the child placed with parents (P1): living at home, still looked after (CLA-4).</summary>
    public void PlacedWithParents(string childId, DateOnly on)
    {
        var child = Children[childId];
        child.CareEpisodes[^1].Placements.Add(new Placement { Id = $"p1-{on:yyyyMMdd}", CarerType = CarerType.Parents, Pl = "P1", StartDate = on.ToProto() });
        child.CareFacts = new CareFacts
        {
            LookedAfter = true, LivingAtHome = true, PlacementCode = "P1", PeriodStartDate = child.CareEpisodes[0].StartDate,
            Section20 = child.CareEpisodes[^1].LegalStatus == LegalStatus.Section20,
        };
    }

    /// <summary>Case's history now shows the period of care ended on <paramref name="on"/> with <paramref name="rec"/>.</summary>
    public void PeriodEnds(string childId, DateOnly on, string rec)
    {
        var child = Children[childId];
        child.CareEpisodes[^1].EndDate = on.ToProto();
        child.CareEpisodes[^1].Rec = rec;
        child.CurrentLegalStatus = LegalStatus.Unspecified;
        child.CareFacts = new CareFacts
        {
            LookedAfter = false, LivingAtHome = rec is "E4A" or "E4B" or "E13" or "E41" || (child.CareFacts?.LivingAtHome ?? false), PeriodEndCode = rec,
            PeriodStartDate = child.CareEpisodes[0].StartDate, PeriodEndDate = on.ToProto(), Section20 = child.CareEpisodes[^1].LegalStatus == LegalStatus.Section20,
        };
    }

    /// <summary>
    /// Adds a child born <paramref name="ageYears"/> years before today, looked after for the given days, with the
    /// given people in their network.
    /// </summary>
    public string AddChild(DateOnly today, int ageYears, LegalStatus status, int daysLookedAfter, string team = "north", params NetworkMember[] network)
    {
        var id = Guid.NewGuid().ToString();
        var born = today.AddYears(-ageYears).AddDays(-10);
        var start = today.AddDays(-daysLookedAfter);
        Children[id] = new Child
        {
            Id = id,
            GivenName = "Test",
            FamilyName = "Child",
            DateOfBirth = new Google.Type.Date { Year = born.Year, Month = born.Month, Day = born.Day },
            CurrentLegalStatus = status,
            CareEpisodes = { new CareEpisode { Id = "e1", LegalStatus = status, StartDate = new Google.Type.Date { Year = start.Year, Month = start.Month, Day = start.Day } } },
            Allocations = { new Allocation { Role = WorkerRole.SocialWorker, WorkerId = "sw-1", TeamId = team } },
            Network = { network },
        };
        return id;
    }
}
