using GoingHome.Case.Data;
using GoingHome.ServiceDefaults.Auth;
using GoingHome.ServiceDefaults.Errors;

namespace GoingHome.Case.Features;

/// <summary>
/// Rule ACC-3 in Case: an integration client syncs only the source systems it is bound to
/// (<see cref="IntegratorBindings"/>), and reads only the children they keep; a client with no binding keeps none.
/// </summary>
public sealed class IntegratorSources(IntegratorBindings bindings, CurrentUser user)
{
    /// <summary>The source systems the calling integrator keeps; null when the caller is not an integrator.</summary>
    public IReadOnlyList<string>? Kept => user.IsInRole(Roles.Integrator) ? bindings.SourcesOf(user.Id) : null;

    /// <summary>PERMISSION_DENIED (ACC-3) unless the calling integrator is bound to <paramref name="sourceSystem"/>.</summary>
    public void RequireBound(string sourceSystem)
    {
        if (Kept is { } kept && !kept.Contains(sourceSystem, StringComparer.Ordinal))
        {
            throw new AccessDeniedException(
                kept.Count == 0
                    ? $"Client {user.Id} is bound to no source system: the authority configures Integrators:{user.Id}:SourceSystems (ACC-3)."
                    : $"Client {user.Id} keeps children for {string.Join(", ", kept)} only; {sourceSystem} is another client's (ACC-3).",
                "ACC-3");
        }
    }

    /// <summary>Whether the caller may read <paramref name="child"/>: anyone but an integrator, or one that keeps it.</summary>
    public bool MayRead(ChildEntity child) => Kept is not { } kept || (child.SourceSystem is { } source && kept.Contains(source, StringComparer.Ordinal));

    /// <summary>The children an integrator keeps, or all for anyone else (the role table and restrictions decide those).</summary>
    public IQueryable<ChildEntity> Readable(IQueryable<ChildEntity> children) =>
        Kept is { } kept ? children.Where(c => c.SourceSystem != null && kept.Contains(c.SourceSystem)) : children;
}
