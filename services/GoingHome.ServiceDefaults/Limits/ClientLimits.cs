using System.Security.Claims;
using System.Threading.RateLimiting;
using GoingHome.ServiceDefaults.Auth;
using GoingHome.ServiceDefaults.Errors;
using Google.Protobuf.WellKnownTypes;
using Google.Rpc;
using Grpc.Core;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace GoingHome.ServiceDefaults.Limits;

/// <summary>
/// How much one client (a person or an integrator's client id) may ask of one service instance. The defaults only stop
/// a runaway loop (about three times what one instance serves on two cores); deployments tighten them per role and per
/// integrator client id (<c>Limits:Roles:SW</c>, <c>Limits:Clients:mosaic-sync</c>).
/// </summary>
public sealed class ClientLimit
{
    /// <summary>Calls per second, sustained.</summary>
    public int PermitsPerSecond { get; set; } = 5000;

    /// <summary>Calls allowed at once above the sustained rate (the bucket's size).</summary>
    public int Burst { get; set; } = 10000;

    /// <summary>Calls in flight at once, live notification streams included: it is also the streams a client may hold.</summary>
    public int Concurrent { get; set; } = 256;
}

public static class ClientLimits
{
    /// <summary>
    /// One runaway client cannot starve the others: each authenticated client gets a token bucket and a concurrency
    /// limit of its own, from <c>Limits:Clients:{sub}</c>, else <c>Limits:Roles:{role}</c>, else <c>Limits:Default</c>.
    /// A refused call is RESOURCE_EXHAUSTED with a RetryInfo saying when to try again (HTTP 429 on JSON). Anonymous
    /// calls are not limited here: they are answered UNAUTHENTICATED, and health probes must always get through.
    /// </summary>
    public static IServiceCollection AddGoingHomeClientLimits(this IServiceCollection services, IConfiguration configuration)
    {
        var limits = configuration.GetSection("Limits");
        services.AddRateLimiter(options =>
        {
            options.GlobalLimiter = PartitionedRateLimiter.CreateChained(
                // Per call only the subject is read; the client's roles and limit are worked out once, when its
                // partition is first made.
                PartitionedRateLimiter.Create<HttpContext, string>(context => ClientId(context) is { } client
                    ? RateLimitPartition.GetTokenBucketLimiter(client, _ => Bucket(LimitFor(limits, context)))
                    : RateLimitPartition.GetNoLimiter("")),
                PartitionedRateLimiter.Create<HttpContext, string>(context => ClientId(context) is { } client
                    ? RateLimitPartition.GetConcurrencyLimiter(client, _ => new ConcurrencyLimiterOptions { PermitLimit = LimitFor(limits, context).Concurrent, QueueLimit = 0 })
                    : RateLimitPartition.GetNoLimiter("")));
            options.OnRejected = async (rejected, cancellationToken) =>
            {
                var retryAfter = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var after) ? after : TimeSpan.FromSeconds(1);
                // The refusal is answered when the retry delay is up, not at once: a loop that ignores RetryInfo is held
                // to the pace it was told, and a flood of refusals costs a timer each instead of a core.
                await Task.Delay(retryAfter < MaxPacing ? retryAfter : MaxPacing, cancellationToken);
                await HttpRpcErrors.WriteAsync(rejected.HttpContext, RpcErrors.Build(
                    StatusCode.ResourceExhausted,
                    $"Too many calls from this client at once or in a short time; retry after {retryAfter.TotalSeconds:0.#} s.",
                    "RATE_LIMITED",
                    new RetryInfo { RetryDelay = Duration.FromTimeSpan(retryAfter) }));
            };
        });
        return services;
    }

    private static readonly TimeSpan MaxPacing = TimeSpan.FromSeconds(1);

    private static string? ClientId(HttpContext context) => context.User.FindFirstValue(CurrentUser.SubjectClaim);

    private static ClientLimit LimitFor(IConfiguration limits, HttpContext context)
    {
        var client = CurrentUser.From(context.User);
        return limits.GetSection($"Clients:{client.Id}").Get<ClientLimit>()
            ?? limits.GetSection($"Roles:{client.PrimaryRole}").Get<ClientLimit>()
            ?? limits.GetSection("Default").Get<ClientLimit>()
            ?? new ClientLimit();
    }

    private static TokenBucketRateLimiterOptions Bucket(ClientLimit limit) => new()
    {
        TokenLimit = limit.Burst,
        TokensPerPeriod = limit.PermitsPerSecond,
        ReplenishmentPeriod = TimeSpan.FromSeconds(1),
        QueueLimit = 0,
        AutoReplenishment = true,
    };
}
