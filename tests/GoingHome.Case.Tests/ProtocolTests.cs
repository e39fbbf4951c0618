using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using GoingHome.Case.V1;
using GoingHome.Testing;
using Grpc.Health.V1;
using Grpc.Net.Client.Web;
using Grpc.Reflection.V1Alpha;
using static GoingHome.Case.Tests.Requests;

namespace GoingHome.Case.Tests;

/// <summary>What integrators and front-end teams reach: JSON, gRPC-Web, reflection, health.</summary>
[Collection(CaseCollection.Name)]
public sealed class ProtocolTests(CaseServiceFixture service)
{
    [Fact]
    public async Task JSON_transcoding_creates_and_reads_a_child_over_plain_HTTP()
    {
        using var http = service.CreateClient();
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", TestTokens.For("sw-json", "SW"));

        var response = await http.PostAsJsonAsync("/v1/children", new
        {
            requestId = NewId(),
            child = new { givenName = "Jo", familyName = "Json", dateOfBirth = new { year = 2016, month = 5, day = 1 } },
        });
        response.EnsureSuccessStatusCode();
        using var created = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var id = created.RootElement.GetProperty("id").GetString();

        using var fetched = JsonDocument.Parse(await http.GetStringAsync($"/v1/children/{id}"));
        Assert.Equal("Json", fetched.RootElement.GetProperty("familyName").GetString());
    }

    [Theory(DisplayName = "JSON transcoding: a PATCH names its fields in update_mask as the method does (snake_case paths), and the query check lets it through")]
    [InlineData("update_mask")]
    [InlineData("updateMask")]
    public async Task JSON_transcoding_updates_the_fields_the_mask_names(string parameter)
    {
        using var http = service.CreateClient();
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", TestTokens.For("sw-json", "SW"));
        var created = await (await http.PostAsJsonAsync("/v1/children", new
        {
            requestId = NewId(),
            child = new { givenName = "Jo", familyName = "Patch", dateOfBirth = new { year = 2016, month = 5, day = 1 } },
        })).Content.ReadFromJsonAsync<JsonElement>();

        var response = await http.PatchAsJsonAsync($"/v1/children/{created.GetProperty("id").GetString()}?{parameter}=given_name,family_name&requestId={NewId()}",
            new { etag = created.GetProperty("etag").GetString(), givenName = "Joanne", familyName = "Patched" });

        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        var updated = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(("Joanne", "Patched"), (updated.GetProperty("givenName").GetString(), updated.GetProperty("familyName").GetString()));
    }

    [Fact]
    public async Task JSON_transcoding_reports_bad_input_as_400_and_a_missing_token_as_401()
    {
        using var http = service.CreateClient();
        var anonymous = await http.GetAsync("/v1/children");
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);

        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", TestTokens.For("sw-json", "SW"));
        var invalid = await http.GetAsync("/v1/children?pageSize=999");
        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
    }

    [Fact]
    public async Task gRPC_Web_reaches_the_same_methods()
    {
        var handler = new GrpcWebHandler(GrpcWebMode.GrpcWebText, service.Server.CreateHandler());
        var client = new CaseService.CaseServiceClient(service.Channel(handler));
        var headers = new global::Grpc.Core.Metadata { { "authorization", $"Bearer {TestTokens.For("sw-web", "SW")}" } };

        var created = await client.CreateChildAsync(NewChild(familyName: "Web"), headers);
        var fetched = await client.GetChildAsync(new GetChildRequest { Id = created.Id }, headers);

        Assert.Equal("Web", fetched.FamilyName);
    }

    [Fact]
    public async Task Reflection_lists_the_case_service_without_a_token()
    {
        var reflection = new ServerReflection.ServerReflectionClient(service.Channel());
        using var call = reflection.ServerReflectionInfo();
        await call.RequestStream.WriteAsync(new ServerReflectionRequest { ListServices = "" });
        await call.RequestStream.CompleteAsync();
        Assert.True(await call.ResponseStream.MoveNext(CancellationToken.None));

        Assert.Contains("goinghome.case.v1.CaseService", call.ResponseStream.Current.ListServicesResponse.Service.Select(s => s.Name));
    }

    [Fact]
    public async Task Health_is_served_over_HTTP_and_gRPC()
    {
        using var http = service.CreateClient();
        Assert.Equal("Healthy", await http.GetStringAsync("/health"));
        Assert.Equal("Healthy", await http.GetStringAsync("/alive"));
        var health = await new Health.HealthClient(service.Channel()).CheckAsync(new HealthCheckRequest());
        Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, health.Status);
    }

    [Fact]
    public async Task CORS_allows_the_configured_front_end_origin_only()
    {
        using var http = service.CreateClient();
        async Task<string?> AllowedOriginAsync(string origin)
        {
            using var preflight = new HttpRequestMessage(HttpMethod.Options, "/goinghome.case.v1.CaseService/GetChild");
            preflight.Headers.Add("Origin", origin);
            preflight.Headers.Add("Access-Control-Request-Method", "POST");
            preflight.Headers.Add("Access-Control-Request-Headers", "content-type,x-grpc-web,authorization");
            var response = await http.SendAsync(preflight);
            return response.Headers.TryGetValues("Access-Control-Allow-Origin", out var values) ? values.Single() : null;
        }

        Assert.Equal("https://ui.example.test", await AllowedOriginAsync("https://ui.example.test"));
        Assert.Null(await AllowedOriginAsync("https://evil.example.test"));
    }
}
