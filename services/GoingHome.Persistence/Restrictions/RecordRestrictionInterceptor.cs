using GoingHome.ServiceDefaults.Auth;
using GoingHome.ServiceDefaults.Grpc;
using Google.Protobuf;
using Grpc.Core;
using Grpc.Core.Interceptors;
using Microsoft.Extensions.DependencyInjection;

namespace GoingHome.Persistence.Restrictions;

/// <summary>
/// Every request that names a child (its child_id) is refused before its handler runs when that child's record is
/// restricted and the caller is not named: no validation message, rule or kept answer can tell them the child exists.
/// Requests that reach a child through another resource are checked where the record is read (<see cref="Auditor"/>).
/// </summary>
public sealed class RecordRestrictionInterceptor(RecordRestrictions restrictions) : Interceptor
{
    public override Task<TResponse> UnaryServerHandler<TRequest, TResponse>(
        TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        Require(request, context);
        return continuation(request, context);
    }

    public override Task ServerStreamingServerHandler<TRequest, TResponse>(
        TRequest request, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, ServerStreamingServerMethod<TRequest, TResponse> continuation)
    {
        Require(request, context);
        return continuation(request, responseStream, context);
    }

    private void Require(object request, ServerCallContext context)
    {
        if (request is IMessage message && MessageText.Field(message, "child_id") is { } childId)
        {
            restrictions.Require(context.GetHttpContext().RequestServices.GetRequiredService<CurrentUser>(), childId);
        }
    }
}
