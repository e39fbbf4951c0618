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
            throw Translate(ex, context, request, typeof(TResponse));
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
            throw Translate(ex, context, request, typeof(TResponse));
        }
    }

    private RpcException Translate(Exception exception, ServerCallContext context, object request, Type responseType)
    {
        var message = request as IMessage;
        if (exception is AccessDeniedException && message is not null)
        {
            Refused(context, MessageText.Field(message, "child_id"), message);
        }
        else if (exception is RestrictedRecordException restricted)
        {
            Refused(context, restricted.ChildId, message);
            exception = AsIfAbsent(message, responseType);
        }

        var rpc = RpcErrors.ToRpcException(exception);

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

    private static void Refused(ServerCallContext context, string? childId, IMessage? request) =>
        context.GetHttpContext().RequestServices.GetService<IAccessRefusals>()?.Refused(
            context.Method, childId, request is null ? null : MessageText.Field(request, "request_id"));

    /// <summary>
    /// The NOT_FOUND the caller would get had the record never existed: the child the request names, or the resource
    /// it asked for by id; never the child behind that resource, which would tell the caller whose record it is.
    /// </summary>
    private static ResourceNotFoundException AsIfAbsent(IMessage? request, Type responseType)
    {
        if (request is not null && MessageText.Field(request, "child_id") is { } childId)
        {
            return new ResourceNotFoundException("Child", childId);
        }

        if (request is null)
        {
            return new ResourceNotFoundException(responseType.Name, "");
        }

        if ((MessageText.Field(request, "id") ?? MessageText.Field(request, "name")) is { } asked)
        {
            return new ResourceNotFoundException(responseType.Name, asked);
        }

        // A resource asked for by a field of its own (task_id, checklist_id, approval_request_id...): worded as the
        // owning service words an unknown one.
        foreach (var field in request.Descriptor.Fields.InFieldNumberOrder().Where(f => f.Name.EndsWith("_id", StringComparison.Ordinal) && f.Name != "request_id"))
        {
            if (MessageText.Field(request, field.Name) is { } id)
            {
                return new ResourceNotFoundException(ResourceOf(field.Name), id);
            }
        }

        return new ResourceNotFoundException(responseType.Name, "");
    }

    /// <summary>The resource type a request field names, as <c>FindByIdAsync</c> calls it (return_id: a section 20 return).</summary>
    private static string ResourceOf(string field) => field == "return_id"
        ? "Section20Return"
        : string.Concat(field[..^3].Split('_').Select(part => part.Length == 0 ? part : char.ToUpperInvariant(part[0]) + part[1..]));

    [LoggerMessage(Level = LogLevel.Error, Message = "Unexpected failure in {Method}")]
    private static partial void LogUnexpected(ILogger logger, Exception exception, string method);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Method} refused with {Code}: {Reason}")]
    private static partial void LogRefused(ILogger logger, string method, StatusCode code, string reason);
}
