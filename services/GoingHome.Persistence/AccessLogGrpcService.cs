using GoingHome.Audit.V1;
using GoingHome.ServiceDefaults;
using GoingHome.ServiceDefaults.Auth;
using GoingHome.ServiceDefaults.Errors;
using GoingHome.ServiceDefaults.Grpc;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Microsoft.AspNetCore.Authorization;
using Microsoft.EntityFrameworkCore;

namespace GoingHome.Persistence;

/// <summary>
/// This service's access log for the data protection officer: a child's records, and the chain's verification.
/// Reading a child's records is itself a read of that child's record, and is logged like any other.
/// </summary>
public sealed class AccessLogGrpcService<TDbContext>(AuditLog<TDbContext> log, Auditor auditor, ServiceIdentity service)
    : AccessLogService.AccessLogServiceBase
    where TDbContext : DbContext
{
    [Authorize(Policy = Policies.DataProtectionOfficer)]
    public override async Task<ListAccessRecordsResponse> ListAccessRecords(ListAccessRecordsRequest request, ServerCallContext context)
    {
        var v = new Violations().RequireText(request.ChildId, "child_id", 64, required: false).RequireText(request.UserId, "user_id", 200, required: false);
        v.Require(request.ChildId.Length > 0 || request.UserId.Length > 0, "child_id", "give a child_id, a user_id or both");
        var (from, to) = AccessPeriod.Read(v, request.StartTime, request.EndTime);
        var pageSize = PageTokens.PageSize(v, request.PageSize);
        var query = PageTokens.Query(request);
        var offset = PageTokens.Decode(v, request.PageToken, query);
        v.ThrowIfAny();

        var (page, next) = await log.Matching(request.ChildId, request.UserId, from, to).ReadPageAsync(offset, pageSize, query, context.CancellationToken);
        auditor.ReadPage(context.Method, request.ChildId.Length > 0 ? [request.ChildId] : page.Select(r => r.ChildId), childId => childId);
        return new ListAccessRecordsResponse { Records = { page.Select(row => AccessRecords.ToProto(row, service.Name)) }, NextPageToken = next };
    }

    [Authorize(Policy = Policies.DataProtectionOfficer)]
    public override async Task<VerifyAccessLogResponse> VerifyAccessLog(VerifyAccessLogRequest request, ServerCallContext context)
    {
        return AccessRecords.ToProto(await log.VerifyAsync(context.CancellationToken), service.Name);
    }
}

/// <summary>Audit rows as the contracts' access records.</summary>
public static class AccessRecords
{
    public static VerifyAccessLogResponse ToProto(AuditChain.Verifier verified, string service) => new()
    {
        Service = service,
        VerifiedRows = verified.Verified,
        Intact = verified.Breaks.Count == 0,
        Breaks = { verified.Breaks.Select(b => new ChainBreak { ChainPosition = b.Position, Kind = b.Kind }) },
    };

    public static AccessRecord ToProto(AuditEntity row, string service) => new()
    {
        Service = service,
        ChainPosition = row.ChainPosition ?? 0,
        Time = Timestamp.FromDateTimeOffset(row.OccurredAt),
        UserId = row.UserId,
        Role = row.Role,
        Method = row.Method,
        ChildId = row.ChildId ?? "",
        RequestId = row.RequestId ?? "",
        Access = row.Access switch
        {
            AuditEntity.Read => AccessKind.Read,
            AuditEntity.Write => AccessKind.Write,
            AuditEntity.Refused => AccessKind.Refused,
            AuditEntity.Pushed => AccessKind.Pushed,
            _ => AccessKind.Unspecified,
        },
    };
}

/// <summary>A period asked of the access log: [start, end), either end open.</summary>
public static class AccessPeriod
{
    public static (DateTimeOffset? From, DateTimeOffset? To) Read(Violations v, Timestamp? start, Timestamp? end)
    {
        var from = Instant(v, start, "start_time");
        var to = Instant(v, end, "end_time");
        v.Require(from is null || to is null || from < to, "end_time", "must be after start_time");
        return (from, to);
    }

    private static DateTimeOffset? Instant(Violations v, Timestamp? value, string field)
    {
        if (value is null)
        {
            return null;
        }

        var valid = value.Seconds is >= -62135596800 and <= 253402300799 && value.Nanos is >= 0 and < 1_000_000_000;
        v.Require(valid, field, "must be a real instant between years 1 and 9999");
        return valid ? value.ToDateTimeOffset() : null;
    }
}
