using Microsoft.Extensions.Configuration;

namespace GoingHome.ServiceDefaults.Auth;

/// <summary>
/// Rule ACC-3: the source systems each integration client keeps children for, from configuration
/// (<c>Integrators:&lt;client id&gt;:SourceSystems</c>, set once where the suite is started and given to every service).
/// A client with no binding keeps none.
/// </summary>
public sealed class IntegratorBindings(IConfiguration configuration)
{
    public IReadOnlyList<string> SourcesOf(string clientId) =>
        configuration.GetSection($"Integrators:{clientId}:SourceSystems").Get<string[]>() ?? [];

    /// <summary>Whether the integration client keeps children of <paramref name="sourceSystem"/>.</summary>
    public bool Keeps(string clientId, string? sourceSystem) =>
        !string.IsNullOrEmpty(sourceSystem) && SourcesOf(clientId).Contains(sourceSystem, StringComparer.Ordinal);
}
