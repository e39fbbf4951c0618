using GoingHome.Pathway.Data;
using GoingHome.ServiceDefaults.Auth;

namespace GoingHome.Pathway.Domain;

/// <summary>Work belongs to people: who may complete a task or mark it not needed. Pure.</summary>
public static class TaskRules
{
    private static readonly string[] AboveTeamManager = [Roles.ServiceManager, Roles.HeadOfService, Roles.AssistantDirector, Roles.DeputyDirector, Roles.Director];

    /// <summary>
    /// The task's owner; the worker Case allocates to the child in the task's role (or, for a role's task nobody is
    /// allocated to, someone holding that role); the child's allocated team manager; or a service manager or above.
    /// Tokens carry no team, so "the owner's line manager" is the team manager allocated to the child.
    /// </summary>
    public static bool MayClose(PathwayTaskEntity task, PathwayEntity pathway, string userId, IReadOnlyCollection<string> roles)
    {
        var allocated = pathway.AllocatedTo(task.OwnerRole);
        return userId == task.OwnerId
            || (allocated.Length > 0 ? userId == allocated : task.OwnerId.Length == 0 && roles.Contains(task.OwnerRole))
            || (roles.Contains(Roles.TeamManager) && userId == pathway.TeamManagerId)
            || roles.Any(AboveTeamManager.Contains);
    }

    /// <summary>
    /// Rules S20-4 (003, phased withdrawal) and RH-8: a visit after an unplanned section 20 return is made, and the GP and
    /// Housing contacts recorded, not waved away; either is excused (not needed) only with a manager's agreement and its
    /// reason: the child's team manager or above.
    /// </summary>
    public static bool MayExcuse(PathwayTaskEntity task, PathwayEntity pathway, string userId, IReadOnlyCollection<string> roles) =>
        task.RuleId is not ("S20-4" or "RH-8")
        || (roles.Contains(Roles.TeamManager) && userId == pathway.TeamManagerId)
        || roles.Any(AboveTeamManager.Contains);
}
