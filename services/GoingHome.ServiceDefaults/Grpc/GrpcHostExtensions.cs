using GoingHome.ServiceDefaults.Errors;
using Grpc.AspNetCore.Server.Model;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace GoingHome.ServiceDefaults.Grpc;

public static class GrpcHostExtensions
{
    public const string CorsPolicy = "goinghome-frontends";

    /// <summary>The largest request message, on gRPC and on the JSON routes alike (gRPC's own default).</summary>
    public const int MaxMessageBytes = 4 * 1024 * 1024;

    /// <summary>
    /// gRPC with the error interceptor, JSON transcoding (REST for front ends), server reflection, the gRPC health
    /// service, and CORS for gRPC-Web from <c>Cors:AllowedOrigins</c>.
    /// </summary>
    public static IServiceCollection AddGoingHomeGrpc(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddGrpc(options =>
        {
            options.Interceptors.Add<ErrorInterceptor>();
            options.Interceptors.Add<StorableTextInterceptor>();
            options.EnableDetailedErrors = false;
            options.MaxReceiveMessageSize = MaxMessageBytes;
        }).AddJsonTranscoding(options =>
            // The error details our status trailers carry, so JSON clients receive them too.
            options.TypeRegistry = RpcErrors.DetailTypes);
        services.AddGrpcReflection();
        // Probes and load balancers call Check as often as they like: it answers from the result the health check
        // publisher last computed (every 5 s), never by querying PostgreSQL and Redis per call.
        services.AddGrpcHealthChecks(options => options.UseHealthChecksCache = true);
        services.Configure<HealthCheckPublisherOptions>(options =>
        {
            options.Delay = TimeSpan.FromSeconds(1);
            options.Period = TimeSpan.FromSeconds(5);
        });

        var origins = configuration.GetSection("Cors:AllowedOrigins").Get<string[]>() ?? [];
        services.AddCors(options => options.AddPolicy(CorsPolicy, policy => policy
            .WithOrigins(origins)
            .AllowAnyMethod()
            .WithHeaders("authorization", "content-type", "x-grpc-web", "x-user-agent", "grpc-timeout")
            .WithExposedHeaders("grpc-status", "grpc-message", "grpc-status-details-bin")));
        return services;
    }

    /// <summary>
    /// grpc-dotnet's binder gives way to <see cref="CheckedMessageBinder{TService}"/> (the JSON transcoding binder
    /// stays). Called after every registration that calls AddGrpc (reflection, health, Swagger), which add the
    /// framework's binder again.
    /// </summary>
    public static void UseCheckedMessageBinder(this IServiceCollection services)
    {
        foreach (var frameworkBinder in services.Where(descriptor => descriptor.ServiceType == typeof(IServiceMethodProvider<>)
            && descriptor.ImplementationType?.Name.StartsWith("BinderServiceMethodProvider", StringComparison.Ordinal) == true).ToList())
        {
            services.Remove(frameworkBinder);
        }

        services.TryAddEnumerable(ServiceDescriptor.Singleton(typeof(IServiceMethodProvider<>), typeof(CheckedMessageBinder<>)));
    }

    /// <summary>
    /// Maps a gRPC service for gRPC, gRPC-Web and (through its http annotations) JSON, with the front-end CORS policy.
    /// </summary>
    public static GrpcServiceEndpointConventionBuilder MapGoingHomeGrpcService<TService>(this IEndpointRouteBuilder endpoints)
        where TService : class =>
        endpoints.MapGrpcService<TService>().EnableGrpcWeb().RequireCors(CorsPolicy);
}
