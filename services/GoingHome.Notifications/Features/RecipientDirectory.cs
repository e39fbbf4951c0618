using GoingHome.Case.V1;
using Google.Protobuf;
using Grpc.Core;
using StackExchange.Redis;

namespace GoingHome.Notifications.Features;

/// <summary>
/// The child's network and allocations, read from Case with the service's own token through the resilient client
/// and kept in Redis; dropped when Case says the network or allocations changed. Redis being away only costs a call
/// to Case; Case being away postpones the event (it stays pending and is retried), never drops it.
/// </summary>
public sealed class RecipientDirectory(CaseService.CaseServiceClient cases, IConnectionMultiplexer redis, NotificationsOptions options)
{
    public static string CacheKey(string childId) => $"goinghome.notifications.contacts.{childId}";

    /// <summary>The child's contacts, or null when Case has no such child (only role and event recipients apply).</summary>
    public async Task<Child?> GetAsync(string childId, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(childId))
        {
            return null;
        }

        var cached = await TryRedisAsync(db => db.StringGetAsync(CacheKey(childId)));
        if (cached is { HasValue: true })
        {
            return Child.Parser.ParseFrom((byte[])cached!);
        }

        Child child;
        try
        {
            child = await cases.GetChildAsync(new GetChildRequest { Id = childId }, cancellationToken: cancellationToken);
        }
        catch (RpcException ex) when (ex.StatusCode == StatusCode.NotFound)
        {
            return null;
        }

        // The contacts, and the source system that keeps the child, for integrators' webhooks (ACC-3).
        var contacts = new Child { Id = child.Id, Network = { child.Network }, Allocations = { child.Allocations }, SourceSystem = child.SourceSystem };
        await TryRedisAsync(db => db.StringSetAsync(CacheKey(childId), contacts.ToByteArray(), options.RecipientCacheTtl));
        return contacts;
    }

    /// <summary>Drops the cached contacts; a failure here is transient and retries the event, so no stale list survives.</summary>
    public Task ForgetAsync(string childId) => redis.GetDatabase().KeyDeleteAsync(CacheKey(childId));

    private async Task<T?> TryRedisAsync<T>(Func<IDatabase, Task<T>> operation)
    {
        try
        {
            return await operation(redis.GetDatabase());
        }
        catch (RedisException)
        {
            return default;
        }
    }
}
