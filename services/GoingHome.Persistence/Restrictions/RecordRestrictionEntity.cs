namespace GoingHome.Persistence.Restrictions;

/// <summary>
/// A child's record restricted to named people and teams. Case owns it and raises ChildRecordRestrictionChanged; every
/// service keeps its own copy of the latest version, so each can hide the child without asking Case on every call.
/// </summary>
public sealed class RecordRestrictionEntity
{
    public required string ChildId { get; set; }

    public bool Restricted { get; set; }

    public List<string> UserIds { get; set; } = [];

    public List<string> TeamIds { get; set; } = [];

    /// <summary>Why it was restricted or lifted; kept by Case only (the event does not carry it).</summary>
    public string? Reason { get; set; }

    public string? ChangedBy { get; set; }

    public DateTimeOffset ChangedAt { get; set; }

    /// <summary>Rises with every change; an event older than the kept version is ignored.</summary>
    public int Version { get; set; }
}
