using Google.Protobuf;
using HttpRequest = Microsoft.AspNetCore.Http.HttpRequest;
using Grpc.Core;
using Microsoft.AspNetCore.Http;

namespace GoingHome.ServiceDefaults.Errors;

/// <summary>
/// Writes a refusal made before any gRPC handler runs (authentication, authorisation, the JSON body guard) in the
/// shape the caller's protocol expects: a trailers-only gRPC response carrying the google.rpc.Status in
/// <c>grpc-status-details-bin</c>, or the same <c>{code,message,details}</c> JSON body JSON transcoding writes.
/// </summary>
public static class HttpRpcErrors
{
    private static readonly JsonFormatter Json = new(JsonFormatter.Settings.Default.WithTypeRegistry(RpcErrors.DetailTypes));

    public static bool IsGrpc(HttpRequest request) =>
        request.ContentType?.StartsWith("application/grpc", StringComparison.OrdinalIgnoreCase) == true;

    public static Task WriteAsync(HttpContext context, RpcException error, int? httpStatus = null)
    {
        var response = context.Response;
        var status = error.GetRpcStatus() ?? new Google.Rpc.Status { Code = (int)error.StatusCode, Message = error.Status.Detail };
        if (IsGrpc(context.Request))
        {
            // gRPC reports every outcome with HTTP 200 and the status in headers (a trailers-only response).
            response.StatusCode = StatusCodes.Status200OK;
            response.ContentType = context.Request.ContentType;
            response.Headers["grpc-status"] = status.Code.ToString(System.Globalization.CultureInfo.InvariantCulture);
            response.Headers["grpc-message"] = Uri.EscapeDataString(status.Message);
            response.Headers[RpcErrors.StatusDetailsTrailer] = Convert.ToBase64String(status.ToByteArray()).TrimEnd('=');
            return Task.CompletedTask;
        }

        response.StatusCode = httpStatus ?? HttpStatusFor(error.StatusCode);
        response.ContentType = "application/json; charset=utf-8";
        return response.WriteAsync(Json.Format(status), context.RequestAborted);
    }

    /// <summary>The HTTP status google.api's mapping gives each gRPC code, as JSON transcoding uses.</summary>
    private static int HttpStatusFor(StatusCode code) => code switch
    {
        StatusCode.InvalidArgument or StatusCode.FailedPrecondition or StatusCode.OutOfRange => StatusCodes.Status400BadRequest,
        StatusCode.Unauthenticated => StatusCodes.Status401Unauthorized,
        StatusCode.PermissionDenied => StatusCodes.Status403Forbidden,
        StatusCode.NotFound => StatusCodes.Status404NotFound,
        StatusCode.Aborted or StatusCode.AlreadyExists => StatusCodes.Status409Conflict,
        StatusCode.ResourceExhausted => StatusCodes.Status429TooManyRequests,
        StatusCode.Unavailable => StatusCodes.Status503ServiceUnavailable,
        _ => StatusCodes.Status500InternalServerError,
    };
}
