using Google.Protobuf;
using Grpc.Core;
using Grpc.Core.Interceptors;
using Polly;
using Polly.CircuitBreaker;
using Polly.Timeout;

namespace GoingHome.ServiceDefaults.Clients;

/// <summary>
/// Runs each unary call through the downstream service's Polly pipeline, with a deadline on every call. Reads
/// (Get, List, Check...) and writes carrying a request_id are retried; other writes are tried once, since a retry
/// could apply them twice.
/// </summary>
public sealed class ResilienceInterceptor(string serviceName, ResiliencePipeline pipeline, GrpcResilienceOptions options) : Interceptor
{
    private static readonly string[] ReadPrefixes = ["Get", "List", "Check", "Evaluate", "Choose", "Batch"];

    public override AsyncUnaryCall<TResponse> AsyncUnaryCall<TRequest, TResponse>(
        TRequest request, ClientInterceptorContext<TRequest, TResponse> context, AsyncUnaryCallContinuation<TRequest, TResponse> continuation)
    {
        // gRPC deadlines are wall-clock instants, whatever clock the service's domain runs on.
        var deadline = context.Options.Deadline ?? DateTime.UtcNow.Add(options.CallDeadline);
        AsyncUnaryCall<TResponse>? lastAttempt = null;

        async Task<TResponse> RunAsync()
        {
            var resilienceContext = ResilienceContextPool.Shared.Get(context.Options.CancellationToken);
            resilienceContext.Properties.Set(GrpcResiliencePipelines.Idempotent, IsIdempotent(context.Method.Name, request));
            try
            {
                return await pipeline.ExecuteAsync(
                    async attempt =>
                    {
                        var attemptOptions = context.Options.WithDeadline(deadline).WithCancellationToken(attempt.CancellationToken);
                        var call = continuation(request, new ClientInterceptorContext<TRequest, TResponse>(context.Method, context.Host, attemptOptions));
                        lastAttempt = call;
                        try
                        {
                            return await call.ResponseAsync.ConfigureAwait(false);
                        }
                        catch (RpcException ex) when (ex.StatusCode == StatusCode.Cancelled && attempt.CancellationToken.IsCancellationRequested)
                        {
                            // gRPC reports our per-attempt timeout as Cancelled; Polly's timeout needs to see it as such.
                            throw new OperationCanceledException(ex.Message, ex, attempt.CancellationToken);
                        }
                    },
                    resilienceContext).ConfigureAwait(false);
            }
            catch (BrokenCircuitException ex)
            {
                throw new RpcException(new Status(StatusCode.Unavailable, $"{serviceName} is unavailable (circuit open): {ex.Message}"));
            }
            catch (TimeoutRejectedException)
            {
                throw new RpcException(new Status(StatusCode.DeadlineExceeded, $"{serviceName} did not answer within {options.AttemptTimeout.TotalSeconds}s"));
            }
            finally
            {
                ResilienceContextPool.Shared.Return(resilienceContext);
            }
        }

        var response = RunAsync();
        return new AsyncUnaryCall<TResponse>(
            response,
            HeadersAsync(response, () => lastAttempt),
            () => lastAttempt?.GetStatus() ?? Status.DefaultSuccess,
            () => lastAttempt?.GetTrailers() ?? [],
            () => lastAttempt?.Dispose());
    }

    /// <summary>Reads, and writes that carry an idempotency key, are safe to send again.</summary>
    public static bool IsIdempotent(string methodName, object request)
    {
        if (ReadPrefixes.Any(prefix => methodName.StartsWith(prefix, StringComparison.Ordinal)))
        {
            return true;
        }

        return request is IMessage message
            && message.Descriptor.FindFieldByName("request_id") is { } field
            && field.Accessor.GetValue(message) is string { Length: > 0 };
    }

    private static async Task<Metadata> HeadersAsync<TResponse>(Task<TResponse> response, Func<AsyncUnaryCall<TResponse>?> lastAttempt)
    {
        try
        {
            await response.ConfigureAwait(false);
        }
        catch (RpcException)
        {
            // Headers of a failed call are still those of its last attempt.
        }

        return lastAttempt() is { } call ? await call.ResponseHeadersAsync.ConfigureAwait(false) : [];
    }
}
