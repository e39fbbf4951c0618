using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Google.Rpc;
using Grpc.Core;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using RpcStatus = Google.Rpc.Status;

namespace GoingHome.ServiceDefaults.Errors;

/// <summary>
/// Turns exceptions into gRPC status with google.rpc details in the <c>grpc-status-details-bin</c> trailer (written
/// and read by Grpc.StatusProto: <c>GetRpcStatus()</c>, <c>GetStatusDetail&lt;T&gt;()</c>), the
/// richer error model of AIP-193: BadRequest for bad input, PreconditionFailure naming rule IDs, ResourceInfo, and
/// ErrorInfo on every error.
/// </summary>
public static class RpcErrors
{
    public const string StatusDetailsTrailer = "grpc-status-details-bin";
    public const string ErrorDomain = "goinghome.gov.uk";

    /// <summary>The detail messages errors carry, for writing them as JSON.</summary>
    public static readonly Google.Protobuf.Reflection.TypeRegistry DetailTypes = Google.Protobuf.Reflection.TypeRegistry.FromMessages(
        BadRequest.Descriptor, PreconditionFailure.Descriptor, ResourceInfo.Descriptor, ErrorInfo.Descriptor, RetryInfo.Descriptor);

    public static RpcException ToRpcException(Exception exception) => exception switch
    {
        RpcException rpc => rpc,
        ValidationFailedException invalid => Build(StatusCode.InvalidArgument, invalid.Message, "INVALID_ARGUMENT", new BadRequest
        {
            FieldViolations =
            {
                invalid.Violations.Select(v => new BadRequest.Types.FieldViolation { Field = v.Field, Description = v.Description }),
            },
        }),
        RuleViolationException rules => Build(
            StatusCode.FailedPrecondition,
            rules.Message,
            "RULES_NOT_MET",
            new PreconditionFailure
            {
                Violations =
                {
                    rules.Violations.Select(v => new PreconditionFailure.Types.Violation { Type = v.RuleId, Subject = v.Subject, Description = v.Description }),
                },
            },
            ("rule_ids", string.Join(",", rules.Violations.Select(v => v.RuleId).Distinct()))),
        ResourceNotFoundException missing => Build(StatusCode.NotFound, missing.Message, "NOT_FOUND", new ResourceInfo
        {
            ResourceType = missing.ResourceType,
            ResourceName = missing.ResourceName,
        }),
        EtagMismatchException stale => Build(StatusCode.Aborted, stale.Message, "STALE_ETAG", new ResourceInfo
        {
            ResourceType = stale.ResourceType,
            ResourceName = stale.ResourceName,
        }),
        DbUpdateConcurrencyException => Build(StatusCode.Aborted, "The record was changed by someone else at the same time; read it again and retry.", "CONCURRENT_UPDATE"),
        DbUpdateException { InnerException: NpgsqlException { IsTransient: true } } or NpgsqlException { IsTransient: true } or TimeoutException
            => Build(StatusCode.Unavailable, "A store this service depends on is not answering; retry shortly.", "STORE_UNAVAILABLE"),
        AccessDeniedException denied => Build(
            StatusCode.PermissionDenied, denied.Message, "PERMISSION_DENIED", null,
            denied.RuleId is null ? [] : [("rule_ids", denied.RuleId)]),
        OperationCanceledException => Build(StatusCode.Cancelled, "The call was cancelled.", "CANCELLED"),
        _ => Build(StatusCode.Internal, "An unexpected error occurred; it has been logged.", "INTERNAL"),
    };

    public static RpcException Build(StatusCode code, string message, string reason, IMessage? detail = null, params (string Key, string Value)[] metadata)
    {
        var info = new ErrorInfo { Reason = reason, Domain = ErrorDomain };
        foreach (var (key, value) in metadata)
        {
            info.Metadata[key] = Bounded(value);
        }

        var status = new RpcStatus { Code = (int)code, Message = Bounded(message) };
        if (detail is not null)
        {
            var total = CapItems(detail);
            if (total > MaxItems)
            {
                info.Metadata["violations_total"] = total.ToString(System.Globalization.CultureInfo.InvariantCulture);
            }

            BoundTexts(detail);
            status.Details.Add(Any.Pack(detail));
        }

        status.Details.Add(Any.Pack(info));
        return status.ToRpcException();
    }

    /// <summary>
    /// Errors travel in HTTP/2 trailers, which clients cap (64 KB in .NET): a message that quotes what the caller sent
    /// (an unknown field path, a filter) must stay short however long the input was, or the client loses the answer.
    /// </summary>
    private const int MaxText = 500;

    /// <summary>
    /// And the list of field violations is capped: the first <see cref="MaxItems"/>, each text at most <see cref="MaxDetailText"/>
    /// (about 6 KB at most however many or long the paths that were wrong; the full count in <c>ErrorInfo.metadata.violations_total</c>), so a
    /// trailer stays within what gRPC clients read (8-16 KB) and never takes the connection down.
    /// </summary>
    public const int MaxItems = 10;

    private const int MaxDetailText = 200;

    private static string Bounded(string text, int max = MaxText) => text.Length <= max ? text : string.Concat(text.AsSpan(0, max), "…");

    /// <summary>
    /// Keeps the first <see cref="MaxItems"/> field violations of a BadRequest (their paths echo what the caller sent,
    /// so their number is the caller's to choose); returns how many there were. A PreconditionFailure is kept whole:
    /// its rules are the service's own, bounded by the domain, and each unmet one must be named.
    /// </summary>
    private static int CapItems(IMessage detail)
    {
        if (detail is not BadRequest bad)
        {
            return 0;
        }

        var total = bad.FieldViolations.Count;
        if (total > MaxItems)
        {
            var kept = bad.FieldViolations.Take(MaxItems).ToList();
            bad.FieldViolations.Clear();
            bad.FieldViolations.Add(kept);
        }

        return total;
    }

    private static void BoundTexts(IMessage message)
    {
        foreach (var field in message.Descriptor.Fields.InFieldNumberOrder())
        {
            var value = field.Accessor.GetValue(message);
            switch (field)
            {
                case { IsRepeated: true, FieldType: Google.Protobuf.Reflection.FieldType.Message }:
                    foreach (var item in (System.Collections.IEnumerable)value)
                    {
                        BoundTexts((IMessage)item);
                    }

                    break;
                case { IsRepeated: false, FieldType: Google.Protobuf.Reflection.FieldType.String }:
                    field.Accessor.SetValue(message, Bounded((string)value, MaxDetailText));
                    break;
                case { IsRepeated: false, FieldType: Google.Protobuf.Reflection.FieldType.Message } when value is IMessage inner:
                    BoundTexts(inner);
                    break;
            }
        }
    }

    /// <summary>One detail of the google.rpc.Status a server put in the trailers (Grpc.StatusProto reads it), for
    /// clients and tests.</summary>
    public static T? GetStatusDetail<T>(this RpcException exception)
        where T : class, IMessage<T>, new() =>
        exception.GetRpcStatus()?.GetDetail<T>();
}
