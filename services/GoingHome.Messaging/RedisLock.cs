using StackExchange.Redis;

namespace GoingHome.Messaging;

/// <summary>
/// A lease in Redis so that, of several instances, only one runs a scheduled scan at a time. It expires by itself if
/// its holder dies; only the holder's token can release it.
/// </summary>
public sealed class RedisLock : IAsyncDisposable
{
    private const string ReleaseScript = "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end";

    private readonly IDatabase _database;
    private readonly string _key;
    private readonly string _token;

    private RedisLock(IDatabase database, string key, string token)
    {
        _database = database;
        _key = key;
        _token = token;
    }

    /// <summary>The lock, or null when another instance holds it.</summary>
    public static async Task<RedisLock?> TryAcquireAsync(IConnectionMultiplexer redis, string name, TimeSpan lease)
    {
        var database = redis.GetDatabase();
        var key = $"goinghome.lock.{name}";
        var token = Guid.NewGuid().ToString("N");
        return await database.StringSetAsync(key, token, lease, When.NotExists) ? new RedisLock(database, key, token) : null;
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await _database.ScriptEvaluateAsync(ReleaseScript, [_key], [_token]);
        }
        catch (RedisException)
        {
            // The lease expires by itself.
        }
    }
}
