using GoingHome.Case.Data;
using GoingHome.Case.Domain;
using GoingHome.Case.V1;
using GoingHome.Events.V1;
using GoingHome.Messaging;
using GoingHome.ServiceDefaults.Auth;
using GoingHome.ServiceDefaults.Errors;
using GoingHome.ServiceDefaults.Grpc;
using GoingHome.ServiceDefaults.Persistence;
using GoingHome.ServiceDefaults.Time;
using Grpc.Core;
using Microsoft.AspNetCore.Authorization;
using Microsoft.EntityFrameworkCore;

namespace GoingHome.Case.Grpc;

/// <summary>
/// The Case API: validates, applies the change with its event, audit row and idempotency record in one transaction
/// (<see cref="UnitOfWork{TDbContext}"/>), and audits every read of a child's record.
/// </summary>
public sealed class CaseGrpcService(
    CaseDbContext db,
    UnitOfWork<CaseDbContext> work,
    EventOutbox<CaseDbContext> outbox,
    Auditor auditor,
    CurrentUser user,
    ReturnHomeGate returnHomeGate,
    TimeProvider clock) : CaseService.CaseServiceBase
{
    public const string Topic = "case";

    private static readonly HashSet<string> UpdatablePaths =
        ["given_name", "family_name", "date_of_birth", "gender", "ethnicity", "local_id", "nhs_number"];

    private DateOnly Today => WorkingDayCalendar.LondonDate(clock.GetUtcNow());

    [Authorize(Policy = Policies.CaseWriter)]
    public override async Task<Child> CreateChild(CreateChildRequest request, ServerCallContext context)
    {
        var input = request.Child ?? new Child();
        var v = new Violations().RequireRequestId(request.RequestId);
        if (request.Child is null)
        {
            v.Add("child", "is required");
        }

        CaseRules.ValidateIdentity(v, "child.", input.GivenName, input.FamilyName, input.DateOfBirth.ToDateOnly(), Today);
        v.OptionalEnum(input.Gender, "child.gender");
        v.RequireText(input.Ethnicity, "child.ethnicity", 100, required: false);
        v.RequireText(input.LocalId, "child.local_id", 100, required: false);
        var nhsNumber = CaseRules.ValidateNhsNumber(v, "child.nhs_number", input.NhsNumber);
        v.ThrowIfAny();

        return await work.ExecuteAsync(context.Method, request.RequestId, created => created.Id, async ct =>
        {
            await RequireUniqueLocalIdAsync(input.LocalId.NullIfEmpty(), null, ct);
            var now = clock.GetUtcNow();
            var child = new ChildRecord
            {
                Id = Guid.CreateVersion7(),
                Version = 1,
                GivenName = input.GivenName.Trim(),
                FamilyName = input.FamilyName.Trim(),
                DateOfBirth = input.DateOfBirth.ToDateOnly()!.Value,
                Gender = input.Gender,
                Ethnicity = input.Ethnicity.NullIfEmpty(),
                LocalId = input.LocalId.NullIfEmpty(),
                NhsNumber = nhsNumber,
                CreatedAt = now,
                UpdatedAt = now,
            };
            db.Children.Add(child);
            Raise(child.Id, request.RequestId, new ChildCreated { ChildId = child.Id.ToString(), LocalId = child.LocalId ?? "", DateOfBirth = child.DateOfBirth.ToProto() });
            return child.ToProto();
        }, context.CancellationToken);
    }

    [Authorize(Policy = Policies.CaseOrServiceReader)]
    public override async Task<Child> GetChild(GetChildRequest request, ServerCallContext context)
    {
        var child = await LoadChildAsync(request.Id, "id", tracking: false, context.CancellationToken);
        auditor.Read(context.Method, request.Id);
        return child.ToProto();
    }

    [Authorize(Policy = Policies.CaseOrServiceReader)]
    public override async Task<ListChildrenResponse> ListChildren(ListChildrenRequest request, ServerCallContext context)
    {
        var query = ChildQuery.Parse(request);
        var children = ChildQueries.Apply(db.Children.AsNoTracking(), query, Today);
        var total = await children.CountAsync(context.CancellationToken);
        var page = await ChildQueries.Order(children, query.Order)
            .Skip(query.Offset).Take(query.PageSize)
            .Include(c => c.Episodes).ThenInclude(e => e.Placements)
            .Include(c => c.Network)
            .Include(c => c.Allocations.Where(a => a.EndedAt == null))
            .AsSplitQuery()
            .ToListAsync(context.CancellationToken);

        var response = new ListChildrenResponse
        {
            TotalSize = total,
            NextPageToken = PageTokens.Next(query.Offset, query.PageSize, page.Count, total, PageTokens.Query(request)),
        };
        auditor.Read(context.Method, page.Select(child => child.Id.ToString()));
        response.Children.AddRange(page.Select(child => child.ToProto()));

        return response;
    }

    [Authorize(Policy = Policies.CaseWriter)]
    public override async Task<Child> UpdateChild(UpdateChildRequest request, ServerCallContext context)
    {
        var input = request.Child ?? new Child();
        var v = new Violations().RequireRequestId(request.RequestId);
        v.RequireText(input.Etag, "child.etag", 20);
        var paths = request.UpdateMask?.Paths.ToList() ?? [];
        v.Require(paths.Count > 0, "update_mask", "must name at least one field");
        foreach (var path in paths.Where(p => !UpdatablePaths.Contains(p)))
        {
            v.Add("update_mask", $"'{path}' cannot be updated; use {string.Join(", ", UpdatablePaths)}");
        }

        v.ThrowIfAny();

        return await work.ExecuteAsync(context.Method, request.RequestId, _ => input.Id, async ct =>
        {
            var child = await LoadChildAsync(input.Id, "child.id", tracking: true, ct);
            Etags.RequireCurrent(child.Version, input.Etag, "Child", child.Id);
            var check = new Violations();
            string? nhsNumber = child.NhsNumber;
            foreach (var path in paths)
            {
                switch (path)
                {
                    case "given_name": child.GivenName = input.GivenName.Trim(); break;
                    case "family_name": child.FamilyName = input.FamilyName.Trim(); break;
                    case "date_of_birth": child.DateOfBirth = input.DateOfBirth.ToDateOnly() ?? default; break;
                    case "gender": check.OptionalEnum(input.Gender, "child.gender"); child.Gender = input.Gender; break;
                    case "ethnicity": check.RequireText(input.Ethnicity, "child.ethnicity", 100, required: false); child.Ethnicity = input.Ethnicity.NullIfEmpty(); break;
                    case "local_id": check.RequireText(input.LocalId, "child.local_id", 100, required: false); child.LocalId = input.LocalId.NullIfEmpty(); break;
                    case "nhs_number": nhsNumber = CaseRules.ValidateNhsNumber(check, "child.nhs_number", input.NhsNumber); break;
                }
            }

            var dob = paths.Contains("date_of_birth") ? input.DateOfBirth.ToDateOnly() : child.DateOfBirth;
            CaseRules.ValidateIdentity(check, "child.", child.GivenName, child.FamilyName, dob, Today);
            check.Require(dob is null || child.Episodes.All(e => e.StartDate >= dob), "child.date_of_birth", "must not be after a care episode started");
            check.ThrowIfAny();
            child.NhsNumber = nhsNumber;
            await RequireUniqueLocalIdAsync(child.LocalId, child.Id, ct);
            child.Touch(clock.GetUtcNow());
            return child.ToProto();
        }, context.CancellationToken);
    }

    [Authorize(Policy = Policies.CaseWriter)]
    public override async Task<CareEpisode> StartCareEpisode(StartCareEpisodeRequest request, ServerCallContext context)
    {
        new Violations().RequireRequestId(request.RequestId).ThrowIfAny();
        return await work.ExecuteAsync(context.Method, request.RequestId, _ => request.ChildId, async ct =>
        {
            var child = await LoadChildAsync(request.ChildId, "child_id", tracking: true, ct);
            Etags.RequireCurrent(child.Version, request.Etag, "Child", child.Id);
            var startDate = request.StartDate.ToDateOnly();
            var v = new Violations();
            CaseRules.ValidateEpisodeStart(v, child, request.LegalStatus, startDate, Today);
            var episode = new CareEpisodeRecord { Id = Guid.CreateVersion7(), ChildId = child.Id, LegalStatus = request.LegalStatus, StartDate = startDate ?? default };
            if (request.Placement is { } placement)
            {
                CaseRules.ValidatePlacement(v, "placement.", episode, placement.CarerType, placement.CarerName, placement.StartDate.ToDateOnly() ?? startDate, Today);
            }

            v.ThrowIfAny();
            CaseRules.RequireNoOpenEpisode(child);
            if (request.Placement is { } first)
            {
                episode.Placements.Add(NewPlacement(episode, first, first.StartDate.ToDateOnly() ?? episode.StartDate));
            }

            db.Episodes.Add(episode);
            child.Touch(clock.GetUtcNow());
            Chronicle(child.Id, episode.StartDate, "Care episode", $"Became looked after ({request.LegalStatus}).");
            Raise(child.Id, request.RequestId, new CareEpisodeStarted
            {
                ChildId = child.Id.ToString(),
                EpisodeId = episode.Id.ToString(),
                LegalStatus = episode.LegalStatus,
                StartDate = episode.StartDate.ToProto(),
            });
            return episode.ToProto();
        }, context.CancellationToken);
    }

    [Authorize(Policy = Policies.Manager)]
    public override async Task<CareEpisode> EndCareEpisode(EndCareEpisodeRequest request, ServerCallContext context)
    {
        new Violations().RequireRequestId(request.RequestId).ThrowIfAny();
        return await work.ExecuteAsync(context.Method, request.RequestId, _ => request.ChildId, async ct =>
        {
            var child = await LoadChildAsync(request.ChildId, "child_id", tracking: true, ct);
            Etags.RequireCurrent(child.Version, request.Etag, "Child", child.Id);
            var episode = FindEpisode(child, request.EpisodeId);
            var endDate = request.EndDate.ToDateOnly();
            var v = new Violations();
            CaseRules.ValidateEpisodeEnd(v, episode, endDate, request.EndReason, request.EndNote, Today);
            v.ThrowIfAny();
            CaseRules.RequireOpen(episode);
            // Rules S20-6, AP-1..AP-5, AP-8: a return home ends the episode only once Approvals says it is approved.
            await returnHomeGate.RequireApprovedAsync(child.Id.ToString(), episode, request.EndReason, request.ApprovalRequestIds, ct);

            episode.EndDate = endDate;
            episode.EndReason = request.EndReason;
            episode.EndNote = request.EndNote.NullIfEmpty();
            foreach (var placement in episode.Placements.Where(p => p.EndDate is null))
            {
                placement.EndDate = endDate;
            }

            child.Touch(clock.GetUtcNow());
            Chronicle(child.Id, endDate!.Value, "Care episode", $"Stopped being looked after ({request.EndReason}).");
            Raise(child.Id, request.RequestId, new CareEpisodeEnded
            {
                ChildId = child.Id.ToString(),
                EpisodeId = episode.Id.ToString(),
                EndDate = endDate.Value.ToProto(),
                EndReason = request.EndReason,
            });
            return episode.ToProto();
        }, context.CancellationToken);
    }

    [Authorize(Policy = Policies.CaseWriter)]
    public override async Task<Placement> AddPlacement(AddPlacementRequest request, ServerCallContext context)
    {
        var input = request.Placement ?? new Placement();
        var v = new Violations().RequireRequestId(request.RequestId);
        v.Require(request.Placement is not null, "placement", "is required");
        v.ThrowIfAny();
        return await work.ExecuteAsync(context.Method, request.RequestId, _ => request.ChildId, async ct =>
        {
            var child = await LoadChildAsync(request.ChildId, "child_id", tracking: true, ct);
            Etags.RequireCurrent(child.Version, request.Etag, "Child", child.Id);
            var episode = FindEpisode(child, request.EpisodeId);
            var startDate = input.StartDate.ToDateOnly();
            var check = new Violations();
            CaseRules.ValidatePlacement(check, "placement.", episode, input.CarerType, input.CarerName, startDate, Today);
            check.ThrowIfAny();
            CaseRules.RequireOpen(episode);
            foreach (var current in episode.Placements.Where(p => p.EndDate is null))
            {
                current.EndDate = startDate;
            }

            var placement = NewPlacement(episode, input, startDate!.Value);
            db.Add(placement);
            child.Touch(clock.GetUtcNow());
            Chronicle(child.Id, placement.StartDate, "Placement", $"Placed with {input.CarerType} carer {placement.CarerName}".TrimEnd() + ".");
            Raise(child.Id, request.RequestId, new PlacementAdded
            {
                ChildId = child.Id.ToString(), EpisodeId = episode.Id.ToString(), PlacementId = placement.Id.ToString(),
                CarerType = placement.CarerType, StartDate = placement.StartDate.ToProto(),
            });
            return placement.ToProto();
        }, context.CancellationToken);
    }

    [Authorize(Policy = Policies.CaseWriter)]
    public override async Task<NetworkMember> AddNetworkMember(AddNetworkMemberRequest request, ServerCallContext context)
    {
        var m = request.Member ?? new NetworkMember();
        var v = new Violations().RequireRequestId(request.RequestId);
        CaseRules.ValidateNetworkMember(v, m.Relationship, m.Name, m.Organisation, m.Email, m.Phone, m.HouseholdMember, m.PersonId);
        v.ThrowIfAny();
        return await work.ExecuteAsync(context.Method, request.RequestId, _ => request.ChildId, async ct =>
        {
            var child = await LoadChildAsync(request.ChildId, "child_id", tracking: true, ct);
            Etags.RequireCurrent(child.Version, request.Etag, "Child", child.Id);
            var member = new NetworkMemberRecord
            {
                Id = Guid.CreateVersion7(),
                ChildId = child.Id,
                Relationship = m.Relationship,
                Name = m.Name.Trim(),
                Organisation = m.Organisation.NullIfEmpty(),
                Email = m.Email.NullIfEmpty(),
                Phone = m.Phone.NullIfEmpty(),
                HouseholdMember = m.HouseholdMember,
                PersonId = m.PersonId.NullIfEmpty(),
                AddedAt = clock.GetUtcNow(),
            };
            db.NetworkMembers.Add(member);
            child.Touch(clock.GetUtcNow());
            Raise(child.Id, request.RequestId, new NetworkChanged { ChildId = child.Id.ToString(), MemberId = member.Id.ToString(), Change = NetworkChange.Added, Relationship = member.Relationship });
            return member.ToProto();
        }, context.CancellationToken);
    }

    [Authorize(Policy = Policies.CaseWriter)]
    public override async Task<RemoveNetworkMemberResponse> RemoveNetworkMember(RemoveNetworkMemberRequest request, ServerCallContext context)
    {
        new Violations().RequireRequestId(request.RequestId).ThrowIfAny();
        return await work.ExecuteAsync(context.Method, request.RequestId, _ => request.ChildId, async ct =>
        {
            var child = await LoadChildAsync(request.ChildId, "child_id", tracking: true, ct);
            Etags.RequireCurrent(child.Version, request.Etag, "Child", child.Id);
            var member = child.Network.FirstOrDefault(n => n.Id.ToString() == request.MemberId)
                ?? throw new ResourceNotFoundException("NetworkMember", request.MemberId);
            db.NetworkMembers.Remove(member);
            child.Touch(clock.GetUtcNow());
            Raise(child.Id, request.RequestId, new NetworkChanged { ChildId = child.Id.ToString(), MemberId = member.Id.ToString(), Change = NetworkChange.Removed, Relationship = member.Relationship });
            return new RemoveNetworkMemberResponse { Etag = child.Etag() };
        }, context.CancellationToken);
    }

    [Authorize(Policy = Policies.Manager)]
    public override async Task<Allocation> AllocateWorker(AllocateWorkerRequest request, ServerCallContext context)
    {
        var a = request.Allocation ?? new Allocation();
        var v = new Violations().RequireRequestId(request.RequestId);
        CaseRules.ValidateAllocation(v, a.Role, a.WorkerId, a.WorkerName, a.TeamId);
        v.ThrowIfAny();
        return await work.ExecuteAsync(context.Method, request.RequestId, _ => request.ChildId, async ct =>
        {
            var child = await LoadChildAsync(request.ChildId, "child_id", tracking: true, ct);
            Etags.RequireCurrent(child.Version, request.Etag, "Child", child.Id);
            var now = clock.GetUtcNow();
            var previous = child.Allocations.FirstOrDefault(x => x.Role == a.Role && x.EndedAt is null);
            if (previous is not null)
            {
                previous.EndedAt = now;
            }

            var allocation = new AllocationRecord
            {
                Id = Guid.CreateVersion7(),
                ChildId = child.Id,
                Role = a.Role,
                WorkerId = a.WorkerId.Trim(),
                WorkerName = a.WorkerName.NullIfEmpty(),
                TeamId = a.TeamId.Trim(),
                StartedAt = now,
            };
            db.Allocations.Add(allocation);
            child.Touch(now);
            Chronicle(child.Id, Today, "Allocation", $"{a.Role} allocated: {allocation.WorkerName ?? allocation.WorkerId} ({allocation.TeamId}).");
            Raise(child.Id, request.RequestId, new AllocationChanged
            {
                ChildId = child.Id.ToString(),
                Role = a.Role,
                WorkerId = allocation.WorkerId,
                PreviousWorkerId = previous?.WorkerId ?? "",
                TeamId = allocation.TeamId,
            });
            return allocation.ToProto();
        }, context.CancellationToken);
    }

    [Authorize(Policy = Policies.CaseWriter)]
    public override async Task<CaseNote> CreateCaseNote(CreateCaseNoteRequest request, ServerCallContext context)
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
            var child = await LoadChildAsync(request.ChildId, "child_id", tracking: false, ct);
            var note = new CaseNoteRecord
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

    [Authorize(Policy = Policies.CaseReader)]
    public override async Task<ListCaseNotesResponse> ListCaseNotes(ListCaseNotesRequest request, ServerCallContext context)
    {
        var (page, next) = await PageOfChildRecordsAsync(
            request.ChildId, request.PageSize, request.PageToken, PageTokens.Query(request), context,
            v => v.OptionalEnum(request.Type, "type"),
            child => db.CaseNotes.AsNoTracking()
                .Where(x => x.ChildId == child && (request.Type == CaseNoteType.Unspecified || x.Type == request.Type))
                .OrderByDescending(x => x.CreatedAt).ThenByDescending(x => x.Id));
        return new ListCaseNotesResponse { NextPageToken = next, Notes = { page.Select(x => x.ToProto()) } };
    }

    [Authorize(Policy = Policies.CaseWriter)]
    public override async Task<Document> CreateDocument(CreateDocumentRequest request, ServerCallContext context)
    {
        var d = request.Document ?? new Document();
        var date = d.DocumentDate.ToDateOnly();
        var v = new Violations().RequireRequestId(request.RequestId);
        CaseRules.ValidateDocument(v, d.Kind, d.Title, d.Uri, d.ContentType, d.DocumentDate is null || date is not null, date, Today);
        v.ThrowIfAny();
        return await work.ExecuteAsync(context.Method, request.RequestId, _ => request.ChildId, async ct =>
        {
            var child = await LoadChildAsync(request.ChildId, "child_id", tracking: false, ct);
            var document = new DocumentRecord
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

    [Authorize(Policy = Policies.CaseOrServiceReader)]
    public override async Task<ListDocumentsResponse> ListDocuments(ListDocumentsRequest request, ServerCallContext context)
    {
        var (page, next) = await PageOfChildRecordsAsync(
            request.ChildId, request.PageSize, request.PageToken, PageTokens.Query(request), context,
            v => v.OptionalEnum(request.Kind, "kind"),
            child => db.Documents.AsNoTracking()
                .Where(x => x.ChildId == child && (request.Kind == DocumentKind.Unspecified || x.Kind == request.Kind))
                .OrderByDescending(x => x.CreatedAt).ThenByDescending(x => x.Id));
        return new ListDocumentsResponse { NextPageToken = next, Documents = { page.Select(x => x.ToProto()) } };
    }

    [Authorize(Policy = Policies.CaseWriter)]
    public override async Task<ChronologyEntry> CreateChronologyEntry(CreateChronologyEntryRequest request, ServerCallContext context)
    {
        var e = request.Entry ?? new ChronologyEntry();
        var occurredOn = e.OccurredOn.ToDateOnly();
        var v = new Violations().RequireRequestId(request.RequestId);
        CaseRules.ValidateChronologyEntry(v, occurredOn, e.Category, e.Summary, Today);
        v.ThrowIfAny();
        return await work.ExecuteAsync(context.Method, request.RequestId, _ => request.ChildId, async ct =>
        {
            var child = await LoadChildAsync(request.ChildId, "child_id", tracking: false, ct);
            var entry = Chronicle(child.Id, occurredOn!.Value, e.Category.Trim(), e.Summary.Trim(), systemGenerated: false);
            return entry.ToProto();
        }, context.CancellationToken);
    }

    [Authorize(Policy = Policies.CaseReader)]
    public override async Task<ListChronologyEntriesResponse> ListChronologyEntries(ListChronologyEntriesRequest request, ServerCallContext context)
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
        var child = await LoadChildAsync(childId, "child_id", tracking: false, context.CancellationToken);
        var records = query(child.Id);
        var total = await records.CountAsync(context.CancellationToken);
        var page = await records.Skip(offset).Take(size).ToListAsync(context.CancellationToken);
        auditor.Read(context.Method, childId);
        return (page, PageTokens.Next(offset, size, page.Count, total, tokenScope));
    }

    private async Task<ChildRecord> LoadChildAsync(string id, string field, bool tracking, CancellationToken cancellationToken)
    {
        var children = tracking ? db.Children : db.Children.AsNoTracking();
        return await children
            .Include(c => c.Episodes).ThenInclude(e => e.Placements)
            .Include(c => c.Network)
            .Include(c => c.Allocations.Where(a => a.EndedAt == null))
            .AsSplitQuery()
            .FindByIdAsync("Child", id, field, cancellationToken);
    }

    private static CareEpisodeRecord FindEpisode(ChildRecord child, string episodeId) =>
        child.Episodes.FirstOrDefault(e => e.Id.ToString() == episodeId)
        ?? throw new ResourceNotFoundException("CareEpisode", episodeId);

    private async Task RequireUniqueLocalIdAsync(string? localId, Guid? exceptChild, CancellationToken cancellationToken)
    {
        if (localId is not null && await db.Children.AnyAsync(c => c.LocalId == localId && c.Id != exceptChild, cancellationToken))
        {
            throw new ValidationFailedException([new FieldViolation("child.local_id", "is already used by another child")]);
        }
    }

    private static PlacementRecord NewPlacement(CareEpisodeRecord episode, Placement placement, DateOnly startDate) => new()
    {
        Id = Guid.CreateVersion7(),
        EpisodeId = episode.Id,
        CarerType = placement.CarerType,
        CarerName = placement.CarerName.NullIfEmpty(),
        StartDate = startDate,
    };

    private ChronologyRecord Chronicle(Guid childId, DateOnly occurredOn, string category, string summary, bool systemGenerated = true)
    {
        var entry = new ChronologyRecord
        {
            Id = Guid.CreateVersion7(),
            ChildId = childId,
            OccurredOn = occurredOn,
            Category = category,
            Summary = summary,
            SystemGenerated = systemGenerated,
            AuthorId = user.Id,
            CreatedAt = clock.GetUtcNow(),
        };
        db.Chronology.Add(entry);
        return entry;
    }

    private void Raise(Guid childId, string requestId, Google.Protobuf.IMessage payload) =>
        outbox.Add(Topic, payload, childId.ToString(), requestId, user.Id);
}
