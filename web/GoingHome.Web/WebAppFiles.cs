using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Options;

namespace GoingHome.Web;

/// <summary>The built app, its routes falling back to index.html, under a content security policy.</summary>
public static class WebAppFiles
{
    public static WebApplication UseWebAppFiles(this WebApplication app)
    {
        var options = app.Services.GetRequiredService<IOptions<WebAppOptions>>().Value;
        var root = Path.GetFullPath(Path.Combine(app.Environment.ContentRootPath, options.Root));
        if (!File.Exists(Path.Combine(root, "index.html")))
        {
            throw new InvalidOperationException($"The web app is not built: {root} has no index.html (dotnet build web/GoingHome.Web builds it).");
        }

        // Scripts and styles only from this origin, calls only to the services (and the OIDC provider): an injected
        // script could neither load nor send a child's record anywhere else.
        var connect = string.Join(' ', new[] { "'self'" }.Concat(app.Services.GetRequiredService<ServiceAddresses>().Origins)
            .Concat(options.Oidc is { Authority.Length: > 0 } oidc ? [new Uri(oidc.Authority).GetLeftPart(UriPartial.Authority)] : []));
        var policy = $"default-src 'self'; connect-src {connect}; img-src 'self' data:; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";
        app.Use((context, next) =>
        {
            context.Response.Headers.ContentSecurityPolicy = policy;
            context.Response.Headers.XContentTypeOptions = "nosniff";
            context.Response.Headers["Referrer-Policy"] = "no-referrer";
            return next(context);
        });

        var files = new PhysicalFileProvider(root);
        app.UseDefaultFiles(new DefaultFilesOptions { FileProvider = files });
        app.UseStaticFiles(new StaticFileOptions { FileProvider = files });
        // Only pages fall back to the app: a POST or a missing script is a 404/405, never index.html with 200.
        app.MapFallbackToFile("{*path:nonfile}", "index.html", new StaticFileOptions { FileProvider = files })
            .WithMetadata(new HttpMethodMetadata([HttpMethods.Get, HttpMethods.Head]));
        return app;
    }
}
