using Grpc.Core;

namespace GoingHome.Testing;

/// <summary>Calls made while a dependency is away, or just back (a caller's circuit may stay open for its break duration).</summary>
public static class Outage
{
    /// <summary>The call again while it fails with one of the outage codes, until <paramref name="limit"/>; then its last error.</summary>
    public static async Task<T> RetryWhileAsync<T>(Func<Task<T>> call, TimeSpan limit, params StatusCode[] outage)
    {
        var deadline = DateTime.UtcNow.Add(limit);
        while (true)
        {
            try
            {
                return await call();
            }
            catch (RpcException e) when (DateTime.UtcNow < deadline && outage.Contains(e.StatusCode))
            {
                await Task.Delay(250);
            }
        }
    }

    /// <summary>The call again (each attempt its own request) while it answers UNAVAILABLE, for up to a minute.</summary>
    public static Task<T> OnceAvailableAsync<T>(Func<Task<T>> call) => RetryWhileAsync(call, TimeSpan.FromSeconds(60), StatusCode.Unavailable);
}
