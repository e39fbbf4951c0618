using System.IdentityModel.Tokens.Jwt;
using System.Security.Claims;
using System.Text;
using GoingHome.Case.V1;
using GoingHome.ServiceDefaults.Auth;
using GoingHome.ServiceDefaults.Errors;
using GoingHome.Testing;
using Google.Rpc;
using Grpc.Core;
using Microsoft.IdentityModel.Tokens;
using static GoingHome.Case.Tests.Requests;

namespace GoingHome.Case.Tests;

/// <summary>
/// ACC-1: who may act on a child is decided by who the caller is to the child (allocated, the child's team, a senior
/// manager), not only by role; ACC-2: request ids and identities belong to their caller. Each tried from outside with
/// the right role and the wrong relationship.
/// </summary>
[Collection(CaseCollection.Name)]
public sealed class RelationshipTests(CaseServiceFixture service)
{
    private readonly CaseService.CaseServiceClient _northTm = new(service.WithToken(TestTokens.InTeam("tm-north", "north", "TM")));
    private readonly CaseService.CaseServiceClient _southTm = new(service.WithToken(TestTokens.InTeam("tm-south", "south", "TM")));
    private readonly CaseService.CaseServiceClient _northDuty = new(service.WithToken(TestTokens.InTeam("sw-duty", "north", "SW")));
    private readonly CaseService.CaseServiceClient _southSw = new(service.WithToken(TestTokens.InTeam("sw-south", "south", "SW")));

    /// <summary>A north child in care, with its SW and TM allocated from team north.</summary>
    private async Task<Child> NorthChildAsync()
    {
        var child = await _northTm.CreateChildAsync(NewChild(familyName: "North"));
        foreach (var (role, worker) in new[] { (WorkerRole.TeamManager, "tm-north"), (WorkerRole.SocialWorker, "sw-north") })
        {
            await _northTm.AllocateWorkerAsync(new AllocateWorkerRequest
            {
                ChildId = child.Id, RequestId = NewId(), Allocation = new Allocation { Role = role, WorkerId = worker, TeamId = "north" },
            });
        }

        await _northTm.StartCareEpisodeAsync(new StartCareEpisodeRequest
        {
            ChildId = child.Id, RequestId = NewId(), Ls = "C2", StartDate = Day(2026, 6, 1), Placement = new Placement { Pl = "U4", StartDate = Day(2026, 6, 1) },
        });
        return child;
    }

    [Fact(DisplayName = "ACC-1: another team's TM cannot restrict, allocate himself to, note on or end the period of a child; the child's team and a senior manager can")]
    public async Task Another_teams_manager_cannot_act_on_the_child()
    {
        var created = await NorthChildAsync();
        var child = await _northTm.GetChildAsync(new GetChildRequest { Id = created.Id });
        var episode = child.CareEpisodes.Single();

        Task[] attempts =
        [
            _southTm.RestrictChildRecordAsync(new RestrictChildRecordRequest { ChildId = child.Id, Reason = "take over", RequestId = NewId() }).ResponseAsync,
            _southTm.AllocateWorkerAsync(new AllocateWorkerRequest
            {
                ChildId = child.Id, RequestId = NewId(), Allocation = new Allocation { Role = WorkerRole.TeamManager, WorkerId = "tm-south", TeamId = "south" },
            }).ResponseAsync,
            _southTm.EndCareEpisodeAsync(new EndCareEpisodeRequest { ChildId = child.Id, EpisodeId = episode.Id, EndDate = Day(2026, 11, 1), Rec = "E3", RequestId = NewId() }).ResponseAsync,
            _southSw.CreateCaseNoteAsync(new CreateCaseNoteRequest { ChildId = child.Id, RequestId = NewId(), Note = new CaseNote { Type = CaseNoteType.General, Subject = "s", Body = "not mine" } }).ResponseAsync,
            _southSw.AddNetworkMemberAsync(new AddNetworkMemberRequest
            {
                ChildId = child.Id, RequestId = NewId(), Member = new NetworkMember { Relationship = Relationship.Gp, Name = "Dr Who" },
            }).ResponseAsync,
            _southSw.UpdateChildAsync(new UpdateChildRequest
            {
                RequestId = NewId(), Child = new Child { Id = child.Id, FamilyName = "Changed", Etag = child.Etag }, UpdateMask = new Google.Protobuf.WellKnownTypes.FieldMask { Paths = { "family_name" } },
            }).ResponseAsync,
        ];
        foreach (var attempt in attempts)
        {
            var refused = await Assert.ThrowsAsync<RpcException>(() => attempt);
            Assert.Equal(StatusCode.PermissionDenied, refused.StatusCode);
            Assert.Equal("ACC-1", refused.GetStatusDetail<ErrorInfo>()!.Metadata["rule_ids"]);
        }

        var record = await _northTm.GetChildAsync(new GetChildRequest { Id = child.Id });
        Assert.Equal("North", record.FamilyName);
        Assert.DoesNotContain(record.Allocations, a => a.WorkerId == "tm-south");
        Assert.Null(record.CareEpisodes.Single().EndDate);

        // The child's team (a duty worker of north, not allocated) and a senior manager of the service may act.
        await _northDuty.CreateCaseNoteAsync(new CreateCaseNoteRequest { ChildId = child.Id, RequestId = NewId(), Note = new CaseNote { Type = CaseNoteType.General, Subject = "s", Body = "duty visit" } });
        await service.Client("sm-1", Roles.ServiceManager).CreateCaseNoteAsync(new CreateCaseNoteRequest { ChildId = child.Id, RequestId = NewId(), Note = new CaseNote { Type = CaseNoteType.ManagementOversight, Subject = "s", Body = "SM oversight" } });
    }

