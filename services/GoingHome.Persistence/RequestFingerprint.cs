using System.Security.Cryptography;
using GoingHome.ServiceDefaults.Grpc;
using Google.Protobuf;
using Grpc.Core;
using Grpc.Core.Interceptors;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace GoingHome.Persistence;

/// <summary>
/// The request being served, as its request_id and a hash of its body: a retry must be the same request, so a
/// request_id used before with a different body is refused rather than answered with the other request's result.
/// </summary>
public sealed class RequestFingerprint
{
    private string? _checkedRequestId;

    public byte[]? Value { get; private set; }

    public void Of(IMessage request) => Value = SHA256.HashData(request.ToByteArray());

    /// <summary>The store was asked for this request_id before the handler ran, and held no answer.</summary>
    public void NothingStoredFor(string requestId) => _checkedRequestId = requestId;

    public bool AlreadyCheckedFor(string requestId) => _checkedRequestId == requestId;
}

/// <summary>
/// The front door of idempotency for every unary write (gRPC, gRPC-Web and JSON alike), before any validation or rule:
/// a request whose request_id has a stored answer gets that answer (same caller, same body) or INVALID_ARGUMENT on
/// request_id (another body, or another caller's id). The unit of work then skips its own look-up.
/// </summary>
public sealed class IdempotencyInterceptor<TDbContext> : Interceptor
    where TDbContext : DbContext
{
    public override async Task<TResponse> UnaryServerHandler<TRequest, TResponse>(
        TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        if (request is IMessage message)
        {
            // Resolved per call, and only here: anonymous calls (reflection, health) have no caller to look up.
            var services = context.GetHttpContext().RequestServices;
            var fingerprint = services.GetRequiredService<RequestFingerprint>();
            fingerprint.Of(message);
            if (MessageText.Field(message, "request_id") is { } requestId)
            {
                if (await services.GetRequiredService<IdempotencyStore<TDbContext>>().FindAnswerAsync(context.Method, requestId, context.CancellationToken) is { } answer)
                {
                    var earlier = (IMessage)Activator.CreateInstance<TResponse>();
                    earlier.MergeFrom(answer);
                    return (TResponse)earlier;
                }

                fingerprint.NothingStoredFor(requestId);
            }
        }

        return await continuation(request, context);
    }
}
