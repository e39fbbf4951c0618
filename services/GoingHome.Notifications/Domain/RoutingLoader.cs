using System.Text.RegularExpressions;
using GoingHome.Case.V1;
using GoingHome.ServiceDefaults.Auth;
using GoingHome.ServiceDefaults.Configuration;
using GoingHome.ServiceDefaults.Grpc;
using Google.Protobuf.Reflection;

namespace GoingHome.Notifications.Domain;

/// <summary>Reads and validates a routing table file; a bad file stops the service at start-up.</summary>
public static partial class RoutingLoader
{
    private const string Kind = "Routing table";

    /// <summary>Roles a route may name in allocated:..., with the Case allocation that holds them.</summary>
    public static readonly IReadOnlyDictionary<string, WorkerRole> AllocatedRoles = Roles.Allocated.ToDictionary(r => r.Value, r => r.Key);

    public static RoutingTable Load(string path) => Parse(File.ReadAllText(path), path);

    public static RoutingTable Parse(string json, string source)
    {
        var file = DataFiles.Deserialize<RoutingFile>(json, Kind, source);
        var problems = new List<(string Path, string Problem)>();
        if (file.Routes.Count == 0)
        {
            problems.Add(("$.routes", "names no routes"));
        }

        var routes = new List<Route>();
        for (var i = 0; i < file.Routes.Count; i++)
        {
            var at = $"$.routes[{i}]";
            var route = file.Routes[i];
            if (!EventTypes.Known.TryGetValue(route.Event ?? "", out var descriptor))
            {
                problems.Add(($"{at}.event", $"'{route.Event}' is not an event type of the suite"));
                continue;
            }

            var when = route.When ?? new Dictionary<string, string>();
            foreach (var (field, value) in when)
            {
                CheckCondition(descriptor, field, value, $"{at}.when.{field}", problems);
            }

            if (!KindName().IsMatch(route.Kind ?? ""))
            {
                problems.Add(($"{at}.kind", "must be lower-case words joined by hyphens"));
            }

            foreach (var (name, template) in new[] { ("rule", route.Rule), ("title", route.Title), ("body", route.Body) })
            {
                if (string.IsNullOrWhiteSpace(template))
                {
                    problems.Add(($"{at}.{name}", "is required"));
                    continue;
                }

                foreach (Match placeholder in Placeholder().Matches(template))
                {
                    if (descriptor.FindFieldByName(placeholder.Groups[1].Value) is null)
                    {
                        problems.Add(($"{at}.{name}", $"{{{placeholder.Groups[1].Value}}} is not a field of {descriptor.Name}"));
                    }
                }
            }

            var selectors = (route.To ?? []).Select((s, j) => ParseSelector(s, descriptor, $"{at}.to[{j}]", problems)).OfType<RecipientSelector>().ToList();
            if (route.To is not { Count: > 0 })
            {
                problems.Add(($"{at}.to", "names no recipients"));
            }

            routes.Add(new Route(descriptor.FullName, when, route.Kind ?? "", route.Rule ?? "", route.Title ?? "", route.Body ?? "", selectors));
        }

        DataFiles.ThrowIfAny(problems, Kind, source);
        return new RoutingTable(routes);
    }

    private static void CheckCondition(MessageDescriptor descriptor, string field, string value, string at, List<(string, string)> problems)
    {
        var fieldDescriptor = descriptor.FindFieldByName(field);
        if (fieldDescriptor is null)
        {
            problems.Add((at, $"is not a field of {descriptor.Name}"));
        }
        else if (fieldDescriptor.FieldType == FieldType.Enum && fieldDescriptor.EnumType.FindValueByName(value) is null)
        {
            problems.Add((at, $"'{value}' is not a value of {fieldDescriptor.EnumType.Name}"));
        }
    }

    private static RecipientSelector? ParseSelector(string text, MessageDescriptor descriptor, string at, List<(string, string)> problems)
    {
        var (kind, argument) = text.IndexOf(':', StringComparison.Ordinal) is var colon and >= 0 ? (text[..colon], text[(colon + 1)..]) : (text, "");
        RecipientSelector? selector = kind switch
        {
            "allocated" when AllocatedRoles.TryGetValue(argument, out var workerRole) => new RecipientSelector.Allocated(workerRole, argument),
            "network" when ProtoEnums.TryParse<Relationship>(argument, out var relationship) => new RecipientSelector.Network(relationship),
            "child" when argument.Length == 0 => new RecipientSelector.ChildItself(),
            "role" when Roles.People.Contains(argument) => new RecipientSelector.FixedRole(argument),
            "userFrom" when descriptor.FindFieldByName(argument) is not null => new RecipientSelector.UserFrom(argument),
            "roleFrom" when descriptor.FindFieldByName(argument) is not null => new RecipientSelector.RoleFrom(argument),
            "managerOf" when descriptor.FindFieldByName(argument) is not null => new RecipientSelector.ManagerOf(argument),
            "owner" when argument.Length == 0 && descriptor.FindFieldByName("owner_id") is not null && descriptor.FindFieldByName("owner_role") is not null
                => new RecipientSelector.Owner(),
            _ => null,
        };
        if (selector is null)
        {
            problems.Add((at, $"'{text}' is not a recipient this route can name (see the file's description; fields must be fields of {descriptor.Name})"));
        }

        return selector;
    }

    [GeneratedRegex("^[a-z0-9]+(-[a-z0-9]+)*$")]
    private static partial Regex KindName();

    [GeneratedRegex(@"\{([a-z_0-9]+)\}")]
    public static partial Regex Placeholder();

    private sealed record RoutingFile(string? Description, List<RouteFile> Routes);

    private sealed record RouteFile(
        string? Event, Dictionary<string, string>? When, string? Kind, string? Rule, string? Title, string? Body, List<string>? To);
}
