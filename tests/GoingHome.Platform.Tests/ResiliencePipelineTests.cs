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
    [InlineData("/goinghome.case.v1.CaseService/GetChild", "", true)]
    [InlineData("/goinghome.case.v1.CaseService/ListChildren", "", true)]
    [InlineData("/goinghome.approvals.v1.ApprovalsService/CheckGate", "", true)]
    [InlineData("/goinghome.case.v1.CaseService/CreateChild", "req-1", true)]
    [InlineData("/goinghome.case.v1.CaseService/CreateChild", "", false)]
    [InlineData("/goinghome.notifications.v1.NotificationsService/ReplayWebhookDelivery", "", false)]
    [InlineData("/goinghome.case.v1.CaseService/NoSuchMethod", "req-1", false)]
    public void The_contract_says_which_methods_are_retried(string method, string requestId, bool repeatable) =>
        Assert.Equal(repeatable, ResilienceInterceptor.IsRepeatable(method, new GoingHome.Case.V1.CreateChildRequest { RequestId = requestId }));

    [Fact]
    public void Every_read_and_every_write_keyed_by_request_id_declares_its_idempotency_level()
    {
        var undeclared = GoingHome.ServiceDefaults.Grpc.SuiteContracts.Services
            .SelectMany(service => service.Methods)
            .Where(method => (method.GetOptions()?.IdempotencyLevel ?? default) == Google.Protobuf.Reflection.MethodOptions.Types.IdempotencyLevel.IdempotencyUnknown)
            .Select(method => method.Name);

        // A replay sends the webhook again by design: the one method that must never be retried on its own.
        Assert.Equal(["ReplayWebhookDelivery"], undeclared);
    }
}
