using System.IdentityModel.Tokens.Jwt;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using GoingHome.ServiceDefaults.Auth;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace GoingHome.Platform.Tests;

/// <summary>
/// The web app's host (web/GoingHome.Web): development sign-in only in Development with a key and only for person
/// roles, the configuration the app reads, and the content security policy that keeps its calls to the services.
/// </summary>
public sealed class WebAppHostTests(Xunit.Abstractions.ITestOutputHelper output)
{
    private static readonly string SigningKey = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(48));

    private static WebApplicationFactory<Program> Host(string environment, params (string Key, string Value)[] settings) =>
        new WebApplicationFactory<Program>().WithWebHostBuilder(host =>
        {
            host.UseEnvironment(environment);
            host.UseSetting("services:case:web:0", "http://localhost:5201");
            host.UseSetting("services:case:http:0", "http://localhost:5101");
            host.UseSetting("services:pathway:web:0", "http://localhost:5205/");
            foreach (var (key, value) in settings)
            {
                host.UseSetting(key, value);
            }
        });

    [Fact(DisplayName = "Web app: in Development with a signing key, a token for a person and role, signed with the suite's key")]
    public async Task DevelopmentSignIn_MintsAPersonsToken()
    {
        await using var host = Host("Development", ("Auth:SigningKey", SigningKey));
        var response = await host.CreateClient().PostAsJsonAsync("/dev/token", new { userId = "sw-9", name = "Sam", roles = new[] { Roles.SocialWorker }, teams = new[] { "north" } });
        response.EnsureSuccessStatusCode();
        var token = new JwtSecurityTokenHandler().ReadJwtToken((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("token").GetString());
        Assert.Equal(("sw-9", "SW", "north"), (token.Subject, token.Claims.Single(c => c.Type == CurrentUser.RoleClaim).Value, token.Claims.Single(c => c.Type == CurrentUser.TeamClaim).Value));
        Assert.Equal(DevelopmentTokens.Algorithm, token.Header.Alg);
    }

    [Fact(DisplayName = "Web app: development sign-in answers only a page opened by a loopback name (no DNS rebinding)")]
    public async Task DevelopmentSignIn_OnlyForLoopbackNames()
    {
        await using var host = Host("Development", ("Auth:SigningKey", SigningKey));
        var client = host.CreateClient();
        client.DefaultRequestHeaders.Host = "attacker.example";
        var response = await client.PostAsJsonAsync("/dev/token", new { userId = "sw-9", roles = new[] { Roles.SocialWorker } });
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Theory(DisplayName = "Web app: development sign-in never mints the service, admin or integrator roles, nor a token without a user")]
    [InlineData("sw-9", Roles.Service)]
    [InlineData("sw-9", Roles.Admin)]
    [InlineData("sw-9", Roles.Integrator)]
    [InlineData("", Roles.SocialWorker)]
    public async Task DevelopmentSignIn_RefusesNonPersonRoles(string userId, string role)
    {
        await using var host = Host("Development", ("Auth:SigningKey", SigningKey));
        var response = await host.CreateClient().PostAsJsonAsync("/dev/token", new { userId, roles = new[] { role } });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        Assert.True(errors.TryGetProperty(userId == "" ? "userId" : "roles", out _), errors.ToString());
    }

    [Theory(DisplayName = "Web app: outside Development, or without a key, there is no development sign-in and the app is told so")]
    [InlineData("Production", true)]
    [InlineData("Development", false)]
    public async Task DevelopmentSignIn_AbsentOutsideDevelopment(string environment, bool withKey)
    {
        await using var host = withKey ? Host(environment, ("Auth:SigningKey", SigningKey)) : Host(environment);
        var client = host.CreateClient();
        Assert.Equal(HttpStatusCode.MethodNotAllowed, (await client.PostAsJsonAsync("/dev/token", new { userId = "x", roles = new[] { Roles.Director } })).StatusCode);
        var config = await client.GetFromJsonAsync<JsonElement>("/config.json");
        Assert.False(config.GetProperty("signIn").GetProperty("development").GetBoolean());
    }

    [Fact(DisplayName = "Web app: /config.json gives each service's web address and the OIDC provider; pages get the app under a policy that allows calls only to them")]
    public async Task Configuration_AndContentSecurityPolicy()
    {
        await using var host = Host("Production", ("WebApp:Oidc:Authority", "https://login.example.gov.uk/realms/council"), ("WebApp:Oidc:ClientId", "goinghome-web"));
        var client = host.CreateClient();
        var config = await client.GetFromJsonAsync<JsonElement>("/config.json");
        Assert.Equal("http://localhost:5201", config.GetProperty("services").GetProperty("case").GetString());
        Assert.Equal("http://localhost:5205", config.GetProperty("services").GetProperty("pathway").GetString());
        Assert.Equal("goinghome-web", config.GetProperty("signIn").GetProperty("oidc").GetProperty("clientId").GetString());

        var page = await client.GetAsync("/children/some-child");
        Assert.Contains("<title>GoingHome</title>", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var policy = page.Headers.GetValues("Content-Security-Policy").Single();
        Assert.Contains("connect-src 'self' http://localhost:5201 http://localhost:5205 https://login.example.gov.uk;", policy, StringComparison.Ordinal);
        Assert.Contains("default-src 'self'", policy, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/app/missing-script.js")).StatusCode);
    }

    [Fact(DisplayName = "Web app: scripts and styles go compressed (under 150 KB together on a cold load) and cached by their hashed names; index.html is asked again")]
    public async Task Static_files_are_compressed_and_cache_busted()
    {
        await using var host = Host("Production");
        var client = host.CreateClient();
        client.DefaultRequestHeaders.AcceptEncoding.ParseAdd("br, gzip");
        var index = await client.GetAsync("/");
        Assert.Equal("no-cache", index.Headers.CacheControl?.ToString());
        var html = await DecodedAsync(index);
        var files = System.Text.RegularExpressions.Regex.Matches(html, "(?:src|href)=\"(/app/[^\"]+\\.(?:js|css))\"").Select(m => m.Groups[1].Value).ToList();
        Assert.Contains(files, f => f.EndsWith(".js", StringComparison.Ordinal));
        Assert.Contains(files, f => f.EndsWith(".css", StringComparison.Ordinal));

        long sent = 0;
        foreach (var file in files)
        {
            var response = await client.GetAsync(file);
            Assert.Equal("br", response.Content.Headers.ContentEncoding.Single());
            Assert.Equal("public, max-age=31536000, immutable", response.Headers.CacheControl?.ToString());
            sent += (await response.Content.ReadAsByteArrayAsync()).Length;
        }

        output.WriteLine($"scripts and styles on a cold load: {sent:N0} bytes compressed ({string.Join(", ", files)})");
        Assert.InRange(sent, 1, 150 * 1024);
    }

    private static async Task<string> DecodedAsync(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStreamAsync();
        Stream decoded = response.Content.Headers.ContentEncoding.FirstOrDefault() switch
        {
            "br" => new System.IO.Compression.BrotliStream(body, System.IO.Compression.CompressionMode.Decompress),
            "gzip" => new System.IO.Compression.GZipStream(body, System.IO.Compression.CompressionMode.Decompress),
            _ => body,
        };
        using var reader = new StreamReader(decoded);
        return await reader.ReadToEndAsync();
    }
}
