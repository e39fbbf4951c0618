using Grpc.Core;
using Npgsql;
using Polly.CircuitBreaker;
using Polly.Timeout;
using StackExchange.Redis;

namespace GoingHome.Messaging;

/// <summary>Failures that say "not now" rather than "never": something the event needs is away for a while.</summary>
public static class TransientFailures
{
    public static bool IsTransient(Exception exception) => exception switch
    {
        RpcException { StatusCode: StatusCode.Unavailable or StatusCode.DeadlineExceeded or StatusCode.ResourceExhausted } => true,
        BrokenCircuitException or TimeoutRejectedException or TimeoutException or RedisConnectionException or RedisTimeoutException => true,
        NpgsqlException { IsTransient: true } => true,
        _ => exception.InnerException is { } inner && IsTransient(inner),
    };
}
