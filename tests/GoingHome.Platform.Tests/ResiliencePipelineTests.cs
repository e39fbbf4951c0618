using GoingHome.ServiceDefaults.Clients;
using Grpc.Core;
using Polly;
using Polly.CircuitBreaker;
using Polly.Retry;
using Polly.Testing;
using Polly.Timeout;

namespace GoingHome.Platform.Tests;

public sealed class ResiliencePipelineTests
{
    [Fact]
    public void Pipeline_is_retry_then_circuit_breaker_then_attempt_timeout()
    {
        var options = new GrpcResilienceOptions { AttemptTimeout = TimeSpan.FromSeconds(2), MaxRetryAttempts = 4 };
        var descriptor = GrpcResiliencePipelines.Configure(new ResiliencePipelineBuilder(), options).Build().GetPipelineDescriptor();

        Assert.Collection(
            descriptor.Strategies,
            s => Assert.Equal(4, Assert.IsType<RetryStrategyOptions>(s.Options).MaxRetryAttempts),
            s => Assert.IsType<CircuitBreakerStrategyOptions>(s.Options),
            s => Assert.Equal(TimeSpan.FromSeconds(2), Assert.IsType<TimeoutStrategyOptions>(s.Options).Timeout));
    }

    [Theory]
    [InlineData(StatusCode.Unavailable, true)]
    [InlineData(StatusCode.ResourceExhausted, true)]
    [InlineData(StatusCode.InvalidArgument, false)]
    [InlineData(StatusCode.FailedPrecondition, false)]
    [InlineData(StatusCode.Aborted, false)]
    [InlineData(StatusCode.PermissionDenied, false)]
    public void Only_transient_status_codes_are_retried(StatusCode code, bool transient) =>
        Assert.Equal(transient, GrpcResiliencePipelines.IsTransient(new RpcException(new Status(code, ""))));

    [Theory]
    [InlineData("GetChild", "", true)]
    [InlineData("ListChildren", "", true)]
    [InlineData("CheckGate", "", true)]
    [InlineData("CreateChild", "req-1", true)]
    [InlineData("CreateChild", "", false)]
    public void Reads_and_writes_with_a_request_id_are_idempotent(string method, string requestId, bool idempotent) =>
        Assert.Equal(idempotent, ResilienceInterceptor.IsIdempotent(method, new GoingHome.Case.V1.CreateChildRequest { RequestId = requestId }));
}
