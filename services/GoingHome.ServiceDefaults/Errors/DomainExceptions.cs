namespace GoingHome.ServiceDefaults.Errors;

/// <summary>One bad field in a request, named by its path in the request message (for example child.given_name).</summary>
public sealed record FieldViolation(string Field, string Description);

/// <summary>One unmet workflow rule, named by its ID in DOMAIN.md.</summary>
public sealed record RuleViolation(string RuleId, string Subject, string Description);

/// <summary>Bad input: becomes INVALID_ARGUMENT with a BadRequest field violation per problem.</summary>
public sealed class ValidationFailedException(IReadOnlyList<FieldViolation> violations)
    : Exception("Request is invalid: " + string.Join("; ", violations.Select(v => $"{v.Field}: {v.Description}")))
{
    public IReadOnlyList<FieldViolation> Violations { get; } = violations;
}

/// <summary>A workflow guard: becomes FAILED_PRECONDITION with a PreconditionFailure naming each rule ID.</summary>
public sealed class RuleViolationException(IReadOnlyList<RuleViolation> violations)
    : Exception("Rules not met: " + string.Join("; ", violations.Select(v => $"{v.RuleId}: {v.Description}")))
{
    public RuleViolationException(RuleViolation violation)
        : this([violation])
    {
    }

    public IReadOnlyList<RuleViolation> Violations { get; } = violations;
}

/// <summary>Becomes NOT_FOUND with a ResourceInfo.</summary>
public sealed class ResourceNotFoundException(string resourceType, string resourceName)
    : Exception($"{resourceType} '{resourceName}' was not found.")
{
    public string ResourceType { get; } = resourceType;

    public string ResourceName { get; } = resourceName;
}

/// <summary>The caller's etag is not the stored one: becomes ABORTED, so the caller re-reads and retries.</summary>
public sealed class EtagMismatchException(string resourceType, string resourceName)
    : Exception($"{resourceType} '{resourceName}' has changed since it was read; read it again and retry.")
{
    public string ResourceType { get; } = resourceType;

    public string ResourceName { get; } = resourceName;
}

/// <summary>Authenticated, but this person may not do this to this record: becomes PERMISSION_DENIED.</summary>
public sealed class AccessDeniedException(string reason, string? ruleId = null) : Exception(reason)
{
    /// <summary>The rule that denies it (AP-7 for approvals), reported in the ErrorInfo.</summary>
    public string? RuleId { get; } = ruleId;
}

/// <summary>
/// The child's record is restricted and the caller is not among those named: answered NOT_FOUND, as if the record did
/// not exist, and logged as a refused access.
/// </summary>
public sealed class RestrictedRecordException(string childId) : Exception("The child's record is restricted.")
{
    public string ChildId { get; } = childId;
}
