using GoingHome.ServiceDefaults.Auth;
using GoingHome.ServiceDefaults.Grpc;
using Google.Protobuf;
using Grpc.Core;
using Grpc.Core.Interceptors;

namespace GoingHome.Persistence.Restrictions;

/// <summary>
/// Rule ACC-1 at the door: a change (a request with a request_id) that names a child (its child_id) is refused before
/// its handler runs when the caller is not related to the child, so no validation message or rule answer reaches
/// someone with the right role and the wrong relationship. Changes that reach a child through another resource (a
/// task, an approval request) are checked by the unit of work before they commit.
/// </summary>
public sealed class ChildRelationshipInterceptor : Interceptor
{
    public override async Task<TResponse> UnaryServerHandler<TRequest, TResponse>(
        TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        if (request is IMessage message && MessageText.Field(message, "request_id") is not null && MessageText.Field(message, "child_id") is { } childId)
        {
            var services = context.GetHttpContext().RequestServices;
            foreach (var relationship in (IEnumerable<IChildRelationshipCheck>?)services.GetService(typeof(IEnumerable<IChildRelationshipCheck>)) ?? [])
            {
                await relationship.RequireAsync(childId, context.CancellationToken);
            }
        }

        return await continuation(request, context);
    }
}
