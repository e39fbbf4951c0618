using GoingHome.Audit.V1;
using GoingHome.Case.Features;
using GoingHome.Case.V1;
using GoingHome.Persistence;
using Google.Protobuf.WellKnownTypes;
using Google.Rpc;
using Grpc.Core;
using Microsoft.EntityFrameworkCore;
using static GoingHome.Case.Tests.Requests;

namespace GoingHome.Case.Tests;

/// <summary>The access log: the DPO's only, itself logged, chained by hash so an edit or a deletion in the database shows.</summary>
[Collection(CaseCollection.Name)]
public sealed class AccessLogTests(CaseServiceFixture service)
{
    private AccessLogService.AccessLogServiceClient Dpo => new(service.Invoker("dpo-1", "DPO"));

    [Fact(DisplayName = "Trust: the DPO reads who read, changed and was refused a child's record, and the DPO's own reading is logged")]
    public async Task The_dpo_reads_every_access_to_a_child()
    {
        var sw = service.Client("sw-log", "SW");
        var child = await sw.CreateChildAsync(NewChild());
        await sw.GetChildAsync(new GetChildRequest { Id = child.Id });
        await Assert.ThrowsAsync<RpcException>(async () => await sw.CreateCaseNoteAsync(new CreateCaseNoteRequest
        {
            ChildId = child.Id, RequestId = NewId(), Note = new CaseNote { Type = CaseNoteType.ManagementOversight, Subject = "Oversight", Body = "Not a worker's to write." },
        }));

        var records = await EventuallyAsync(child.Id, r => r.Count >= 3);

        Assert.Contains(records, r => r is { UserId: "sw-log", Access: AccessKind.Write, Method: "/goinghome.case.v1.CaseService/CreateChild" } && r.RequestId.Length > 0);
        Assert.Contains(records, r => r is { UserId: "sw-log", Role: "SW", Access: AccessKind.Read, Method: "/goinghome.case.v1.CaseService/GetChild" });
        Assert.Contains(records, r => r is { UserId: "sw-log", Access: AccessKind.Refused, Method: "/goinghome.case.v1.CaseService/CreateCaseNote" });
        Assert.All(records, r => Assert.Equal("case", r.Service));

        var afterReading = await EventuallyAsync(child.Id, r => r.Any(x => x.UserId == "dpo-1"));
        Assert.Contains(afterReading, r => r is { UserId: "dpo-1", Role: "DPO", Access: AccessKind.Read, Method: "/goinghome.audit.v1.AccessLogService/ListAccessRecords" });
    }

    [Fact(DisplayName = "Trust: nobody but the DPO reads the access log, and the attempt is itself logged as refused")]
    public async Task Only_the_dpo_reads_the_log()
    {
        var child = await service.Client("sw-log2", "SW").CreateChildAsync(NewChild());
        foreach (var role in new[] { "SW", "TM", "Director", "admin", "service" })
        {
            var log = new AccessLogService.AccessLogServiceClient(service.Invoker($"nosy-{role}", role));
            var error = await Assert.ThrowsAsync<RpcException>(async () => await log.ListAccessRecordsAsync(new ListAccessRecordsRequest { ChildId = child.Id }));
            Assert.Equal(StatusCode.PermissionDenied, error.StatusCode);
        }

        // Refused before the request is read, so no child is named: the DPO finds them by who tried.
        foreach (var role in new[] { "SW", "TM", "Director", "admin", "service" })
        {
            var tried = await EventuallyAsync(new ListAccessRecordsRequest { UserId = $"nosy-{role}" }, r => r.Count > 0);
            Assert.Contains(tried, r => r is { Access: AccessKind.Refused, Method: "/goinghome.audit.v1.AccessLogService/ListAccessRecords" } && r.Role == role);
        }
    }

