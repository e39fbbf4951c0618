using System.Text;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.IdentityModel.Tokens;

namespace GoingHome.ServiceDefaults.Auth;

public static class AuthExtensions
{
    public const string DefaultIssuer = "goinghome-dev";
    public const string DefaultAudience = "goinghome";

    /// <summary>
    /// JWT bearer authentication. <c>Auth:Authority</c> points at the authority's OIDC provider; without it,
    /// <c>Auth:SigningKey</c> (at least 32 bytes, from configuration, never the repo) validates tokens minted by the
    /// development issuer. With neither the service refuses to start: it never runs open.
    /// </summary>
    public static IServiceCollection AddGoingHomeAuth(this IServiceCollection services, IConfiguration configuration)
    {
        var auth = configuration.GetSection("Auth");
        var authority = auth["Authority"];
        var signingKey = auth["SigningKey"];
        var audience = auth["Audience"] ?? DefaultAudience;
        if (string.IsNullOrWhiteSpace(authority) && (signingKey is null || Encoding.UTF8.GetByteCount(signingKey) < 32))
        {
            throw new InvalidOperationException(
                "Authentication is not configured: set Auth:Authority (OIDC) or Auth:SigningKey (at least 32 bytes) for development tokens.");
        }

        services.AddHttpContextAccessor();
        services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddJwtBearer(options =>
        {
            options.MapInboundClaims = false;
            options.TokenValidationParameters = new TokenValidationParameters
            {
                ValidAudience = audience,
                NameClaimType = CurrentUser.NameClaim,
                RoleClaimType = CurrentUser.RoleClaim,
                ClockSkew = TimeSpan.FromSeconds(30),
            };
            if (!string.IsNullOrWhiteSpace(authority))
            {
                options.Authority = authority;
                options.RequireHttpsMetadata = !string.Equals(auth["RequireHttpsMetadata"], "false", StringComparison.OrdinalIgnoreCase);
            }
            else
            {
                options.TokenValidationParameters.ValidIssuer = auth["Issuer"] ?? DefaultIssuer;
                options.TokenValidationParameters.IssuerSigningKey = new SymmetricSecurityKey(Encoding.UTF8.GetBytes(signingKey!));
                // Only the algorithm the development issuer signs with: a token signed another way is not ours.
                options.TokenValidationParameters.ValidAlgorithms = [DevelopmentTokens.Algorithm];
            }

            options.Events = new JwtBearerEvents { OnMessageReceived = RefuseOversizedToken, OnTokenValidated = RequireSubject };
        });

        services.AddAuthorization(options =>
        {
            // Anything not explicitly opened (health, reflection) needs a valid token.
            options.FallbackPolicy = new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build();
            foreach (var (policy, roles) in Policies.RolesByPolicy)
            {
                options.AddPolicy(policy, p => p.RequireAuthenticatedUser().RequireRole(roles));
            }
        });

        services.AddSingleton<IAuthorizationMiddlewareResultHandler, RefusalResultHandler>();
        services.AddSingleton<IntegratorBindings>();

        // Background work (event consumers, scheduled scans) has no request: it acts as the service itself. A handler
        // always has a validated user, since the fallback policy refuses anonymous calls before any handler runs; what
        // runs for a refused call (its refusal's audit row) sees an anonymous caller with no roles.
        services.AddScoped(sp => sp.GetRequiredService<IHttpContextAccessor>().HttpContext is { } http
            ? http.User.Identity?.IsAuthenticated == true ? CurrentUser.From(http.User) : CurrentUser.Anonymous
            : CurrentUser.ForService(sp.GetRequiredService<IHostEnvironment>().ApplicationName));
        services.AddHttpClient(nameof(ServiceTokenSource));
        services.AddSingleton(sp => new ServiceTokenSource(
            configuration, sp.GetRequiredService<IHttpClientFactory>(), sp.GetRequiredService<IHostEnvironment>().ApplicationName));
        return services;
    }

    /// <summary>
    /// The largest bearer token a service reads (identity providers' tokens are 1-4 KB). A larger one is refused as
    /// UNAUTHENTICATED without being parsed; headers over Kestrel's 32 KB total are answered HTTP 431 on that stream
    /// alone, the connection and the caller's other calls carrying on (docs/access.md, ACC-5).
    /// </summary>
    public const int MaxTokenBytes = 16 * 1024;

    public static bool IsOversized(string authorization) => authorization.Length > MaxTokenBytes + "Bearer ".Length;

    private static Task RefuseOversizedToken(MessageReceivedContext context)
    {
        if (IsOversized(context.Request.Headers.Authorization.ToString()))
        {
            context.Fail($"The bearer token is larger than {MaxTokenBytes / 1024} KB.");
        }

        return Task.CompletedTask;
    }

    /// <summary>
    /// Every action is someone's: a token that names no subject (absent, blank, over 200 characters or with control
    /// characters) is not a valid identity, and only a service's own token may name a service (`service:` subjects).
    /// Failing here answers UNAUTHENTICATED, before any handler, and the refusal is audited like any other.
    /// </summary>
    private static Task RequireSubject(TokenValidatedContext context)
    {
        var subject = context.Principal?.FindFirst(CurrentUser.SubjectClaim)?.Value;
        if (string.IsNullOrWhiteSpace(subject) || subject.Length > 200 || subject.Any(char.IsControl))
        {
            context.Fail("The token names no subject (sub).");
        }
        else if (subject.StartsWith("service:", StringComparison.Ordinal) && context.Principal?.IsInRole(Roles.Service) != true)
        {
            context.Fail("Only a service's own token names a service.");
        }

        return Task.CompletedTask;
    }
}
