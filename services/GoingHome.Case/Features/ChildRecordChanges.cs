using GoingHome.Case.Data;
using GoingHome.Case.Domain;
using GoingHome.Case.Grpc;
using GoingHome.Case.V1;
using GoingHome.Events.V1;
using GoingHome.ServiceDefaults.Grpc;

namespace GoingHome.Case.Features;

/// <summary>
/// The changes to a child's record that both the interactive methods and the sync from a system of record make: each
/// adds its rows, its chronology entry and its event to the caller's unit of work, and moves the child's etag.
/// Validation is the caller's, before it asks for the change.
/// </summary>
public sealed class ChildRecordChanges(CaseDbContext db, ChildFiles files, TimeProvider clock)
{
    public ChildEntity Register(Child input, string? nhsNumber, string requestId, string? sourceSystem = null, string? sourceId = null)
    {
        var now = clock.GetUtcNow();
        var child = new ChildEntity
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
            SourceSystem = sourceSystem,
            SourceId = sourceId,
            Sex = SexCode(input.Gender),
            CreatedAt = now,
            UpdatedAt = now,
        };
        db.Children.Add(child);
        files.Raise(child.Id, requestId, new ChildCreated
        {
            ChildId = child.Id.ToString(), LocalId = child.LocalId ?? "", DateOfBirth = child.DateOfBirth.ToProto(),
            GivenName = child.GivenName, FamilyName = child.FamilyName,
        });
        return child;
    }

    /// <summary>The SSDA903 sex code a gender stands for (1 male, 2 female), else none.</summary>
    public static string? SexCode(Gender gender) => gender switch
    {
        Gender.Male => "1",
        Gender.Female => "2",
        _ => null,
    };

    /// <summary>The identity fields named changed: one event naming them.</summary>
    public void Updated(ChildEntity child, IReadOnlyCollection<string> fields, string requestId)
    {
        child.Touch(clock.GetUtcNow());
        files.Raise(child.Id, requestId, new ChildUpdated
        {
            ChildId = child.Id.ToString(), Fields = { fields },
            GivenName = child.GivenName, FamilyName = child.FamilyName, DateOfBirth = child.DateOfBirth.ToProto(),
        });
    }

    /// <summary>
    /// Opens a care episode under the SSDA903 legal status <paramref name="ls"/>, with its first placement when there is
    /// one (no PlacementAdded for that one). RNE S opens a period of care; L, B and U continue one (ChangeLegalStatus).
    /// </summary>
    public CareEpisodeEntity OpenEpisode(
        ChildEntity child, string ls, string? cin, DateOnly startDate, Placement? first, DateOnly? placedOn, DateTimeOffset? placedAt, string rne, string requestId)
    {
        var episode = new CareEpisodeEntity
        {
            Id = Guid.CreateVersion7(), ChildId = child.Id, Ls = ls, LegalStatus = Ssda903Codes.CategoryOfLegalStatus(ls), Cin = cin.NullIfEmpty(), StartDate = startDate,
        };
        if (first is not null)
        {
            episode.Placements.Add(NewPlacement(episode, first, placedOn ?? startDate, placedAt, rne));
        }

        db.Episodes.Add(episode);
        child.Episodes.Add(episode);
        child.Touch(clock.GetUtcNow());
        var period = CareHistory.PeriodOf(child, episode)!;
        files.Chronicle(child.Id, episode.StartDate, "Care episode", rne == Ssda903Codes.NewPeriod
            ? $"Became looked after ({ls}: {Ssda903Codes.LegalStatuses[ls].Meaning})."
            : $"Legal status changed to {ls}: {Ssda903Codes.LegalStatuses[ls].Meaning}.");
        files.Raise(child.Id, requestId, new CareEpisodeStarted
        {
            ChildId = child.Id.ToString(), EpisodeId = episode.Id.ToString(), LegalStatus = episode.LegalStatus, StartDate = episode.StartDate.ToProto(),
            Ls = ls, Rne = rne, PeriodStartDate = period.Start.ToProto(),
        });
        return episode;
    }

    /// <summary>A later placement in an open episode: the current one ends the day it starts (GH-1's tasks follow the event).</summary>
    public PlacementEntity Place(ChildEntity child, CareEpisodeEntity episode, Placement input, DateOnly startDate, DateTimeOffset? startAt, string rne, string requestId)
    {
        foreach (var current in episode.Placements.Where(p => p.EndDate is null))
        {
            current.EndDate = startDate;
        }

        var placement = NewPlacement(episode, input, startDate, startAt, rne);
        db.Add(placement);
        episode.Placements.Add(placement);
        child.Touch(clock.GetUtcNow());
        files.Chronicle(child.Id, placement.StartDate, "Placement", $"Placed with {placement.CarerType} carer {placement.CarerName}".TrimEnd() + $" ({placement.Pl}).");
        files.Raise(child.Id, requestId, new PlacementAdded
        {
            ChildId = child.Id.ToString(), EpisodeId = episode.Id.ToString(), PlacementId = placement.Id.ToString(),
            CarerType = placement.CarerType, StartDate = placement.StartDate.ToProto(), StartTime = placement.StartAt.ToProto(), Pl = placement.Pl ?? "",
        });
        return placement;
    }

    /// <summary>
    /// Rule CLA-1: a new legal status within the period of care: the open episode ceases with X1 and the next begins the
    /// same day, in the same placement (RNE L) or a new one (B, or U when the carers stay the same).
    /// </summary>
    public CareEpisodeEntity ChangeLegalStatus(
        ChildEntity child, CareEpisodeEntity episode, string ls, string? cin, DateOnly changeDate, Placement? newPlacement, DateOnly? placedOn, DateTimeOffset? placedAt, string rne, string requestId)
    {
        var current = CareHistory.CurrentPlacement(episode);
        Close(episode, changeDate, Ssda903Codes.LegalStatusChange, null, null);
        files.Raise(child.Id, requestId, EndedEvent(child, episode, periodEnded: false, returnedHome: false));
        var carriedOver = newPlacement ?? (current is null ? null : Carried(current));
        return OpenEpisode(child, ls, cin.NullIfEmpty() ?? episode.Cin, changeDate, carriedOver, placedOn ?? changeDate, placedAt, rne, requestId);
    }

    /// <summary>
    /// The period of care ends (REC other than X1). A return home the approvals did not cover (recorded from the source)
    /// keeps the rules unmet, which the event carries so Pathway and Notifications raise it (CLA-5).
    /// </summary>
    public void EndPeriod(ChildEntity child, CareEpisodeEntity episode, DateOnly endDate, string rec, string? note, bool returnedHome, IReadOnlyList<string>? missingRules, string requestId)
    {
        Close(episode, endDate, rec, note, missingRules);
        child.Touch(clock.GetUtcNow());
        files.Chronicle(child.Id, endDate, "Care episode", $"Stopped being looked after ({rec}: {Ssda903Codes.ReasonsEpisodeCeased[rec].Meaning}).");
        files.Raise(child.Id, requestId, EndedEvent(child, episode, periodEnded: true, returnedHome));
    }

    /// <summary>
    /// Rule S20-6 / CLA-1: the IRO's statutory role is for a looked-after child, so it ends with the period of care (the
    /// allocation is kept as history; CareEpisodeEnded tells the services).
    /// </summary>
    public void EndIroRole(ChildEntity child, DateOnly endDate)
    {
        foreach (var iro in child.Allocations.Where(a => a.Role == WorkerRole.IndependentReviewingOfficer && a.EndedAt is null))
        {
            iro.EndedAt = clock.GetUtcNow();
            files.Chronicle(child.Id, endDate, "Allocation", $"The IRO's role ended with the period of care ({iro.WorkerName ?? iro.WorkerId}).");
        }
    }

    /// <summary>Items of a held row the source corrected that change no fact the rules key on (postcodes, URN, provider, need, reason).</summary>
    public void CorrectRow(ChildEntity child, PlacementEntity row, Ssda903Row source, string requestId)
    {
        row.Cin = source.Cin;
        row.PlPost = source.PlPost;
        row.HomePost = source.HomePost;
        row.Urn = source.Urn;
        row.PlaceProvider = source.PlaceProvider;
        row.ReasonPlaceChange = source.ReasonPlaceChange;
        Updated(child, ["ssda903.episodes"], requestId);
    }

    private static void Close(CareEpisodeEntity episode, DateOnly endDate, string rec, string? note, IReadOnlyList<string>? missingRules)
    {
        episode.EndDate = endDate;
        episode.Rec = rec;
        episode.EndReason = Ssda903Codes.CategoryOfEnding(rec);
        episode.EndNote = note.NullIfEmpty();
        episode.MissingApprovalRuleIds = missingRules is { Count: > 0 } ? [.. missingRules] : null;
        foreach (var placement in episode.Placements.Where(p => p.EndDate is null))
        {
            placement.EndDate = endDate;
        }
    }

    private static CareEpisodeEnded EndedEvent(ChildEntity child, CareEpisodeEntity episode, bool periodEnded, bool returnedHome) => new()
    {
        ChildId = child.Id.ToString(),
        EpisodeId = episode.Id.ToString(),
        EndDate = episode.EndDate.ToProto(),
        EndReason = episode.EndReason,
        Rec = episode.Rec ?? "",
        PeriodEnded = periodEnded,
        ReturnedHome = returnedHome,
        MissingApprovalRuleIds = { episode.MissingApprovalRuleIds ?? [] },
        UnapprovedReturnHome = episode.MissingApprovalRuleIds is { Count: > 0 },
        PeriodStartDate = CareHistory.PeriodOf(child, episode)!.Start.ToProto(),
    };

    /// <summary>The same placement, carried into the next legal-status episode (a new 903 row, RNE L).</summary>
    private static Placement Carried(PlacementEntity p) => new()
    {
        CarerType = p.CarerType, CarerName = p.CarerName ?? "", Pl = p.Pl ?? "", PlPost = p.PlPost ?? "", HomePost = p.HomePost ?? "",
        Urn = p.Urn ?? "", PlaceProvider = p.PlaceProvider ?? "",
    };

    /// <summary>Allocates a worker to a role, ending the previous holder of that role.</summary>
    public AllocationEntity Allocate(ChildEntity child, Allocation input, string requestId)
    {
        var now = clock.GetUtcNow();
        var previous = child.Allocations.FirstOrDefault(x => x.Role == input.Role && x.EndedAt is null);
        if (previous is not null)
        {
            previous.EndedAt = now;
        }

        var allocation = new AllocationEntity
        {
            Id = Guid.CreateVersion7(),
            ChildId = child.Id,
            Role = input.Role,
            WorkerId = input.WorkerId.Trim(),
            WorkerName = input.WorkerName.NullIfEmpty(),
            TeamId = input.TeamId.Trim(),
            StartedAt = now,
        };
        db.Allocations.Add(allocation);
        child.Allocations.Add(allocation);
        child.Touch(now);
        files.Chronicle(child.Id, files.Today, "Allocation", $"{input.Role} allocated: {allocation.WorkerName ?? allocation.WorkerId} ({allocation.TeamId}).");
        files.Raise(child.Id, requestId, new AllocationChanged
        {
            ChildId = child.Id.ToString(), Role = input.Role, WorkerId = allocation.WorkerId, PreviousWorkerId = previous?.WorkerId ?? "", TeamId = allocation.TeamId,
        });
        return allocation;
    }

    public NetworkMemberEntity AddMember(ChildEntity child, NetworkMember input, string requestId)
    {
        var member = new NetworkMemberEntity
        {
            Id = Guid.CreateVersion7(),
            ChildId = child.Id,
            Relationship = input.Relationship,
            Name = input.Name.Trim(),
            Organisation = input.Organisation.NullIfEmpty(),
            Email = input.Email.NullIfEmpty(),
            Phone = input.Phone.NullIfEmpty(),
            HouseholdMember = input.HouseholdMember,
            PersonId = input.PersonId.NullIfEmpty(),
            AddedAt = clock.GetUtcNow(),
        };
        db.NetworkMembers.Add(member);
        child.Network.Add(member);
        child.Touch(clock.GetUtcNow());
        files.Raise(child.Id, requestId, new NetworkChanged { ChildId = child.Id.ToString(), MemberId = member.Id.ToString(), Change = NetworkChange.Added, Relationship = member.Relationship });
        return member;
    }

    /// <summary>A placement (903 row); its PL is the one given, else the one the v1 carer type stands for.</summary>
    private static PlacementEntity NewPlacement(CareEpisodeEntity episode, Placement placement, DateOnly startDate, DateTimeOffset? startAt, string rne)
    {
        var pl = placement.Pl.NullIfEmpty() ?? Ssda903Codes.DefaultCode(placement.CarerType).NullIfEmpty();
        return new PlacementEntity
        {
            Id = Guid.CreateVersion7(),
            EpisodeId = episode.Id,
            CarerType = pl is null ? placement.CarerType : Ssda903Codes.CategoryOfPlacement(pl),
            CarerName = placement.CarerName.NullIfEmpty(),
            StartDate = startDate,
            StartAt = startAt,
            Rne = rne,
            Pl = pl,
            PlPost = placement.PlPost.NullIfEmpty(),
            HomePost = placement.HomePost.NullIfEmpty(),
            Urn = placement.Urn.NullIfEmpty(),
            PlaceProvider = placement.PlaceProvider.NullIfEmpty(),
            ReasonPlaceChange = placement.ReasonPlaceChange.NullIfEmpty(),
        };
    }
}
