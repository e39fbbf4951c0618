using GoingHome.Pathway.V1;
using GoingHome.ServiceDefaults.Auth;

namespace GoingHome.Pathway.Data;

/// <summary>A child's pathway through one care episode.</summary>
public sealed class PathwayEntity
{
    public Guid Id { get; set; }

    public int Version { get; set; }

    public required string ChildId { get; set; }

    public required string EpisodeId { get; set; }

    public Stage Stage { get; set; }

    public DateOnly EnteredCareOn { get; set; }

    public DateTimeOffset PlacementStartAt { get; set; }

    public DateTimeOffset StageEnteredAt { get; set; }

    public string TeamId { get; set; } = "";

    // Who holds each role on the child's case (from Case allocations): tasks of that role are theirs.
    public string SocialWorkerId { get; set; } = "";

    public string TeamManagerId { get; set; } = "";

    public string ReviewingOfficerId { get; set; } = "";

    public string SupervisingSocialWorkerId { get; set; } = "";

    /// <summary>The worker allocated in a role (DOMAIN.md role words), or empty.</summary>
    public string AllocatedTo(string role) => role switch
    {
        Roles.SocialWorker => SocialWorkerId,
        Roles.TeamManager => TeamManagerId,
        Roles.IndependentReviewingOfficer => ReviewingOfficerId,
        Roles.SupervisingSocialWorker => SupervisingSocialWorkerId,
        _ => "",
    };

    /// <summary>Records a new allocation; false for a role the pathway does not track.</summary>
    public bool Allocate(string role, string workerId)
    {
        switch (role)
        {
            case Roles.SocialWorker: SocialWorkerId = workerId; return true;
            case Roles.TeamManager: TeamManagerId = workerId; return true;
            case Roles.IndependentReviewingOfficer: ReviewingOfficerId = workerId; return true;
            case Roles.SupervisingSocialWorker: SupervisingSocialWorkerId = workerId; return true;
            default: return false;
        }
    }

    public DateOnly DateOfBirth { get; set; }

    public bool HasSiblings { get; set; }

    public DateOnly? PlannedReturnDate { get; set; }

    public DateOnly? ReturnDate { get; set; }

    /// <summary>RH-8: the return home plan, a document on the child's record in Case.</summary>
    public string PlanDocumentId { get; set; } = "";

    public int ReviewsHeld { get; set; }

    public DateOnly? NextReviewDue { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }
}

public enum TaskStatus
{
    Open,
    Done,
    NotNeeded,
    Cancelled,
}

public sealed class PathwayTaskEntity
{
    public Guid Id { get; set; }

    public Guid PathwayId { get; set; }

    public required string ChildId { get; set; }

    public required string TemplateKey { get; set; }

    public required string RuleId { get; set; }

    public required string Title { get; set; }

    public required string OwnerRole { get; set; }

    public string OwnerId { get; set; } = "";

    public string TeamId { get; set; } = "";

    public DateTimeOffset DueAt { get; set; }

    public TaskStatus Status { get; set; }

    public Stage Stage { get; set; }

    public string Outcome { get; set; } = "";

    public string NotNeededReason { get; set; } = "";

    public string ClosedBy { get; set; } = "";

    public DateTimeOffset? ClosedAt { get; set; }

    public string EscalateTo { get; set; } = "";

    public int EscalateAfterWorkingDays { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
}

public sealed class PathwayRecordEntity
{
    public Guid Id { get; set; }

    public Guid PathwayId { get; set; }

    public required string ChildId { get; set; }

    public RecordKind Kind { get; set; }

    public DateOnly OccurredOn { get; set; }

    public string Subject { get; set; } = "";

    public string Status { get; set; } = "";

    public string Outcome { get; set; } = "";

    public string Notes { get; set; } = "";

    /// <summary>Who attended (statutory reviews, T-3 / GH-2).</summary>
    public List<string> Attendees { get; set; } = [];

    public required string RecordedBy { get; set; }

    public Stage Stage { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
}

public sealed class Section20ReturnEntity
{
    public Guid Id { get; set; }

    public Guid PathwayId { get; set; }

    public int Version { get; set; }

    public required string ChildId { get; set; }

    public Section20Trigger Trigger { get; set; }

    public required string RaisedBy { get; set; }

    public DateOnly TriggerDate { get; set; }

    public DateOnly? ReturnDate { get; set; }

    /// <summary>RH-8: the return home plan, a document on the child's record in Case.</summary>
    public string PlanDocumentId { get; set; } = "";

    public string ChildViews { get; set; } = "";

    /// <summary>Rule S20-4: how the parents were consulted on a planned return.</summary>
    public string ParentsConsulted { get; set; } = "";

    /// <summary>Rule S20-2: a 16-17 year old's own rights, as they were told them.</summary>
    public string YoungPersonRights { get; set; } = "";

    public Section20State State { get; set; }

    public string AssessmentForm { get; set; } = "";

    public string AssessmentReason { get; set; } = "";

    public string ApprovalRequestId { get; set; } = "";

    public string DecisionReason { get; set; } = "";

    public DateTimeOffset CreatedAt { get; set; }
}
