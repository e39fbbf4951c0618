using GoingHome.ServiceDefaults.Errors;

namespace GoingHome.ServiceDefaults.Auth;

/// <summary>Who a caller is to a child, strongest first. Decides who may act on the child (rule ACC-1, docs/access.md).</summary>
public enum ChildRelationship
{
    /// <summary>No tie: another team's worker, or a role that takes no casework.</summary>
    None,

    /// <summary>The child has no worker allocated yet: the front door, open to the roles that may act at all.</summary>
    Unallocated,

    /// <summary>A member of a team the child's current workers are allocated from (the token's team claim).</summary>
    Team,

    /// <summary>Allocated to the child now (social worker, team manager, IRO, supervising social worker...).</summary>
    Allocated,

    /// <summary>A senior manager (SM and above) of the service area, which is the whole authority's children's service here.</summary>
    ServiceArea,

    /// <summary>An integration client keeping children's records from its source system (bound to it by ACC-3, not here).</summary>
    Source,

    /// <summary>One of the suite's own services acting on its own behalf (consumers, scans).</summary>
    Service,
}

/// <summary>One current allocation of a worker to a child, as the relationship sees it.</summary>
public readonly record struct AllocatedWorker(string WorkerId, string TeamId);

/// <summary>Rule ACC-1: relationship, not only role. Pure: decided from the caller's token and the child's current allocations.</summary>
public static class ChildRelationships
{
    /// <summary>SM and above act for the whole service area (decision: the suite serves one authority's children's service).</summary>
    public static readonly IReadOnlyList<string> ServiceAreaRoles =
        [Roles.ServiceManager, Roles.HeadOfService, Roles.AssistantDirector, Roles.DeputyDirector, Roles.Director];

    public static ChildRelationship Of(CurrentUser user, IReadOnlyCollection<AllocatedWorker> allocations)
    {
        if (user.IsInRole(Roles.Service))
        {
            return ChildRelationship.Service;
        }

        if (user.IsInRole(Roles.Integrator))
        {
            return ChildRelationship.Source;
        }

        if (ServiceAreaRoles.Any(user.IsInRole))
        {
            return ChildRelationship.ServiceArea;
        }

        if (allocations.Any(a => a.WorkerId == user.Id))
        {
            return ChildRelationship.Allocated;
        }

        if (allocations.Count == 0)
        {
            return ChildRelationship.Unallocated;
        }

        return allocations.Any(a => user.Teams.Contains(a.TeamId)) ? ChildRelationship.Team : ChildRelationship.None;
    }

    /// <summary>A service, an integrator or a senior manager: related to every child, so nothing needs reading to decide.</summary>
    public static bool RelatedToEveryChild(CurrentUser user) =>
        Of(user, []) is ChildRelationship.Service or ChildRelationship.Source or ChildRelationship.ServiceArea;

    /// <summary>PERMISSION_DENIED (ACC-1) unless the caller is related to the child.</summary>
    public static void Require(CurrentUser user, IReadOnlyCollection<AllocatedWorker> allocations)
    {
        if (Of(user, allocations) == ChildRelationship.None)
        {
            throw new AccessDeniedException(
                "You are not allocated to this child, in the child's team or a senior manager of the service: ask the child's team manager (ACC-1).", "ACC-1");
        }
    }
}
