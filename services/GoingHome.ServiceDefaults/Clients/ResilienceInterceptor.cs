using System.Collections.Frozen;
using GoingHome.ServiceDefaults.Grpc;
using Google.Protobuf;
using Google.Protobuf.Reflection;
using Grpc.Core;
using Grpc.Core.Interceptors;
using Polly;
using Polly.CircuitBreaker;
using Polly.Timeout;

namespace GoingHome.ServiceDefaults.Clients;

/// <summary>
/// Runs each unary call through the downstream service's Polly pipeline, with a deadline on every call. A method the
/// contract declares safe to repeat (<c>option idempotency_level</c>: NO_SIDE_EFFECTS for reads, IDEMPOTENT for writes
/// keyed by request_id) is retried; any other is tried once, since a retry could apply it twice.
/// </summary>
public sealed class ResilienceInterceptor(string serviceName, ResiliencePipeline pipeline, GrpcResilienceOptions options) : Interceptor
{
    private static readonly FrozenDictionary<string, MethodOptions.Types.IdempotencyLevel> Levels = SuiteContracts.Services
        .SelectMany(service => service.Methods)
        .ToFrozenDictionary(method => $"/{method.Service.FullName}/{method.Name}", method => method.GetOptions()?.IdempotencyLevel ?? default);

    public override AsyncUnaryCall<TResponse> AsyncUnaryCall<TRequest, TResponse>(
        TRequest request, ClientInterceptorContext<TRequest, TResponse> context, AsyncUnaryCallContinuation<TRequest, TResponse> continuation)
    {
        // gRPC deadlines are wall-clock instants, whatever clock the service's domain runs on.
        var deadline = context.Options.Deadline ?? DateTime.UtcNow.Add(options.CallDeadline);
        AsyncUnaryCall<TResponse>? lastAttempt = null;

        async Task<TResponse> RunAsync()
        {
            var resilienceContext = ResilienceContextPool.Shared.Get(context.Options.CancellationToken);
            resilienceContext.Properties.Set(GrpcResiliencePipelines.Idempotent, IsRepeatable(context.Method.FullName, request));
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

    /// <summary>
    /// Whether the contract declares the method (by its full gRPC name) safe to send again: a read always; a write
    /// declared IDEMPOTENT because of its request_id only when the request carries one.
    /// </summary>
    public static bool IsRepeatable(string fullMethodName, object request) => Levels.GetValueOrDefault(fullMethodName) switch
    {
        MethodOptions.Types.IdempotencyLevel.NoSideEffects => true,
        MethodOptions.Types.IdempotencyLevel.Idempotent => request is not IMessage message
            || message.Descriptor.FindFieldByName("request_id") is not { } key
            || key.Accessor.GetValue(message) is string { Length: > 0 },
        _ => false,
    };

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
