using System.Text.Json;
using GoingHome.ServiceDefaults.Errors;
using Google.Rpc;
using Grpc.Core;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Grpc.JsonTranscoding;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace GoingHome.ServiceDefaults.Grpc;

/// <summary>
/// The JSON routes keep gRPC's promises: a body larger than gRPC accepts is refused as RESOURCE_EXHAUSTED before it
/// is read in full, and a body that is not JSON, or whose field has the wrong shape, is INVALID_ARGUMENT naming the
/// field (JSON transcoding alone answers "not correctly formatted" with no field); so is a query parameter the
/// request does not have or cannot read.
/// </summary>
public static class JsonRequestGuard
{
    public static IApplicationBuilder UseJsonRequestGuard(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        var transcoding = context.GetEndpoint()?.Metadata.GetMetadata<GrpcJsonTranscodingMetadata>();
        if (transcoding is null || HttpRpcErrors.IsGrpc(context.Request))
        {
            await next(context);
            return;
        }

        var refusal = QueryRefusal(context, transcoding) ?? (transcoding.HttpRule.Body.Length == 0 ? null : await ReadAsync(context, transcoding));
        if (refusal is null)
        {
            await next(context);
            return;
        }

        await HttpRpcErrors.WriteAsync(context, refusal.Value.Error, refusal.Value.HttpStatus);
    });

    /// <summary>With body "*" every field comes from the body and route, so a query string has nothing to fill.</summary>
    private static (RpcException Error, int? HttpStatus)? QueryRefusal(HttpContext context, GrpcJsonTranscodingMetadata transcoding) =>
        transcoding.HttpRule.Body == "*" || context.Request.Query.Count == 0
            ? null
            : QueryShape.Check(context.Request.Query, transcoding.MethodDescriptor.InputType) is { } violation ? Invalid(violation) : null;

    private static async Task<(RpcException Error, int? HttpStatus)?> ReadAsync(HttpContext context, GrpcJsonTranscodingMetadata transcoding)
    {
        var limit = GrpcHostExtensions.MaxMessageBytes;
        if (context.Request.ContentLength > limit)
        {
            return TooLarge(limit);
        }

        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } size)
        {
            size.MaxRequestBodySize = limit;
        }

        context.Request.EnableBuffering(bufferThreshold: 64 * 1024, bufferLimit: limit);
        JsonDocument document;
        try
        {
            document = await JsonDocument.ParseAsync(context.Request.Body, cancellationToken: context.RequestAborted);
        }
        catch (Exception ex) when (ex is BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge } or IOException)
        {
            return TooLarge(limit);
        }
        catch (JsonException ex)
        {
            return Invalid(new FieldViolation(
                string.IsNullOrEmpty(ex.Path) || ex.Path == "$" ? "body" : ex.Path.TrimStart('$', '.'),
                $"is not valid JSON (line {ex.LineNumber + 1}, byte {ex.BytePositionInLine + 1})"));
        }

        using (document)
        {
            context.Request.Body.Position = 0;
            var input = transcoding.MethodDescriptor.InputType;
            var bodyField = transcoding.HttpRule.Body == "*" ? null : input.FindFieldByName(transcoding.HttpRule.Body);
            var violation = JsonShape.Check(document.RootElement, bodyField, input, bodyField?.JsonName ?? "");
            return violation is null ? null : Invalid(violation);
        }
    }

    private static (RpcException, int?) Invalid(FieldViolation violation) => (RpcErrors.Build(
        StatusCode.InvalidArgument, $"Request is invalid: {violation.Field}: {violation.Description}", "INVALID_ARGUMENT",
        new BadRequest { FieldViolations = { new BadRequest.Types.FieldViolation { Field = violation.Field, Description = violation.Description } } }), null);

    private static (RpcException, int?) TooLarge(int limit) => (RpcErrors.Build(
        StatusCode.ResourceExhausted, $"The request body is larger than the {limit / (1024 * 1024)} MB a message may be.", "MESSAGE_TOO_LARGE",
        null, ("limit_bytes", limit.ToString(System.Globalization.CultureInfo.InvariantCulture))), StatusCodes.Status413PayloadTooLarge);
}
