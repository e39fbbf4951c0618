using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using GoingHome.ServiceDefaults.Grpc;
using Microsoft.AspNetCore.Grpc.JsonTranscoding;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace GoingHome.Testing;

/// <summary>
/// The service's OpenAPI document against the routes the running service really has: each service's test project
/// runs these on its own host by deriving a class with its fixture.
/// </summary>
public abstract partial class OpenApiDocumentTests<TProgram>(WebApplicationFactory<TProgram> service)
    where TProgram : class
{
    [Fact(DisplayName = "OpenAPI: /openapi/v1.json is served without a token and is an OpenAPI document with paths")]
    public async Task Document_is_anonymous_OpenAPI()
    {
        using var document = await FetchAsync();

        Assert.StartsWith("3.", document.RootElement.GetProperty("openapi").GetString());
        Assert.Equal("v1", document.RootElement.GetProperty("info").GetProperty("version").GetString());
        Assert.NotEmpty(document.RootElement.GetProperty("paths").EnumerateObject());
    }

    [Fact(DisplayName = "OpenAPI: the document lists every JSON-transcoded route of the service and no other")]
    public async Task Document_matches_the_transcoded_routes()
    {
        using var document = await FetchAsync();

        var documented = Operations(document).Order().ToList();
        var served = TranscodedRoutes().Order().ToList();

        Assert.NotEmpty(served);
        Assert.Equal(served, documented);
    }

    [Fact(DisplayName = "OpenAPI: every documented route really answers: 401 without a token, and with one the service's own answer, never the router's 404")]
    public async Task Documented_routes_answer()
    {
        using var document = await FetchAsync();
        using var http = service.CreateClient();
        foreach (var (method, path) in Operations(document).Order())
        {
            var url = Parameter().Replace(path, "00000000-0000-0000-0000-000000000000");
            using var anonymous = await http.SendAsync(Request(method, url, token: null));
            Assert.True(anonymous.StatusCode == HttpStatusCode.Unauthorized, $"{method} {url} without a token: {anonymous.StatusCode}");

            // A data protection officer does no casework: every route is reached and answers, refuses or finds nothing
            // (a google.rpc.Status from the service); an unrouted path would be the router's bare 404.
            using var answered = await http.SendAsync(Request(method, url, TestTokens.For("openapi-probe", "DPO")));
            var body = await answered.Content.ReadAsStringAsync();
            var serviceStatus = body.Contains("\"code\"", StringComparison.Ordinal);
            Assert.True(serviceStatus || ((int)answered.StatusCode < 400 && answered.StatusCode != HttpStatusCode.NotFound) || answered.StatusCode == HttpStatusCode.Forbidden,
                $"{method} {url}: {(int)answered.StatusCode} {body}");
        }
    }

    private static HttpRequestMessage Request(string method, string url, string? token)
    {
        var request = new HttpRequestMessage(new HttpMethod(method), url);
        if (method is "POST" or "PUT" or "PATCH")
        {
            request.Content = new StringContent("{}", System.Text.Encoding.UTF8, "application/json");
        }

        if (token is not null)
        {
            request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        }

        return request;
    }

    private async Task<JsonDocument> FetchAsync()
    {
        using var http = service.CreateClient();
        var response = await http.GetAsync(OpenApiExtensions.DocumentPath);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync());
    }

    /// <summary>("GET", "/v1/children/{childid}") for each operation of each path.</summary>
    private static IEnumerable<(string Method, string Path)> Operations(JsonDocument document) =>
        from path in document.RootElement.GetProperty("paths").EnumerateObject()
        from operation in path.Value.EnumerateObject()
        where HttpMethods.Contains(operation.Name)
        select (operation.Name.ToUpperInvariant(), Normalise(path.Name));

    private IEnumerable<(string Method, string Path)> TranscodedRoutes() =>
        from endpoint in service.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
        where endpoint.Metadata.GetMetadata<GrpcJsonTranscodingMetadata>() is not null
        from method in endpoint.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? []
        select (method, Normalise(endpoint.RoutePattern.RawText ?? ""));

    private static readonly HashSet<string> HttpMethods = ["get", "put", "post", "delete", "patch"];

    /// <summary>The document names a parameter by its field's JSON name (childId), the route by its proto name (child_id).</summary>
    private static string Normalise(string path) =>
        "/" + Parameter().Replace(path.TrimStart('/'), p => p.Value.Replace("_", "", StringComparison.Ordinal).ToLowerInvariant());

    [GeneratedRegex(@"\{[^}]*\}")]
    private static partial Regex Parameter();
}
