using System.Net.Http.Json;
using System.Text.Json.Serialization;
using Microsoft.Extensions.Configuration;

namespace GoingHome.ServiceDefaults.Auth;

/// <summary>
/// The token a service presents when it calls another on its own behalf (an event consumer, a scheduled scan), where
/// there is no user's token to forward. With <c>Auth:Authority</c> it is an OAuth client-credentials token
/// (<c>Auth:ClientId</c>, <c>Auth:ClientSecret</c>, optional <c>Auth:Scope</c> and <c>Auth:TokenEndpoint</c>, else the
/// provider's discovery document); with a development <c>Auth:SigningKey</c> it is minted here. Either way it carries
/// the role "service" and is reused until shortly before it expires.
/// </summary>
public sealed class ServiceTokenSource(IConfiguration configuration, IHttpClientFactory httpClients, string serviceName) : IDisposable
{
    private static readonly TimeSpan MintedLifetime = TimeSpan.FromMinutes(10);
    private static readonly TimeSpan RenewBefore = TimeSpan.FromMinutes(1);

    private readonly SemaphoreSlim _gate = new(1, 1);
    private (string Token, DateTimeOffset Expires)? _current;

    public async ValueTask<string> GetAsync(CancellationToken cancellationToken)
    {
        // Token lifetimes are about real time, whatever clock the case rules run on.
        var now = TimeProvider.System.GetUtcNow();
        if (_current is { } cached && cached.Expires - RenewBefore > now)
        {
            return cached.Token;
        }

        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (_current is { } renewed && renewed.Expires - RenewBefore > now)
            {
                return renewed.Token;
            }

            var auth = configuration.GetSection("Auth");
            _current = string.IsNullOrWhiteSpace(auth["Authority"])
                ? (DevelopmentTokens.Mint(auth["SigningKey"]!, $"service:{serviceName}", serviceName, [Roles.Service], MintedLifetime, now,
                    auth["Issuer"] ?? AuthExtensions.DefaultIssuer, auth["Audience"] ?? AuthExtensions.DefaultAudience), now + MintedLifetime)
                : await RequestClientCredentialsAsync(auth, now, cancellationToken);
            return _current.Value.Token;
        }
        finally
        {
            _gate.Release();
        }
    }

    public void Dispose() => _gate.Dispose();

    private async Task<(string, DateTimeOffset)> RequestClientCredentialsAsync(IConfigurationSection auth, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var http = httpClients.CreateClient(nameof(ServiceTokenSource));
        var endpoint = auth["TokenEndpoint"];
        if (string.IsNullOrWhiteSpace(endpoint))
        {
            var discovery = await http.GetFromJsonAsync<Discovery>($"{auth["Authority"]!.TrimEnd('/')}/.well-known/openid-configuration", cancellationToken);
            endpoint = discovery?.TokenEndpoint ?? throw new InvalidOperationException("The OIDC discovery document names no token_endpoint.");
        }

        var form = new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials",
            ["client_id"] = auth["ClientId"] ?? throw new InvalidOperationException("Auth:ClientId is needed for service-to-service calls."),
            ["client_secret"] = auth["ClientSecret"] ?? throw new InvalidOperationException("Auth:ClientSecret is needed for service-to-service calls."),
        };
        if (auth["Scope"] is { Length: > 0 } scope)
        {
            form["scope"] = scope;
        }

        using var content = new FormUrlEncodedContent(form);
        using var response = await http.PostAsync(new Uri(endpoint), content, cancellationToken);
        response.EnsureSuccessStatusCode();
        var token = await response.Content.ReadFromJsonAsync<TokenResponse>(cancellationToken)
            ?? throw new InvalidOperationException("The token endpoint returned no token.");
        return (token.AccessToken, now.AddSeconds(token.ExpiresIn));
    }

    private sealed record Discovery([property: JsonPropertyName("token_endpoint")] string? TokenEndpoint);

    private sealed record TokenResponse(
        [property: JsonPropertyName("access_token")] string AccessToken,
        [property: JsonPropertyName("expires_in")] int ExpiresIn);
}
