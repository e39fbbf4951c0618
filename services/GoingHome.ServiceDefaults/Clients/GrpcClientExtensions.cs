using GoingHome.ServiceDefaults.Auth;
using Grpc.Core;
using Grpc.Net.ClientFactory;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace GoingHome.ServiceDefaults.Clients;

public static class GrpcClientExtensions
{
    /// <summary>
    /// Registers a client of another GoingHome service: its address from service discovery
    /// (<c>services:{name}:http:0</c>), the caller's token forwarded so the callee authorises the real person (outside a request, the service's own token), and
    /// the Polly pipeline of <see cref="ResilienceInterceptor"/> (deadline, retries, circuit breaker) for that service.
    /// A <paramref name="clientName"/> registers the client under that name, for an API several services serve
    /// (resolved with <see cref="GrpcClientFactory.CreateClient{TClient}(string)"/>).
    /// </summary>
    public static IHttpClientBuilder AddGoingHomeGrpcClient<TClient>(this IServiceCollection services, string serviceName, GrpcResilienceOptions? options = null, string? clientName = null)
        where TClient : ClientBase
    {
        services.AddHttpContextAccessor();
        services.AddServiceDiscovery();
        services.AddGrpcResiliencePipeline(serviceName, options ?? new GrpcResilienceOptions());
        void Address(GrpcClientFactoryOptions o) => o.Address = new Uri($"http://{serviceName}");
        return (clientName is null ? services.AddGrpcClient<TClient>(Address) : services.AddGrpcClient<TClient>(clientName, Address))
            .AddInterceptor(sp => new ResilienceInterceptor(
                serviceName, GrpcResiliencePipelines.Resolve(sp, serviceName), options ?? new GrpcResilienceOptions()))
            .AddCallCredentials(async (context, metadata, sp) =>
            {
                var authorization = sp.GetRequiredService<IHttpContextAccessor>().HttpContext?.Request.Headers.Authorization.ToString();
                if (string.IsNullOrEmpty(authorization) && sp.GetService<ServiceTokenSource>() is { } serviceTokens)
                {
                    // Outside a request (consumers, scans) the service calls as itself.
                    authorization = $"Bearer {await serviceTokens.GetAsync(context.CancellationToken)}";
                }

                if (!string.IsNullOrEmpty(authorization))
                {
                    metadata.Add("authorization", authorization);
                }
            })
            .ConfigureChannel(channel => channel.UnsafeUseInsecureChannelCallCredentials = true)
            .AddServiceDiscovery();
    }
}
