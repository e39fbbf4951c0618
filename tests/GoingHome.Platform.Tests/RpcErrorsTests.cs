using GoingHome.ServiceDefaults.Errors;
using Google.Rpc;
using Grpc.Core;

namespace GoingHome.Platform.Tests;

public sealed class RpcErrorsTests
{
    [Fact]
    public void Validation_failure_is_invalid_argument_with_a_field_violation_per_problem()
    {
        var error = RpcErrors.ToRpcException(new ValidationFailedException(
            [new FieldViolation("child.given_name", "is required"), new FieldViolation("child.nhs_number", "bad check digit")]));

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        var badRequest = error.GetStatusDetail<BadRequest>();
        Assert.NotNull(badRequest);
        Assert.Equal(["child.given_name", "child.nhs_number"], badRequest.FieldViolations.Select(v => v.Field));
        Assert.Equal("INVALID_ARGUMENT", error.GetStatusDetail<ErrorInfo>()?.Reason);
    }

    [Fact]
    public void Rule_violation_is_failed_precondition_naming_each_rule_id()
    {
        var error = RpcErrors.ToRpcException(new RuleViolationException(
            [new RuleViolation("GH-14", "pathway/1", "DD agreement missing"), new RuleViolation("AP-1", "pathway/1", "Director authorisation missing")]));

        Assert.Equal(StatusCode.FailedPrecondition, error.StatusCode);
        Assert.Equal(["GH-14", "AP-1"], error.GetStatusDetail<PreconditionFailure>()!.Violations.Select(v => v.Type));
        Assert.Equal("GH-14,AP-1", error.GetStatusDetail<ErrorInfo>()!.Metadata["rule_ids"]);
    }

    [Theory]
    [InlineData(typeof(ResourceNotFoundException), StatusCode.NotFound)]
    [InlineData(typeof(EtagMismatchException), StatusCode.Aborted)]
    [InlineData(typeof(Microsoft.EntityFrameworkCore.DbUpdateConcurrencyException), StatusCode.Aborted)]
    [InlineData(typeof(AccessDeniedException), StatusCode.PermissionDenied)]
    [InlineData(typeof(NullReferenceException), StatusCode.Internal)]
    [InlineData(typeof(TimeoutException), StatusCode.Unavailable)]
    public void Every_error_has_its_code_and_an_ErrorInfo(Type exceptionType, StatusCode expected)
    {
        Exception exception = exceptionType.Name switch
        {
            nameof(ResourceNotFoundException) => new ResourceNotFoundException("Child", "42"),
            nameof(EtagMismatchException) => new EtagMismatchException("Child", "42"),
            nameof(AccessDeniedException) => new AccessDeniedException("no"),
            _ => (Exception)Activator.CreateInstance(exceptionType)!,
        };

        var error = RpcErrors.ToRpcException(exception);

        Assert.Equal(expected, error.StatusCode);
        Assert.Equal(RpcErrors.ErrorDomain, error.GetStatusDetail<ErrorInfo>()?.Domain);
    }

    [Fact]
    public void Unexpected_errors_do_not_leak_their_message()
    {
        var error = RpcErrors.ToRpcException(new InvalidOperationException("connection string Password=secret"));
        Assert.DoesNotContain("secret", error.Status.Detail, StringComparison.Ordinal);
    }
}
