using GoingHome.ServiceDefaults.Errors;
using Google.Rpc;
using Grpc.Core;
using Xunit;

namespace GoingHome.Testing;

/// <summary>Assertions on the errors the services return.</summary>
public static class RpcAssert
{
    /// <summary>The rule IDs a FAILED_PRECONDITION names, in order.</summary>
    public static List<string> UnmetRules(RpcException error)
    {
        Assert.Equal(StatusCode.FailedPrecondition, error.StatusCode);
        return [.. error.GetStatusDetail<PreconditionFailure>()!.Violations.Select(v => v.Type)];
    }
}
