using GoingHome.Case.V1;
using GoingHome.ServiceClients;
using GoingHome.ServiceDefaults.Auth;
using Google.Protobuf;

namespace GoingHome.Notifications.Domain;

/// <summary>A notification the routing table asks for, before it is stored.</summary>
public sealed record PlannedNotification(string RecipientKey, string Kind, string RuleId, string Title, string Body, string TeamId);

/// <summary>
/// Rule NT-1: turns an event into notifications. Recipients come only from the routing table, the event's own fields
/// and the child's network and allocations in Case; nothing a caller typed. Pure: Case is read before this runs.
/// </summary>
public static class NotificationRouter
{
    public static IReadOnlyList<PlannedNotification> Plan(RoutingTable table, IMessage payload, string childId, Child? child)
    {
        var planned = new List<PlannedNotification>();
        foreach (var route in table.For(payload.Descriptor.FullName).Where(r => Matches(r, payload)))
        {
            var team = EventFields.Single(payload, "team_id") is { Length: > 0 } eventTeam ? eventTeam : TeamOf(child);
            var recipients = route.To.SelectMany(selector => Resolve(selector, payload, childId, child)).Distinct(StringComparer.Ordinal);
            planned.AddRange(recipients.Select(recipient => new PlannedNotification(
                recipient, route.Kind, Fill(route.RuleTemplate, payload), Fill(route.TitleTemplate, payload), Fill(route.BodyTemplate, payload), team)));
        }

        return planned.DistinctBy(p => (p.RecipientKey, p.Kind)).ToList();
    }

    /// <summary>Whether a route's recipients depend on the child's network or allocations, so Case must be read.</summary>
    public static bool NeedsCase(RoutingTable table, IMessage payload) =>
        table.For(payload.Descriptor.FullName).Any(r => r.To.Any(s => s is RecipientSelector.Allocated or RecipientSelector.Network or RecipientSelector.ManagerOf));

    /// <summary>The role a role's work escalates to when overdue: the next in the management line; a TM for IRO and SSW.</summary>
    public static string? ManagerRole(string role)
    {
        if (role is Roles.IndependentReviewingOfficer or Roles.SupervisingSocialWorker)
        {
            return Roles.TeamManager;
        }

        var index = Roles.ManagementLine.ToList().IndexOf(role);
        return index >= 0 && index < Roles.ManagementLine.Count - 1 ? Roles.ManagementLine[index + 1] : null;
    }

    private static bool Matches(Route route, IMessage payload) =>
        route.When.All(condition => EventFields.Values(payload, condition.Key).Contains(condition.Value));

    private static IEnumerable<string> Resolve(RecipientSelector selector, IMessage payload, string childId, Child? child) => selector switch
    {
        RecipientSelector.Allocated allocated => Allocated(child, allocated.WorkerRole, allocated.Role),
        RecipientSelector.Network network => (child?.Network ?? [])
            .Where(m => m.Relationship == network.Relationship)
            .Select(m => m.PersonId is { Length: > 0 } person ? RecipientKeys.User(person) : RecipientKeys.Member(m.Id)),
        RecipientSelector.ChildItself => childId.Length > 0 ? [RecipientKeys.Child(childId)] : [],
        RecipientSelector.FixedRole role => [RecipientKeys.Role(role.Role)],
        RecipientSelector.UserFrom user => EventFields.Values(payload, user.Field).Select(RecipientKeys.User),
        RecipientSelector.RoleFrom role => EventFields.Values(payload, role.Field).Where(Roles.People.Contains).Select(RecipientKeys.Role),
        RecipientSelector.Owner => EventFields.Single(payload, "owner_id") is { Length: > 0 } owner
            ? [RecipientKeys.User(owner)]
            : EventFields.Values(payload, "owner_role").Select(RecipientKeys.Role),
        RecipientSelector.ManagerOf manager => ManagerRole(EventFields.Single(payload, manager.Field)) is { } managerRole
            ? managerRole == Roles.TeamManager ? Allocated(child, WorkerRole.TeamManager, managerRole) : [RecipientKeys.Role(managerRole)]
            : [],
        _ => throw new InvalidOperationException($"Unknown recipient selector {selector}"),
    };

    private static List<string> Allocated(Child? child, WorkerRole workerRole, string role)
    {
        var workers = (child?.Allocations ?? []).Where(a => a.Role == workerRole && a.WorkerId.Length > 0).Select(a => RecipientKeys.User(a.WorkerId)).ToList();
        return workers.Count > 0 ? workers : [RecipientKeys.Role(role)];
    }

    private static string TeamOf(Child? child) => child is null ? "" : new ChildSnapshot(child, default).TeamId;

    private static string Fill(string template, IMessage payload) =>
        RoutingLoader.Placeholder().Replace(template, m => string.Join(", ", EventFields.Values(payload, m.Groups[1].Value)));
}
