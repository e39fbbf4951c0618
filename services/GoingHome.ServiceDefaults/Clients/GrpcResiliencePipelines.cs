using Grpc.Core;
using Microsoft.Extensions.DependencyInjection;
using Polly;
using Polly.Telemetry;
using Polly.CircuitBreaker;
using Polly.Registry;
using Polly.Retry;
using Polly.Timeout;

namespace GoingHome.ServiceDefaults.Clients;

/// <summary>
/// One Polly pipeline per downstream service, keyed on gRPC status codes (the HTTP-level handlers never see them:
/// gRPC errors arrive as HTTP 200 with a grpc-status trailer). Outer to inner: retry, circuit breaker, attempt timeout.
/// </summary>
public static class GrpcResiliencePipelines
{
    /// <summary>Set by the interceptor: only reads and writes carrying a request_id may be retried.</summary>
    public static readonly ResiliencePropertyKey<bool> Idempotent = new("goinghome.idempotent");

    public static string KeyFor(string serviceName) => $"grpc:{serviceName}";

    public static IServiceCollection AddGrpcResiliencePipeline(this IServiceCollection services, string serviceName, GrpcResilienceOptions options)
    {
        // One pipeline per service, however many of its APIs this one calls: the circuit is the service's.
        if (services.Any(d => d.ImplementationInstance is PipelineFor registered && registered.ServiceName == serviceName))
        {
            return services;
        }

        services.AddSingleton(new PipelineFor(serviceName));
        // The pipeline's telemetry logs each call's outcome: a message about a child (a whole record, with names and
        // dates of birth) is named by its type only, so no personal data reaches the logs or an OTLP collector.
        services.Configure<TelemetryOptions>(telemetry => telemetry.ResultFormatter = (_, result) => result is Google.Protobuf.IMessage message ? message.Descriptor.FullName : result);
        services.AddResiliencePipeline(KeyFor(serviceName), builder =>
        {
            // Retries, timeouts and breaks run on the wall clock: they are about networks, not case deadlines, and a
            // test's frozen clock must not freeze them.
            builder.TimeProvider = TimeProvider.System;
            Configure(builder, options);
        });
        return services;
    }

    public static ResiliencePipeline Resolve(IServiceProvider services, string serviceName) =>
        services.GetRequiredService<ResiliencePipelineProvider<string>>().GetPipeline(KeyFor(serviceName));

    public static ResiliencePipelineBuilder Configure(ResiliencePipelineBuilder builder, GrpcResilienceOptions options) => builder
        .AddRetry(new RetryStrategyOptions
        {
            MaxRetryAttempts = options.MaxRetryAttempts,
            Delay = options.RetryBaseDelay,
            BackoffType = DelayBackoffType.Exponential,
            UseJitter = true,
            ShouldHandle = args => ValueTask.FromResult(
                args.Context.Properties.GetValue(Idempotent, false) && IsTransient(args.Outcome.Exception)),
        })
        .AddCircuitBreaker(new CircuitBreakerStrategyOptions
        {
            FailureRatio = options.BreakerFailureRatio,
            MinimumThroughput = options.BreakerMinimumThroughput,
            SamplingDuration = options.BreakerSamplingDuration,
            BreakDuration = options.BreakDuration,
            ShouldHandle = args => ValueTask.FromResult(IsServiceFailure(args.Outcome.Exception)),
        })
        .AddTimeout(options.AttemptTimeout);

    /// <summary>Worth another try: the service was away or overloaded, or the attempt timed out.</summary>
    public static bool IsTransient(Exception? exception) => exception switch
    {
        TimeoutRejectedException => true,
        RpcException { StatusCode: StatusCode.Unavailable or StatusCode.ResourceExhausted } => true,
        _ => false,
    };

    /// <summary>Counts against the service's health; a caller's own mistakes (bad input, not found) do not.</summary>
    public static bool IsServiceFailure(Exception? exception) => exception switch
    {
        TimeoutRejectedException => true,
        RpcException { StatusCode: StatusCode.Unavailable or StatusCode.Internal or StatusCode.DeadlineExceeded or StatusCode.ResourceExhausted } => true,
        _ => false,
    };

    private sealed record PipelineFor(string ServiceName);
}
