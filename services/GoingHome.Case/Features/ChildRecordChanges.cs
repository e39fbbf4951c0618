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
            CreatedAt = now,
            UpdatedAt = now,
        };
        db.Children.Add(child);
        files.Raise(child.Id, requestId, new ChildCreated { ChildId = child.Id.ToString(), LocalId = child.LocalId ?? "", DateOfBirth = child.DateOfBirth.ToProto() });
        return child;
    }

    /// <summary>The identity fields named changed: one event naming them.</summary>
    public void Updated(ChildEntity child, IReadOnlyCollection<string> fields, string requestId)
    {
        child.Touch(clock.GetUtcNow());
        files.Raise(child.Id, requestId, new ChildUpdated { ChildId = child.Id.ToString(), Fields = { fields } });
    }

    /// <summary>Opens a care episode, with its first placement when there is one (no PlacementAdded for that one).</summary>
    public CareEpisodeEntity OpenEpisode(ChildEntity child, LegalStatus legalStatus, DateOnly startDate, Placement? first, DateOnly? placedOn, DateTimeOffset? placedAt, string requestId)
    {
        var episode = new CareEpisodeEntity { Id = Guid.CreateVersion7(), ChildId = child.Id, LegalStatus = legalStatus, StartDate = startDate };
        if (first is not null)
        {
            episode.Placements.Add(NewPlacement(episode, first, placedOn ?? startDate, placedAt));
        }

        db.Episodes.Add(episode);
        child.Episodes.Add(episode);
        child.Touch(clock.GetUtcNow());
        files.Chronicle(child.Id, episode.StartDate, "Care episode", $"Became looked after ({legalStatus}).");
        files.Raise(child.Id, requestId, new CareEpisodeStarted
        {
            ChildId = child.Id.ToString(), EpisodeId = episode.Id.ToString(), LegalStatus = episode.LegalStatus, StartDate = episode.StartDate.ToProto(),
        });
        return episode;
    }

    /// <summary>A later placement in an open episode: the current one ends the day it starts (GH-1's tasks follow the event).</summary>
    public PlacementEntity Place(ChildEntity child, CareEpisodeEntity episode, Placement input, DateOnly startDate, DateTimeOffset? startAt, string requestId)
    {
        foreach (var current in episode.Placements.Where(p => p.EndDate is null))
        {
            current.EndDate = startDate;
        }

        var placement = NewPlacement(episode, input, startDate, startAt);
        db.Add(placement);
        episode.Placements.Add(placement);
        child.Touch(clock.GetUtcNow());
        files.Chronicle(child.Id, placement.StartDate, "Placement", $"Placed with {input.CarerType} carer {placement.CarerName}".TrimEnd() + ".");
        files.Raise(child.Id, requestId, new PlacementAdded
        {
            ChildId = child.Id.ToString(), EpisodeId = episode.Id.ToString(), PlacementId = placement.Id.ToString(),
            CarerType = placement.CarerType, StartDate = placement.StartDate.ToProto(), StartTime = placement.StartAt.ToProto(),
        });
        return placement;
    }

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

    private static PlacementEntity NewPlacement(CareEpisodeEntity episode, Placement placement, DateOnly startDate, DateTimeOffset? startAt) => new()
    {
        Id = Guid.CreateVersion7(),
        EpisodeId = episode.Id,
        CarerType = placement.CarerType,
        CarerName = placement.CarerName.NullIfEmpty(),
        StartDate = startDate,
        StartAt = startAt,
    };
}
