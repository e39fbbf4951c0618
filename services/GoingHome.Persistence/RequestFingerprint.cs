using System.Security.Cryptography;
using Google.Protobuf;
using Grpc.Core;
using Grpc.Core.Interceptors;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace GoingHome.Persistence;

/// <summary>
/// A hash of the request being served, kept beside its request_id: a retry must be the same request, so a request_id
/// used before with a different body is refused rather than answered with the other request's result.
/// </summary>
public sealed class RequestFingerprint
{
    public byte[]? Value { get; private set; }

    public void Of(IMessage request) => Value = SHA256.HashData(request.ToByteArray());
}

/// <summary>Fingerprints every unary request (gRPC, gRPC-Web and JSON alike) before its handler runs.</summary>
public sealed class RequestFingerprintInterceptor : Interceptor
{
    public override Task<TResponse> UnaryServerHandler<TRequest, TResponse>(
        TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        if (request is IMessage message)
        {
            context.GetHttpContext().RequestServices.GetRequiredService<RequestFingerprint>().Of(message);
        }

        return continuation(request, context);
    }
}
