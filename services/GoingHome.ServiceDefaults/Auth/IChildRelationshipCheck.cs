namespace GoingHome.ServiceDefaults.Auth;

/// <summary>
/// Rule ACC-1: before a change to a child's records commits, the caller must be related to the child (allocated, the
/// child's team, a senior manager of the service). Case checks against its own allocations; the other services ask
/// Case (<c>CaseRelationshipCheck</c>). A service with none registered (Notifications: no casework) checks nothing.
/// </summary>
public interface IChildRelationshipCheck
{
    /// <summary>Throws PERMISSION_DENIED (ACC-1) when the caller is not related to the child.</summary>
    Task RequireAsync(string childId, CancellationToken cancellationToken);
}
