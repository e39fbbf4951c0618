using Microsoft.Extensions.Options;

namespace GoingHome.Web;

/// <summary>
/// <c>/config.json</c>: what the app needs to know at run time, so one build runs anywhere: the services' addresses
/// and how to sign in.
/// </summary>
public static class ClientConfiguration
{
    public static WebApplication MapClientConfiguration(this WebApplication app)
    {
        app.MapGet("/config.json", (ServiceAddresses services, IOptions<WebAppOptions> options) => Results.Json(new
        {
            services = services.ByService,
            signIn = new
            {
                development = DevelopmentSignIn.IsEnabled(app),
                oidc = options.Value.Oidc is { Authority.Length: > 0 } oidc ? oidc : null,
            },
        }));
        return app;
    }
}
