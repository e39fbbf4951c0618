using GoingHome.ServiceDefaults.Auth;
using GoingHome.ServiceDefaults.Grpc;
using Google.Protobuf;
using Grpc.Core;
using Grpc.Core.Interceptors;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace GoingHome.ServiceDefaults.Errors;

/// <summary>Every server call ends in a precise gRPC status: known failures map to their code, the rest are logged.</summary>
public sealed partial class ErrorInterceptor(ILogger<ErrorInterceptor> logger) : Interceptor
{
    public override async Task<TResponse> UnaryServerHandler<TRequest, TResponse>(
        TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        try
        {
            return await continuation(request, context);
        }
        catch (Exception ex) when (ex is not RpcException)
        {
            throw Translate(ex, context, request);
        }
    }

    public override async Task ServerStreamingServerHandler<TRequest, TResponse>(
        TRequest request, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, ServerStreamingServerMethod<TRequest, TResponse> continuation)
    {
        try
        {
            await continuation(request, responseStream, context);
        }
        catch (Exception ex) when (ex is not RpcException)
        {
            throw Translate(ex, context, request);
        }
    }

    private RpcException Translate(Exception exception, ServerCallContext context, object request)
    {
        var rpc = RpcErrors.ToRpcException(exception);
        if (exception is AccessDeniedException && request is IMessage message)
        {
            context.GetHttpContext().RequestServices.GetService<IAccessRefusals>()?.Refused(
                context.Method, MessageText.Field(message, "child_id"), MessageText.Field(message, "request_id"));
        }

        if (rpc.StatusCode == StatusCode.Internal)
        {
            LogUnexpected(logger, exception, context.Method);
        }
        else if (rpc.StatusCode != StatusCode.Cancelled)
        {
            LogRefused(logger, context.Method, rpc.StatusCode, exception.Message);
        }

        return rpc;
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Unexpected failure in {Method}")]
    private static partial void LogUnexpected(ILogger logger, Exception exception, string method);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Method} refused with {Code}: {Reason}")]
    private static partial void LogRefused(ILogger logger, string method, StatusCode code, string reason);
}
