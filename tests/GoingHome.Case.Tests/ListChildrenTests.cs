using GoingHome.Case.V1;
using GoingHome.ServiceDefaults.Errors;
using Google.Rpc;
using Grpc.Core;
using static GoingHome.Case.Tests.Requests;

namespace GoingHome.Case.Tests;

[Collection(CaseCollection.Name)]
public sealed class ListChildrenTests(CaseServiceFixture service)
{
    private readonly CaseService.CaseServiceClient _tm = service.Client("tm-list", "TM");

    private async Task<Child> ChildInTeamAsync(string team, string familyName, int birthYear, LegalStatus? status)
    {
        var child = await _tm.CreateChildAsync(NewChild(familyName: familyName, birthYear: birthYear));
        // ACC-1: the TM allocated first, so the rest is done by the child's own manager.
        await _tm.AllocateWorkerAsync(new AllocateWorkerRequest
        {
            ChildId = child.Id, RequestId = NewId(), Allocation = new Allocation { Role = WorkerRole.TeamManager, WorkerId = "tm-list", TeamId = team },
        });
        await _tm.AllocateWorkerAsync(new AllocateWorkerRequest
        {
            ChildId = child.Id,
            RequestId = NewId(),
            Allocation = new Allocation { Role = WorkerRole.SocialWorker, WorkerId = $"{team}-worker", TeamId = team },
        });
        if (status is { } legalStatus)
        {
            await _tm.StartCareEpisodeAsync(new StartCareEpisodeRequest { ChildId = child.Id, RequestId = NewId(), LegalStatus = legalStatus, StartDate = Day(2026, 6, 1) });
        }

        return child;
    }

    [Fact]
    public async Task Filters_by_team_legal_status_and_age_order_and_page()
    {
        var team = $"team-{Guid.NewGuid():N}"[..20];
        await ChildInTeamAsync(team, "Adams", 2009, LegalStatus.Section20);       // 17 on 23 Nov 2026
        await ChildInTeamAsync(team, "Brown", 2010, LegalStatus.Section20);       // 16
        await ChildInTeamAsync(team, "Clarke", 2015, LegalStatus.Section20);      // 11
        await ChildInTeamAsync(team, "Davies", 2008, LegalStatus.CareOrder);      // 18
        await ChildInTeamAsync("elsewhere", "Evans", 2009, LegalStatus.Section20);

        var filter = $"team_id = \"{team}\" AND legal_status = SECTION_20 AND age >= 16";
        var first = await _tm.ListChildrenAsync(new ListChildrenRequest { Filter = filter, OrderBy = "family_name desc", PageSize = 1 });
        var second = await _tm.ListChildrenAsync(new ListChildrenRequest { Filter = filter, OrderBy = "family_name desc", PageSize = 1, PageToken = first.NextPageToken });

        Assert.Equal(2, first.TotalSize);
        Assert.Equal("Brown", first.Children.Single().FamilyName);
        Assert.Equal("Adams", second.Children.Single().FamilyName);
        Assert.Equal("", second.NextPageToken);

        var byWorker = await _tm.ListChildrenAsync(new ListChildrenRequest { Filter = $"worker_id = \"{team}-worker\" AND age < 12" });
        Assert.Equal("Clarke", byWorker.Children.Single().FamilyName);
    }

    [Fact]
    public async Task A_page_size_over_the_maximum_an_unknown_filter_and_a_foreign_token_are_each_named()
    {
        var error = await Assert.ThrowsAsync<RpcException>(async () => await _tm.ListChildrenAsync(new ListChildrenRequest
        {
            PageSize = 500,
            Filter = "shoe_size > 3",
            OrderBy = "height",
            PageToken = "bm90LWEtdG9rZW4=",
        }));

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Equal(["filter", "order_by", "page_size", "page_token"], error.GetStatusDetail<BadRequest>()!.FieldViolations.Select(v => v.Field).Order());
    }
}