    [Fact(DisplayName = "ACC-1: a restriction always keeps the child's own team manager: whoever restricts, the TM can still see the record and lift it")]
    public async Task The_childs_own_manager_is_never_locked_out()
    {
        var child = await NorthChildAsync();
        var sm = service.Client("sm-north", Roles.ServiceManager);
        var restricted = await sm.RestrictChildRecordAsync(new RestrictChildRecordRequest { ChildId = child.Id, Reason = "staff member's relative", RequestId = NewId() });
        Assert.Equal(["sm-north", "tm-north"], restricted.UserIds.Order());

        var seen = await _northTm.GetChildAsync(new GetChildRequest { Id = child.Id });
        Assert.Equal(child.Id, seen.Id);
        await _northTm.LiftChildRecordRestrictionAsync(new LiftChildRecordRestrictionRequest { ChildId = child.Id, Reason = "reviewed", Etag = restricted.Etag, RequestId = NewId() });
    }

    [Fact(DisplayName = "ACC-2: a token with no subject, an empty one or a person's token naming a service is UNAUTHENTICATED, never INTERNAL")]
    public async Task Every_token_names_its_person()
    {
        var client = new CaseService.CaseServiceClient(service.Channel().CreateCallInvoker());
        foreach (var token in new[]
                 {
                     Token([new Claim("name", "No One"), new Claim("role", "SW")]),
                     Token([new Claim("sub", ""), new Claim("role", "SW")]),
                     Token([new Claim("sub", "   "), new Claim("role", "SW")]),
                     Token([new Claim("sub", "service:approvals"), new Claim("role", "HoS")]),
                 })
        {
            var refused = await Assert.ThrowsAsync<RpcException>(async () =>
                await client.ListChildrenAsync(new ListChildrenRequest(), new Metadata { { "authorization", $"Bearer {token}" } }));
            Assert.Equal(StatusCode.Unauthenticated, refused.StatusCode);
        }
    }

    [Fact(DisplayName = "ACC-2: a request_id with control characters is refused as a field violation")]
    public async Task Request_ids_are_printable()
    {
        var request = NewChild();
        request.RequestId = "abc\u0000\ndef";
        var refused = await Assert.ThrowsAsync<RpcException>(async () => await service.Client("sw-1", Roles.SocialWorker).CreateChildAsync(request));
        Assert.Equal(StatusCode.InvalidArgument, refused.StatusCode);
        Assert.Contains(refused.GetStatusDetail<BadRequest>()!.FieldViolations, f => f.Field == "request_id");
    }

    private static string Token(IEnumerable<Claim> claims)
    {
        var credentials = new SigningCredentials(new SymmetricSecurityKey(Encoding.UTF8.GetBytes(TestTokens.SigningKey)), DevelopmentTokens.Algorithm);
        var token = new JwtSecurityToken(AuthExtensions.DefaultIssuer, AuthExtensions.DefaultAudience, claims, DateTime.UtcNow, DateTime.UtcNow.AddHours(1), credentials);
        return new JwtSecurityTokenHandler().WriteToken(token);
    }
}
