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
        app.UseWhen(context => !context.Request.Path.StartsWithSegments("/dev"), compressed => compressed.UseResponseCompression());
        app.UseDefaultFiles(new DefaultFilesOptions { FileProvider = files });
        // Vite names each script and stylesheet under /app by its content hash: a browser keeps them for a year and a
        // new build is a new name. GOV.UK's fonts and images (/assets) keep their names, so a day; index.html (and
        // every page route, which is index.html) is asked again each time, so it always names the current build.
        static void Cache(Microsoft.AspNetCore.StaticFiles.StaticFileResponseContext file) =>
            file.Context.Response.Headers.CacheControl = file.Context.Request.Path switch
            {
                var path when path.StartsWithSegments("/app") => "public, max-age=31536000, immutable",
                var path when path.StartsWithSegments("/assets") => "public, max-age=86400",
                _ => "no-cache",
            };
        app.UseStaticFiles(new StaticFileOptions { FileProvider = files, OnPrepareResponse = Cache });
        // Only pages fall back to the app: a POST or a missing script is a 404/405, never index.html with 200.
        app.MapFallbackToFile("{*path:nonfile}", "index.html", new StaticFileOptions { FileProvider = files, OnPrepareResponse = Cache })
            .WithMetadata(new HttpMethodMetadata([HttpMethods.Get, HttpMethods.Head]));
        return app;
    }
}
