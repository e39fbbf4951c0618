using GoingHome.ServiceDefaults.Errors;
using Grpc.AspNetCore.Server;
using Grpc.Core;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace GoingHome.ServiceDefaults.Auth;

/// <summary>
/// A call refused before its handler runs still gets the suite's error model: UNAUTHENTICATED or PERMISSION_DENIED
/// with an ErrorInfo (and, when refused by role, the policy and the roles it admits), on gRPC as on JSON. A caller
/// refused by role is recorded as a refused access; so is a token that did not validate, under the person it claims,
/// when that person is known here (see <see cref="IAccessRefusals.RefusedToken"/>).
/// </summary>
public sealed class RefusalResultHandler : IAuthorizationMiddlewareResultHandler
{
    private readonly AuthorizationMiddlewareResultHandler inner = new();

    public async Task HandleAsync(RequestDelegate next, HttpContext context, AuthorizationPolicy policy, PolicyAuthorizationResult authorizeResult)
    {
        if (authorizeResult.Succeeded)
        {
            await inner.HandleAsync(next, context, policy, authorizeResult);
            return;
        }

        if (authorizeResult.Challenged)
        {
            // The scheme's challenge adds WWW-Authenticate (with the token's fault, if any); the body is ours.
            await context.ChallengeAsync();
            var hasToken = context.Request.Headers.Authorization.Count > 0;
            if (ClaimedSubject(context) is { } claimed)
            {
                context.RequestServices.GetService<IAccessRefusals>()?.RefusedToken(MethodOf(context), claimed);
            }

            var oversized = AuthExtensions.IsOversized(context.Request.Headers.Authorization.ToString());
            await HttpRpcErrors.WriteAsync(context, RpcErrors.Build(
                StatusCode.Unauthenticated,
                oversized ? $"The bearer token is larger than the {AuthExtensions.MaxTokenBytes / 1024} KB a token may be."
                    : hasToken ? "The bearer token is not valid (signature, issuer, audience, algorithm or expiry)." : "A bearer token is required.",
                oversized ? "TOKEN_TOO_LARGE" : hasToken ? "INVALID_TOKEN" : "MISSING_TOKEN"));
            return;
        }

        context.RequestServices.GetService<IAccessRefusals>()?.Refused(MethodOf(context), null, null);
        var roles = policy.Requirements.OfType<Microsoft.AspNetCore.Authorization.Infrastructure.RolesAuthorizationRequirement>()
            .SelectMany(r => r.AllowedRoles).ToList();
        var policyName = context.GetEndpoint()?.Metadata.GetOrderedMetadata<IAuthorizeData>().LastOrDefault(a => a.Policy is not null)?.Policy;
        await HttpRpcErrors.WriteAsync(context, RpcErrors.Build(
            StatusCode.PermissionDenied,
            $"Your roles may not call this method; it is open to: {string.Join(", ", roles)}.",
            "ROLE_NOT_ALLOWED",
            null,
            ("policy", policyName ?? ""),
            ("allowed_roles", string.Join(",", roles))));
    }

    private static string MethodOf(HttpContext context) =>
        context.GetEndpoint()?.Metadata.GetMetadata<GrpcMethodMetadata>()?.Method.FullName ?? context.Request.Path.Value ?? "";

    /// <summary>The subject a bearer token claims, read without trusting it (it has just failed validation).</summary>
    private static string? ClaimedSubject(HttpContext context)
    {
        var header = context.Request.Headers.Authorization.ToString();
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) || AuthExtensions.IsOversized(header))
        {
            return null;
        }

        var handler = new System.IdentityModel.Tokens.Jwt.JwtSecurityTokenHandler();
        var raw = header["Bearer ".Length..].Trim();
        try
        {
            return handler.CanReadToken(raw) && handler.ReadJwtToken(raw).Subject is { Length: > 0 and <= 200 } subject ? subject : null;
        }
        catch (ArgumentException)
        {
            return null;
        }
    }
}
