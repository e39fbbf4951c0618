using System.Net;
using GoingHome.ServiceDefaults.Auth;
using Microsoft.Extensions.Options;

namespace GoingHome.Web;

/// <summary>
/// The development token picker's back end: a token for any person and role, signed with the suite's development key.
/// It exists only in the Development environment with <c>Auth:SigningKey</c> set; a deployment signs people in with the
/// authority's OIDC provider and has no such key.
/// </summary>
public static class DevelopmentSignIn
{
    private static readonly TimeSpan Lifetime = TimeSpan.FromHours(8);

    // A browser acts for a person: never as the service or admin accounts, nor as an integrator's system.
    private static readonly string[] PersonRoles = [.. Roles.People, Roles.DataProtectionOfficer];

    public static bool IsEnabled(WebApplication app) =>
        app.Environment.IsDevelopment() && !string.IsNullOrWhiteSpace(app.Configuration["Auth:SigningKey"]);

    public static WebApplication MapDevelopmentSignIn(this WebApplication app)
    {
        if (!IsEnabled(app))
        {
            return app;
        }

        var signingKey = app.Configuration["Auth:SigningKey"]!;
        // Only for a page this machine opened by a loopback name: a site that rebinds its own name to 127.0.0.1 gets
        // nothing.
        var development = app.MapGroup("/dev").AddEndpointFilter(async (context, next) =>
            IsLoopback(context.HttpContext.Request.Host.Host) ? await next(context) : Results.NotFound());
        development.MapGet("/people", (IOptions<WebAppOptions> options) => Results.Json(new { people = options.Value.DevelopmentPeople, roles = PersonRoles }));
        development.MapPost("/token", (TokenRequest request, TimeProvider time) =>
        {
            var problems = new Dictionary<string, string[]>();
            if (string.IsNullOrWhiteSpace(request.UserId))
            {
                problems["userId"] = ["Enter a user id."];
            }

            var roles = request.Roles ?? [];
            if (roles.Length == 0 || roles.Except(PersonRoles).Any())
            {
                problems["roles"] = [$"Choose one or more of {string.Join(", ", PersonRoles)}."];
            }

            if (problems.Count > 0)
            {
                return Results.ValidationProblem(problems);
            }

            var name = string.IsNullOrWhiteSpace(request.Name) ? request.UserId! : request.Name;
            var token = DevelopmentTokens.Mint(signingKey, request.UserId!.Trim(), name, roles, Lifetime, time.GetUtcNow(), teams: request.Teams ?? []);
            return Results.Json(new { token });
        });
        return app;
    }

    private static bool IsLoopback(string host) =>
        host.Equals("localhost", StringComparison.OrdinalIgnoreCase) || (IPAddress.TryParse(host, out var address) && IPAddress.IsLoopback(address));

    public sealed record TokenRequest(string? UserId, string? Name, string[]? Roles, string[]? Teams);
}
