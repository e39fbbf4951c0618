using System.Security.Claims;

namespace GoingHome.ServiceDefaults.Auth;

/// <summary>Who is calling, from the validated token.</summary>
public sealed record CurrentUser(string Id, string Name, IReadOnlyList<string> Roles)
{
    public const string RoleClaim = "role";
    public const string NameClaim = "name";
    public const string SubjectClaim = "sub";
    public const string TeamClaim = "team";

    /// <summary>The teams the identity provider says the caller belongs to, for records restricted to a team.</summary>
    public IReadOnlyList<string> Teams { get; init; } = [];

    /// <summary>The most senior role held, for audit rows and decisions that record "in which capacity".</summary>
    public string PrimaryRole =>
        GoingHome.ServiceDefaults.Auth.Roles.ManagementLine.LastOrDefault(Roles.Contains) ?? (Roles.Count > 0 ? Roles[0] : "");

    public bool IsInRole(string role) => Roles.Contains(role);

    /// <summary>A request whose token did not validate: no identity, no roles.</summary>
    public static readonly CurrentUser Anonymous = new("anonymous", "anonymous", []);

    /// <summary>The service acting on its own behalf, outside any request.</summary>
    public static CurrentUser ForService(string serviceName) =>
        new($"service:{serviceName}", serviceName, [GoingHome.ServiceDefaults.Auth.Roles.Service]);

    public static CurrentUser From(ClaimsPrincipal principal)
    {
        var id = principal.FindFirstValue(SubjectClaim)
            ?? throw new InvalidOperationException("The token has no subject claim.");
        var roles = principal.FindAll(RoleClaim).Select(c => c.Value).Distinct().ToList();
        var teams = principal.FindAll(TeamClaim).Select(c => c.Value).Distinct().ToList();
        return new CurrentUser(id, principal.FindFirstValue(NameClaim) ?? id, roles) { Teams = teams };
    }
}
