using GoingHome.Case.V1;

namespace GoingHome.Notifications.Domain;

/// <summary>The authority's routing table (NT-1): which events tell whom what. Loaded and validated at start-up.</summary>
public sealed class RoutingTable(IReadOnlyList<Route> routes)
{
    private readonly ILookup<string, Route> _byEvent = routes.ToLookup(r => r.EventType, StringComparer.Ordinal);

    public IReadOnlyList<Route> Routes { get; } = routes;

    public IEnumerable<Route> For(string eventType) => _byEvent[eventType];
}

/// <summary>
/// One route: an event type (narrowed by payload values in <see cref="When"/>), the kind of notification it makes, the
/// rule that requires it, title and body templates with {field} placeholders, and who receives it.
/// </summary>
public sealed record Route(
    string EventType, IReadOnlyDictionary<string, string> When, string Kind, string RuleTemplate, string TitleTemplate,
    string BodyTemplate, IReadOnlyList<RecipientSelector> To);

/// <summary>How a route names its recipients; never a person typed by a caller (NT-1).</summary>
public abstract record RecipientSelector
{
    /// <summary>The worker allocated in this role on the child's case; the role's inbox when nobody is.</summary>
    public sealed record Allocated(WorkerRole WorkerRole, string Role) : RecipientSelector;

    /// <summary>Everyone in the child's network with this relationship.</summary>
    public sealed record Network(Relationship Relationship) : RecipientSelector;

    /// <summary>The child or young person.</summary>
    public sealed record ChildItself : RecipientSelector;

    public sealed record FixedRole(string Role) : RecipientSelector;

    /// <summary>The user whose id is in the event field.</summary>
    public sealed record UserFrom(string Field) : RecipientSelector;

    /// <summary>The role (or roles, for a repeated field) named in the event field.</summary>
    public sealed record RoleFrom(string Field) : RecipientSelector;

    /// <summary>A task's owner: the owner_id user, else the owner_role inbox.</summary>
    public sealed record Owner : RecipientSelector;

    /// <summary>The manager of the role in the event field: the allocated TM where that is the manager, else the role above.</summary>
    public sealed record ManagerOf(string Field) : RecipientSelector;
}