    [Fact(DisplayName = "Trust: a token that fails validation is logged as refused under the person it claims when that person is known here, and not for made-up names")]
    public async Task Bad_tokens_for_known_users_are_logged()
    {
        var child = await service.Client("sw-known", "SW").CreateChildAsync(NewChild());
        var otherKey = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(48));
        foreach (var claimed in new[] { "sw-known", "nobody-ever-seen" })
        {
            var forged = GoingHome.ServiceDefaults.Auth.DevelopmentTokens.Mint(otherKey, claimed, claimed, ["Director"], TimeSpan.FromHours(1), DateTimeOffset.UtcNow);
            var error = await Assert.ThrowsAsync<RpcException>(async () =>
                await new CaseService.CaseServiceClient(service.WithToken(forged)).GetChildAsync(new GetChildRequest { Id = child.Id }));
            Assert.Equal(StatusCode.Unauthenticated, error.StatusCode);
        }

        var known = await EventuallyAsync(new ListAccessRecordsRequest { UserId = "sw-known" }, r => r.Any(x => x.Access == AccessKind.Refused));
        Assert.Contains(known, r => r is { Access: AccessKind.Refused, Role: "invalid-token", Method: "/goinghome.case.v1.CaseService/GetChild" });
        // Written in the same batches as the known one's: by now it would be there if it were written at all.
        var madeUp = await EventuallyAsync(new ListAccessRecordsRequest { UserId = "nobody-ever-seen" }, r => r.Count > 0);
        Assert.Empty(madeUp);
    }

    [Fact(DisplayName = "Trust: a row changed or deleted directly in PostgreSQL breaks the chain at that row, and verification says where")]
    public async Task Tampering_in_the_database_is_detected()
    {
        var sw = service.Client("sw-tamper", "SW");
        var child = await sw.CreateChildAsync(NewChild());
        for (var i = 0; i < 3; i++)
        {
            await sw.GetChildAsync(new GetChildRequest { Id = child.Id });
        }

        // Verification seals what is waiting; the reads reach the log within a second.
        var mine = new List<long>();
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (mine.Count < 4 && DateTime.UtcNow < deadline)
        {
            Assert.True((await Dpo.VerifyAccessLogAsync(new VerifyAccessLogRequest())).Intact);
            mine = [.. (await Dpo.ListAccessRecordsAsync(new ListAccessRecordsRequest { ChildId = child.Id, UserId = "sw-tamper" })).Records
                .Where(r => r.ChainPosition > 0).Select(r => r.ChainPosition).Order()];
        }

        Assert.Equal(4, mine.Count);

        // Someone with database access makes the social worker's reading look like someone else's, then removes a row.
        await service.WithDbAsync(db => db.Database.ExecuteSqlAsync($"UPDATE audit_log SET \"UserId\" = 'someone-else' WHERE \"ChainPosition\" = {mine[1]}"));
        await service.WithDbAsync(db => db.Database.ExecuteSqlAsync($"DELETE FROM audit_log WHERE \"ChainPosition\" = {mine[3]}"));
        var after = await Dpo.VerifyAccessLogAsync(new VerifyAccessLogRequest());

        Assert.False(after.Intact);
        Assert.Equal("case", after.Service);
        Assert.Contains(after.Breaks, b => b.ChainPosition == mine[1] && b.Kind == AuditChain.Changed);
        Assert.Contains(after.Breaks, b => b.ChainPosition == mine[3] && b.Kind == AuditChain.Missing);
        Assert.Equal(2, after.Breaks.Count);

        // Put back as it was: the change is found by content, so restoring the content restores the chain's link.
        await service.WithDbAsync(db => db.Database.ExecuteSqlAsync($"UPDATE audit_log SET \"UserId\" = 'sw-tamper' WHERE \"ChainPosition\" = {mine[1]}"));
        var restored = await Dpo.VerifyAccessLogAsync(new VerifyAccessLogRequest());
        Assert.DoesNotContain(restored.Breaks, b => b.Kind == AuditChain.Changed);
        Assert.Single(restored.Breaks, b => b.Kind == AuditChain.Missing);
        await service.WithDbAsync(db => RebuildChainAsync(db));
    }

    [Fact(DisplayName = "Trust: the suite's access log is not given in part: a service that cannot answer makes it UNAVAILABLE, naming it")]
    public async Task The_suite_log_fails_closed_when_a_service_cannot_answer()
    {
        var child = await service.Client("sw-suite", "SW").CreateChildAsync(NewChild());
        var suite = new SuiteAccessLogService.SuiteAccessLogServiceClient(service.Invoker("dpo-1", "DPO"));

        var error = await Assert.ThrowsAsync<RpcException>(async () => await suite.ListChildAccessAsync(new ListChildAccessRequest { ChildId = child.Id }));

        Assert.Equal(StatusCode.Unavailable, error.StatusCode);
        Assert.Equal("ACCESS_LOG_UNREACHABLE", error.GetRpcStatus()?.GetDetail<ErrorInfo>()?.Reason);
    }

    [Fact(DisplayName = "Trust: a period that ends before it starts, or an impossible instant, is INVALID_ARGUMENT naming the field")]
    public async Task A_bad_period_is_refused()
    {
        var backwards = await Assert.ThrowsAsync<RpcException>(async () => await Dpo.ListAccessRecordsAsync(new ListAccessRecordsRequest
        {
            ChildId = "x", StartTime = Timestamp.FromDateTimeOffset(CaseServiceFixture.Start), EndTime = Timestamp.FromDateTimeOffset(CaseServiceFixture.Start.AddDays(-1)),
        }));
        var impossible = await Assert.ThrowsAsync<RpcException>(async () => await Dpo.ListAccessRecordsAsync(new ListAccessRecordsRequest
        {
            ChildId = "x", StartTime = new Timestamp { Seconds = long.MaxValue },
        }));

        Assert.Equal(StatusCode.InvalidArgument, backwards.StatusCode);
        Assert.Contains(backwards.GetRpcStatus()!.GetDetail<BadRequest>().FieldViolations, f => f.Field == "end_time");
        Assert.Equal(StatusCode.InvalidArgument, impossible.StatusCode);
        Assert.Contains(impossible.GetRpcStatus()!.GetDetail<BadRequest>().FieldViolations, f => f.Field == "start_time");
    }

    [Fact(DisplayName = "Trust: the CSV export quotes what it must and writes a would-be spreadsheet formula as text")]
    public void The_csv_is_safe_to_open()
    {
        var csv = AccessCsv.Write([new AccessRecord
        {
            Service = "case", Time = Timestamp.FromDateTimeOffset(CaseServiceFixture.Start), UserId = "=HYPERLINK(\"x\")", Role = "SW",
            Access = AccessKind.Read, Method = "/m", ChildId = "c1", RequestId = "a,b", ChainPosition = 7,
        }]);

        var lines = csv.Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("time,service,user_id,role,access,method,child_id,request_id,chain_position", lines[0]);
        Assert.Equal("2026-11-23T10:00:00.000000Z,case,\"'=HYPERLINK(\"\"x\"\")\",SW,read,/m,c1,\"a,b\",7", lines[1]);
    }

    /// <summary>The read audit is written within a second; the test polls the public method for it.</summary>
    private Task<List<AccessRecord>> EventuallyAsync(string childId, Func<List<AccessRecord>, bool> done) =>
        EventuallyAsync(new ListAccessRecordsRequest { ChildId = childId }, done);

    private async Task<List<AccessRecord>> EventuallyAsync(ListAccessRecordsRequest request, Func<List<AccessRecord>, bool> done)
    {
        request.PageSize = 200;
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (true)
        {
            var records = (await Dpo.ListAccessRecordsAsync(request)).Records.ToList();
            if (done(records) || DateTime.UtcNow > deadline)
            {
                return records;
            }

            await Task.Delay(100);
        }
    }

    /// <summary>Leaves the shared database's chain whole again for the other tests: the deleted row's gap is closed by re-sealing.</summary>
    private static async Task<int> RebuildChainAsync(Data.CaseDbContext db) =>
        await db.Database.ExecuteSqlAsync($"UPDATE audit_log SET \"ChainPosition\" = NULL, \"Hash\" = NULL");
}
