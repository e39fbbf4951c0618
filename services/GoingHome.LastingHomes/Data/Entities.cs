using GoingHome.Case.V1;
using GoingHome.LastingHomes.V1;

namespace GoingHome.LastingHomes.Data;

/// <summary>A child's lasting-home process in their current home (LH-1..LH-9).</summary>
public sealed class LastingHomeEntity
{
    public Guid Id { get; set; }

    public int Version { get; set; }

    public required string ChildId { get; set; }

    public LastingHomeStage Stage { get; set; }

    public CarerType CarerType { get; set; }

    public string CarerName { get; set; } = "";

    public string ResidentialExceptionEvidence { get; set; } = "";

    public bool KinshipTimeLimited { get; set; }

    public string PrivateLawOrderConsidered { get; set; } = "";

    public string IroId { get; set; } = "";

    public DateOnly? IroAgreedOn { get; set; }

    public string TeamId { get; set; } = "";

    public DateOnly? StartedOn { get; set; }

    public DateOnly? MatchingMeetingOn { get; set; }

    public string ChairId { get; set; } = "";

    public string Strengths { get; set; } = "";

    public string Concerns { get; set; } = "";

    public string Recommendation { get; set; } = "";

    public string CelebrationWish { get; set; } = "";

    public long ContributionPence { get; set; }

    public string ApprovalRequestId { get; set; } = "";

    public DateOnly? RatifiedOn { get; set; }

    public DateOnly? VisitOn { get; set; }

    public string VisitPlace { get; set; } = "";

    public List<string> VisitAttendees { get; set; } = [];

    public string CarersCommitment { get; set; } = "";

    public string MeaningForChild { get; set; } = "";

    public string ChildFileDocumentId { get; set; } = "";

    public string CarersRecordBy { get; set; } = "";

    public DateOnly? CelebratedOn { get; set; }

    public bool ContributionPaid { get; set; }

    public bool PhotographsRequested { get; set; }

    public DateTimeOffset StageEnteredAt { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public List<PreparationEntity> Preparation { get; set; } = [];

    public List<GuideEntity> Guides { get; set; } = [];
}

public sealed class PreparationEntity
{
    public Guid Id { get; set; }

    public Guid LastingHomeId { get; set; }

    public PreparationItem Item { get; set; }

    public string Subject { get; set; } = "";

    public string Notes { get; set; } = "";

    public required string RecordedBy { get; set; }

    public DateOnly DoneOn { get; set; }
}

public sealed class GuideEntity
{
    public Guid Id { get; set; }

    public Guid LastingHomeId { get; set; }

    public Guide Guide { get; set; }

    public required string SharedWith { get; set; }

    public DateOnly SharedOn { get; set; }
}
