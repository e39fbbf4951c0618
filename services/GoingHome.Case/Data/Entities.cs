using GoingHome.Case.V1;

namespace GoingHome.Case.Data;

/// <summary>The child's record. Version changes on every write to the record or anything in it (the etag).</summary>
public sealed class ChildEntity
{
    public Guid Id { get; set; }

    public int Version { get; set; }

    public required string GivenName { get; set; }

    public required string FamilyName { get; set; }

    public DateOnly DateOfBirth { get; set; }

    public Gender Gender { get; set; }

    public string? Ethnicity { get; set; }

    public string? LocalId { get; set; }

    public string? NhsNumber { get; set; }

    /// <summary>The system of record the child is kept in step with (SyncChildren), and the child's id there.</summary>
    public string? SourceSystem { get; set; }

    public string? SourceId { get; set; }

    /// <summary>SSDA903 header items: unique pupil number, sex code (1, 2), UASC flag, mother flag and her child's birth date.</summary>
    public string? Upn { get; set; }

    public string? Sex { get; set; }

    public string? Uasc { get; set; }

    public string? Mother { get; set; }

    public DateOnly? MotherChildDob { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }

    public List<CareEpisodeEntity> Episodes { get; set; } = [];

    public List<NetworkMemberEntity> Network { get; set; } = [];

    public List<AllocationEntity> Allocations { get; set; } = [];

    public CareEpisodeEntity? OpenEpisode => Episodes.FirstOrDefault(e => e.EndDate is null);

    public void Touch(DateTimeOffset now)
    {
        Version++;
        UpdatedAt = now;
    }
}

/// <summary>
/// A run of being looked after under one legal status (SSDA903 LS) within a period of care; each placement in it is one
/// 903 episode row. It ends with REC X1 when the legal status changes and the period goes on, else with the period's end.
/// </summary>
public sealed class CareEpisodeEntity
{
    public Guid Id { get; set; }

    public Guid ChildId { get; set; }

    /// <summary>The category of <see cref="Ls"/>, kept beside it for filters.</summary>
    public LegalStatus LegalStatus { get; set; }

    public required string Ls { get; set; }

    public string? Cin { get; set; }

    public string? Rec { get; set; }

    /// <summary>The rule IDs of the approvals a return home recorded at the source did not have (CLA-5); null otherwise.</summary>
    public List<string>? MissingApprovalRuleIds { get; set; }

    public DateOnly StartDate { get; set; }

    public DateOnly? EndDate { get; set; }

    public EpisodeEndReason EndReason { get; set; }

    public string? EndNote { get; set; }

    public List<PlacementEntity> Placements { get; set; } = [];
}

public sealed class PlacementEntity
{
    public Guid Id { get; set; }

    public Guid EpisodeId { get; set; }

    public CarerType CarerType { get; set; }

    public string? CarerName { get; set; }

    public DateOnly StartDate { get; set; }

    /// <summary>The moment of placement, when the caller gave it (GH-1's 72 hours run from it).</summary>
    public DateTimeOffset? StartAt { get; set; }

    public DateOnly? EndDate { get; set; }

    /// <summary>The SSDA903 items of the episode row this placement is.</summary>
    public required string Rne { get; set; }

    public string? Pl { get; set; }

    public string? Cin { get; set; }

    public string? PlPost { get; set; }

    public string? HomePost { get; set; }

    public string? Urn { get; set; }

    public string? PlaceProvider { get; set; }

    public string? ReasonPlaceChange { get; set; }
}

public sealed class NetworkMemberEntity
{
    public Guid Id { get; set; }

    public Guid ChildId { get; set; }

    public Relationship Relationship { get; set; }

    public required string Name { get; set; }

    public string? Organisation { get; set; }

    public string? Email { get; set; }

    public string? Phone { get; set; }

    public bool HouseholdMember { get; set; }

    public string? PersonId { get; set; }

    public DateTimeOffset AddedAt { get; set; }
}

/// <summary>An allocation; the current one for a role has no EndedAt, earlier ones are kept.</summary>
public sealed class AllocationEntity
{
    public Guid Id { get; set; }

    public Guid ChildId { get; set; }

    public WorkerRole Role { get; set; }

    public required string WorkerId { get; set; }

    public string? WorkerName { get; set; }

    public required string TeamId { get; set; }

    public DateTimeOffset StartedAt { get; set; }

    public DateTimeOffset? EndedAt { get; set; }
}

public sealed class CaseNoteEntity
{
    public Guid Id { get; set; }

    public Guid ChildId { get; set; }

    public CaseNoteType Type { get; set; }

    public string? Subject { get; set; }

    public required string Body { get; set; }

    public required string AuthorId { get; set; }

    public string? AuthorName { get; set; }

    public required string AuthorRole { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
}

public sealed class DocumentEntity
{
    public Guid Id { get; set; }

    public Guid ChildId { get; set; }

    public DocumentKind Kind { get; set; }

    public required string Title { get; set; }

    public string? Uri { get; set; }

    public string? ContentType { get; set; }

    public DateOnly? DocumentDate { get; set; }

    public required string AuthorId { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
}

public sealed class ChronologyEntity
{
    public Guid Id { get; set; }

    public Guid ChildId { get; set; }

    public DateOnly OccurredOn { get; set; }

    public required string Category { get; set; }

    public required string Summary { get; set; }

    public bool SystemGenerated { get; set; }

    public required string AuthorId { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
}
