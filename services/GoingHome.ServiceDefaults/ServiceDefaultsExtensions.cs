using GoingHome.ServiceDefaults.Auth;
using GoingHome.ServiceDefaults.Grpc;
using GoingHome.ServiceDefaults.Limits;
using GoingHome.ServiceDefaults.Telemetry;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace GoingHome.ServiceDefaults;

public static class ServiceDefaultsExtensions
{
    public const string LiveTag = "live";

    /// <summary>Everything a GoingHome service host needs, configured by Aspire's names (ConnectionStrings, services, OTEL_*).</summary>
    public static WebApplicationBuilder AddServiceDefaults(this WebApplicationBuilder builder, string serviceName)
    {
        builder.UseGrpcAndWebPorts();
        builder.Services.AddSingleton(new ServiceIdentity(serviceName));
        builder.AddGoingHomeTelemetry(serviceName);
        builder.Services.AddHealthChecks().AddCheck("self", () => HealthCheckResult.Healthy(), [LiveTag]);
        builder.Services.AddServiceDiscovery();
        builder.Services.AddGoingHomeGrpc(builder.Configuration);
        builder.Services.AddGoingHomeOpenApi(serviceName);
        builder.Services.AddGoingHomeAuth(builder.Configuration);
        builder.Services.AddGoingHomeClientLimits(builder.Configuration);
        builder.Services.UseCheckedMessageBinder();
        return builder;
    }

    /// <summary>Middleware and the endpoints every service exposes: /health, /alive, gRPC health and reflection, /openapi/v1.json.</summary>
    public static WebApplication MapDefaultEndpoints(this WebApplication app)
    {
        // Responses carry children's records: no browser or proxy keeps them, and none is read as another content type.
        app.Use((context, next) =>
        {
            context.Response.Headers.CacheControl = "no-store";
            context.Response.Headers.XContentTypeOptions = "nosniff";
            return next(context);
        });
        app.UseCors();
        app.UseGrpcWeb(new GrpcWebOptions { DefaultEnabled = true });
        app.UseAuthentication();
        app.UseRateLimiter();
        app.UseAuthorization();
        app.UseJsonRequestGuard();

        // Health and reflection are open: load balancers and integrators' tools call them without a token, and they
        // reveal nothing beyond the published contracts.
        app.MapHealthChecks("/health").AllowAnonymous();
        app.MapHealthChecks("/alive", new HealthCheckOptions { Predicate = check => check.Tags.Contains(LiveTag) }).AllowAnonymous();
        app.MapGrpcHealthChecksService().AllowAnonymous();
        app.MapGrpcReflectionService().AllowAnonymous();
        app.MapGoingHomeOpenApi();
        app.MapGet("/", () => Results.Text($"{app.Environment.ApplicationName}: gRPC, gRPC-Web and JSON; see /health")).AllowAnonymous();
        // The build's version with its commit (the SDK appends the source revision), for ./run.sh status and support calls.
        var version = System.Reflection.Assembly.GetEntryAssembly()?
            .GetCustomAttributes(typeof(System.Reflection.AssemblyInformationalVersionAttribute), false)
            .OfType<System.Reflection.AssemblyInformationalVersionAttribute>().FirstOrDefault()?.InformationalVersion ?? "unknown";
        app.MapGet("/version", () => Results.Text(version)).AllowAnonymous();
        return app;
    }
}
