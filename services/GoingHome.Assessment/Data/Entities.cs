using GoingHome.Assessment.V1;

namespace GoingHome.Assessment.Data;

public sealed class AssessmentEntity
{
    public Guid Id { get; set; }

    public int Version { get; set; }

    public required string ChildId { get; set; }

    public AssessmentKind Kind { get; set; }

    public AssessmentState State { get; set; }

    public required string AuthorId { get; set; }

    public required string TeamId { get; set; }

    public DateOnly RequestedOn { get; set; }

    public DateOnly? DueOn { get; set; }

    public DateOnly? CompletedOn { get; set; }

    public string? RequestedBy { get; set; }

    public string? WithdrawReason { get; set; }

    // Rule RH-4: the analysis sections of an updated assessment.
    public string? Chronology { get; set; }

    public string? ChildJourney { get; set; }

    public string? ReasonsForCare { get; set; }

    public string? EvidenceOfChange { get; set; }

    public string? CapacityToSustainChange { get; set; }

    public string? FathersAndPartners { get; set; }

    public string? PartnerAgencies { get; set; }

    public string? FamilyStresses { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }
}

/// <summary>Rule RH-3: one classification; the computed band is kept whatever the override says.</summary>
public sealed class RiskClassificationEntity
{
    public Guid Id { get; set; }

    public int Version { get; set; }

    public required string ChildId { get; set; }

    public RiskFactors RiskFactors { get; set; }

    public ProtectiveFactors ProtectiveFactors { get; set; }

    public CapacityToChange CapacityToChange { get; set; }

    public Wishes Wishes { get; set; }

    public RiskBand ComputedBand { get; set; }

    public required string Explanation { get; set; }

    public RiskBand OverrideBand { get; set; }

    public string? OverrideRationale { get; set; }

    public string? OverrideBy { get; set; }

    public required string ClassifiedBy { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public RiskBand Band => OverrideBand == RiskBand.Unspecified ? ComputedBand : OverrideBand;
}

public sealed class ChecklistEntity
{
    public Guid Id { get; set; }

    public int Version { get; set; }

    public required string ChildId { get; set; }

    public required string Subject { get; set; }

    public ChecklistState State { get; set; }

    public string Concerns { get; set; } = "";

    public LeavingCareStatus LeavingCareStatus { get; set; }

    public int DaysInCare { get; set; }

    public required string TeamId { get; set; }

    public string? CompletedBy { get; set; }

    public string? CompletedByRole { get; set; }

    public string? ExceptionReason { get; set; }

    public DateTimeOffset? CompletedAt { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public List<ChecklistItemEntity> Items { get; set; } = [];
}

public sealed class ChecklistItemEntity
{
    public Guid ChecklistId { get; set; }

    public required string Key { get; set; }

    public int Position { get; set; }

    public required string RuleId { get; set; }

    public required string Title { get; set; }

    public ItemState State { get; set; }

    public string? EvidenceNote { get; set; }

    public string? EvidenceDocumentId { get; set; }

    public DateOnly? EvidenceDate { get; set; }

    public string? NotApplicableReason { get; set; }

    public string? UpdatedBy { get; set; }
}

/// <summary>Rule NS-1: a DBS check on one adult household member.</summary>
public sealed class DbsCheckEntity
{
    public Guid Id { get; set; }

    /// <summary>Order of recording, so the latest check per person is unambiguous even within one instant.</summary>
    public long Sequence { get; set; }

    public required string ChildId { get; set; }

    public required string NetworkMemberId { get; set; }

    public required string PersonName { get; set; }

    public DbsState State { get; set; }

    public DateOnly RequestedOn { get; set; }

    public DateOnly? ResultOn { get; set; }

    public string? Notes { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
}

/// <summary>Rule NS-1: who the worker confirmed lives in the home the child would return to, and when.</summary>
public sealed class HouseholdConfirmationEntity
{
    public Guid Id { get; set; }

    public long Sequence { get; set; }

    public required string ChildId { get; set; }

    /// <summary>The Case network member ids of the adults in the home, sorted.</summary>
    public required List<string> MemberIds { get; set; }

    public required string ConfirmedBy { get; set; }

    public DateTimeOffset ConfirmedAt { get; set; }
}
