using System.Text;
using GoingHome.Audit.V1;
using GoingHome.Case.Data;
using GoingHome.Persistence;
using GoingHome.ServiceDefaults;
using GoingHome.ServiceDefaults.Errors;
using GoingHome.ServiceDefaults.Grpc;
using Google.Api;
using Google.Protobuf;
using Grpc.Core;
using Grpc.Net.ClientFactory;
using Microsoft.EntityFrameworkCore;

namespace GoingHome.Case.Features;

/// <summary>
/// The whole suite's access log for a child: Case's own records and every other service's, asked with the DPO's own
/// token (so each service authorises and logs the reading of its log), merged oldest first.
/// </summary>
public sealed class SuiteAccessLog(AuditLog<CaseDbContext> own, Auditor auditor, ServiceIdentity service, GrpcClientFactory clients)
{
    /// <summary>The services whose logs Case gathers (each a reference in the AppHost's suite.json).</summary>
    public static readonly IReadOnlyList<string> OtherServices = ["assessment", "approvals", "notifications", "pathway", "lastinghomes"];

    /// <summary>More than this in one answer: narrow the period (a subject access request is answered in parts).</summary>
    public const int MaxRecords = 50_000;

    private const int PageSize = PageTokens.MaxPageSize;

    public async Task<ListChildAccessResponse> ListChildAccess(ListChildAccessRequest request, ServerCallContext context) =>
        new() { Records = { await GatherAsync(request.ChildId, request.StartTime, request.EndTime, context) } };

    /// <summary>The same records as CSV, for a subject access request.</summary>
    public async Task<HttpBody> ExportChildAccess(ExportChildAccessRequest request, ServerCallContext context)
    {
        var records = await GatherAsync(request.ChildId, request.StartTime, request.EndTime, context);
        // Saved as a file, never shown inline: the DPO sends it on as the subject access request's answer. Only letters,
        // digits and dashes of the id reach the header.
        var name = new string([.. request.ChildId.Where(c => char.IsAsciiLetterOrDigit(c) || c == '-')]);
        context.GetHttpContext().Response.Headers.ContentDisposition = $"attachment; filename=\"child-access-{name}.csv\"";
        return new HttpBody { ContentType = "text/csv; charset=utf-8", Data = ByteString.CopyFrom(AccessCsv.Write(records), Encoding.UTF8) };
    }

    public async Task<VerifySuiteAccessLogResponse> VerifySuiteAccessLog(VerifySuiteAccessLogRequest request, ServerCallContext context)
    {
        var response = new VerifySuiteAccessLogResponse { Services = { AccessRecords.ToProto(await own.VerifyAsync(context.CancellationToken), service.Name) } };
        foreach (var other in OtherServices)
        {
            response.Services.Add(await AskAsync(other, client => client.VerifyAccessLogAsync(new VerifyAccessLogRequest(), cancellationToken: context.CancellationToken).ResponseAsync));
        }

        response.Intact = response.Services.All(s => s.Intact);
        return response;
    }

    private async Task<List<AccessRecord>> GatherAsync(string childId, Google.Protobuf.WellKnownTypes.Timestamp? start, Google.Protobuf.WellKnownTypes.Timestamp? end, ServerCallContext context)
    {
        var v = new Violations().RequireText(childId, "child_id", 64);
        var (from, to) = AccessPeriod.Read(v, start, end);
        v.ThrowIfAny();

        var ct = context.CancellationToken;
        var ownRows = await own.ForChild(childId, from, to).Take(MaxRecords + 1).ToListAsync(ct);
        var records = ownRows.Select(row => AccessRecords.ToProto(row, service.Name)).ToList();
        RequireWithinLimit(records.Count);

        foreach (var other in OtherServices)
        {
            var request = new ListAccessRecordsRequest { ChildId = childId, StartTime = start, EndTime = end, PageSize = PageSize };
            do
            {
                var page = await AskAsync(other, client => client.ListAccessRecordsAsync(request, cancellationToken: ct).ResponseAsync);
                records.AddRange(page.Records);
                request.PageToken = page.NextPageToken;
                RequireWithinLimit(records.Count);
            }
            while (request.PageToken.Length > 0);
        }

        auditor.Read(context.Method, childId);
        return [.. records.OrderBy(r => r.Time).ThenBy(r => r.Service, StringComparer.Ordinal).ThenBy(r => r.ChainPosition)];
    }

    private static void RequireWithinLimit(int count)
    {
        if (count > MaxRecords)
        {
            throw new ValidationFailedException([new FieldViolation("start_time", $"more than {MaxRecords} accesses in this period: ask for a shorter one")]);
        }
    }

    /// <summary>One service's answer; if it cannot give one, the whole call is UNAVAILABLE, naming it.</summary>
    private async Task<T> AskAsync<T>(string other, Func<AccessLogService.AccessLogServiceClient, Task<T>> call)
    {
        try
        {
            return await call(clients.CreateClient<AccessLogService.AccessLogServiceClient>(other));
        }
        catch (RpcException ex) when (ex.StatusCode is not (StatusCode.PermissionDenied or StatusCode.Unauthenticated or StatusCode.InvalidArgument))
        {
            throw RpcErrors.Build(StatusCode.Unavailable, $"The {other} service's access log could not be read ({ex.StatusCode}); a partial log is not given.",
                "ACCESS_LOG_UNREACHABLE", null, ("service", other));
        }
    }
}
