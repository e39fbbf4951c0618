using Grpc.Core;

namespace GoingHome.Testing;

/// <summary>After a dependency comes back, a caller's circuit to it may stay open for its break duration.</summary>
public static class Outage
{
    /// <summary>The call again (each attempt its own request) while it answers UNAVAILABLE, for up to a minute.</summary>
    public static async Task<T> OnceAvailableAsync<T>(Func<Task<T>> call, string what)
    {
        T result = default!;
        await LocalProcess.WaitUntilAsync(async () =>
        {
            try
            {
                result = await call();
                return true;
            }
            catch (RpcException e) when (e.StatusCode == StatusCode.Unavailable)
            {
                return false;
            }
        }, TimeSpan.FromSeconds(60), what);
        return result;
    }
}
