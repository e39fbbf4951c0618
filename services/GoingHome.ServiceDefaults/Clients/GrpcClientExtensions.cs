using Grpc.Core;
using Grpc.Net.ClientFactory;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace GoingHome.ServiceDefaults.Clients;

public static class GrpcClientExtensions
{
    /// <summary>
    /// Registers a client of another GoingHome service: its address from service discovery
    /// (<c>services:{name}:http:0</c>), the caller's token forwarded so the callee authorises the real person, and
    /// the Polly pipeline of <see cref="ResilienceInterceptor"/> (deadline, retries, circuit breaker) for that service.
    /// </summary>
    public static IHttpClientBuilder AddGoingHomeGrpcClient<TClient>(this IServiceCollection services, string serviceName, GrpcResilienceOptions? options = null)
        where TClient : ClientBase
    {
        services.AddHttpContextAccessor();
        services.AddServiceDiscovery();
        services.AddGrpcResiliencePipeline(serviceName, options ?? new GrpcResilienceOptions());
        return services
            .AddGrpcClient<TClient>(o => o.Address = new Uri($"http://{serviceName}"))
            .AddInterceptor(sp => new ResilienceInterceptor(
                serviceName, GrpcResiliencePipelines.Resolve(sp, serviceName), options ?? new GrpcResilienceOptions()))
            .AddCallCredentials((_, metadata, sp) =>
            {
                var authorization = sp.GetRequiredService<IHttpContextAccessor>().HttpContext?.Request.Headers.Authorization.ToString();
                if (!string.IsNullOrEmpty(authorization))
                {
                    metadata.Add("authorization", authorization);
                }

                return Task.CompletedTask;
            })
            .ConfigureChannel(channel => channel.UnsafeUseInsecureChannelCallCredentials = true)
            .AddServiceDiscovery();
    }
}
