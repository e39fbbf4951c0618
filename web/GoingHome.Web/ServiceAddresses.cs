namespace GoingHome.Web;

/// <summary>
/// Each service's web address (gRPC-Web and JSON) as the browser reaches it, read from the service discovery settings
/// Aspire writes for a reference (<c>services:case:web:0</c>); a deployment sets the same keys to its public addresses.
/// </summary>
public sealed record ServiceAddresses(IReadOnlyDictionary<string, string> ByService)
{
    public static ServiceAddresses From(IConfiguration configuration) =>
        new(configuration.GetSection("services").GetChildren()
            .Select(service => (service.Key, Address: service["web:0"]))
            .Where(service => !string.IsNullOrWhiteSpace(service.Address))
            .ToDictionary(service => service.Key, service => service.Address!.TrimEnd('/')));

    /// <summary>The origins the app may call, for its content security policy.</summary>
    public IEnumerable<string> Origins => ByService.Values.Select(address => new Uri(address).GetLeftPart(UriPartial.Authority));
}
