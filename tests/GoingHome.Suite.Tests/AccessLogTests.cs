using GoingHome.Audit.V1;
using GoingHome.Case.V1;
using GoingHome.Pathway.V1;
using GoingHome.ServiceDefaults.Auth;
using Grpc.Core;
using static GoingHome.Suite.Tests.Team;

namespace GoingHome.Suite.Tests;

/// <summary>The data protection officer's view: every access to a child's record across the six services, in one answer.</summary>
[Collection(SuiteCollection.Name)]
public sealed class AccessLogTests(SharedSuite suite)
{
    [Fact(DisplayName = "Trust: the DPO gets every access to a child across the suite, oldest first, as records and as CSV; each service logs the DPO's reading")]
    public async Task The_dpo_sees_the_whole_suite()
    {
        var team = new Team(suite, "access");
        var child = await team.ChildEntersCareAsync(8, LegalStatus.InterimCareOrder, 30, JourneyTests.Family());
        await team.SocialWorker.Case.GetChildAsync(new GetChildRequest { Id = child.Id });
        await team.SocialWorker.Pathway.GetPathwayAsync(new GetPathwayRequest { ChildId = child.Id });
        var dpo = suite.As("dpo-access", Roles.DataProtectionOfficer);

        // Reads reach each service's log within a second of each other: wait for both.
        var records = await EventuallyAsync(dpo, child.Id, r => new[] { "case", "pathway" }.All(service =>
            r.Any(x => x.Service == service && x.Access == AccessKind.Read && x.UserId == team.SocialWorker.Id)));

        Assert.Contains(records, r => r is { Service: "case", Access: AccessKind.Write } && r.UserId == team.SocialWorker.Id);
        Assert.Contains(records, r => r is { Service: "case", Access: AccessKind.Read, Method: "/goinghome.case.v1.CaseService/GetChild" } && r.UserId == team.SocialWorker.Id);
        Assert.Contains(records, r => r is { Service: "pathway", Access: AccessKind.Read, Method: "/goinghome.pathway.v1.PathwayService/GetPathway" } && r.UserId == team.SocialWorker.Id);
        Assert.Equal(records.OrderBy(r => r.Time).Select(r => r.Time), records.Select(r => r.Time));

        var csv = await dpo.SuiteAccessLog.ExportChildAccessAsync(new ExportChildAccessRequest { ChildId = child.Id });
        var lines = csv.Data.ToStringUtf8().Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("text/csv", csv.ContentType, StringComparison.Ordinal);
        Assert.Equal("time,service,user_id,role,access,method,child_id,request_id,chain_position", lines[0]);
        Assert.Contains(lines, l => l.Contains(",pathway,", StringComparison.Ordinal) && l.Contains("GetPathway", StringComparison.Ordinal));

        // Every service the DPO asked logged the asking, as a read of this child's record.
        var afterwards = await EventuallyAsync(dpo, child.Id, r => r.Where(x => x.UserId == dpo.Id).Select(x => x.Service).Distinct().Count() == Suite.Services.Count);
        Assert.Equal(
            Suite.Services.Select(s => s.Name).Order(),
            afterwards.Where(r => r.UserId == dpo.Id).Select(r => r.Service).Distinct().Order());
    }

    [Fact(DisplayName = "Trust: every service's chain verifies, and no practitioner, manager, admin or service account reads any service's log")]
    public async Task Chains_verify_and_only_the_dpo_reads()
    {
        var verified = await suite.As("dpo-verify", Roles.DataProtectionOfficer).SuiteAccessLog.VerifySuiteAccessLogAsync(new VerifySuiteAccessLogRequest());
        Assert.True(verified.Intact, string.Join("; ", verified.Services.Where(s => !s.Intact)));
        Assert.Equal(Suite.Services.Select(s => s.Name).Order(), verified.Services.Select(s => s.Service).Order());

        foreach (var role in new[] { Roles.SocialWorker, Roles.TeamManager, Roles.Director, Roles.Admin, Roles.Service })
        {
            var person = suite.As($"nosy-{role}", role);
            foreach (var service in Suite.Services.Select(s => s.Name))
            {
                var error = await Assert.ThrowsAsync<RpcException>(async () => await person.AccessLog(service).ListAccessRecordsAsync(new ListAccessRecordsRequest { UserId = "anyone" }));
                Assert.Equal(StatusCode.PermissionDenied, error.StatusCode);
            }
        }
    }

    private static async Task<List<AccessRecord>> EventuallyAsync(Person dpo, string childId, Func<List<AccessRecord>, bool> done)
    {
        var deadline = DateTime.UtcNow + EventWait;
        while (true)
        {
            var records = (await dpo.SuiteAccessLog.ListChildAccessAsync(new ListChildAccessRequest { ChildId = childId })).Records.ToList();
            if (done(records) || DateTime.UtcNow > deadline)
            {
                return records;
            }

            await Task.Delay(250);
        }
    }
}
