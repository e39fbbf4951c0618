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

    [Fact(DisplayName = "A caseload and a search box: worker_id, name (every word, any case), NHS number typed with spaces, local id")]
    public async Task Finds_a_child_by_caseload_name_nhs_number_and_local_id()
    {
        var team = $"find-{Guid.NewGuid():N}"[..20];
        var surname = $"Quill{Guid.NewGuid():N}"[..14];
        var nhs = NewNhsNumber();
        var localId = $"LCS-{Guid.NewGuid():N}"[..16];
        var zephyr = await _tm.CreateChildAsync(new CreateChildRequest
        {
            RequestId = NewId(),
            Child = new Child { GivenName = "Zephyr", FamilyName = surname, DateOfBirth = Day(2015, 2, 1), NhsNumber = nhs, LocalId = localId },
        });
        var sibling = await ChildInTeamAsync(team, surname, 2017, null);
        await _tm.AllocateWorkerAsync(new AllocateWorkerRequest
        {
            ChildId = zephyr.Id, RequestId = NewId(), Allocation = new Allocation { Role = WorkerRole.SocialWorker, WorkerId = $"{team}-worker", TeamId = team },
        });

        async Task<List<string>> FindAsync(string filter) =>
            [.. (await _tm.ListChildrenAsync(new ListChildrenRequest { Filter = filter })).Children.Select(c => c.Id).Order()];

        Assert.Equal(new[] { zephyr.Id, sibling.Id }.Order(), await FindAsync($"worker_id = \"{team}-worker\""));
        Assert.Equal([zephyr.Id], await FindAsync($"name:\"{surname.ToUpperInvariant()} zeph\""));
        Assert.Equal(new[] { zephyr.Id, sibling.Id }.Order(), await FindAsync($"name:\"{surname.ToLowerInvariant()}\""));
        Assert.Equal([zephyr.Id], await FindAsync($"nhs_number = \"{nhs[..3]} {nhs[3..6]} {nhs[6..]}\""));
        Assert.Equal([zephyr.Id], await FindAsync($"local_id = \"{localId}\""));
        Assert.Empty(await FindAsync($"name:\"{surname} nobody\""));
    }

    /// <summary>A valid NHS number no other test uses: nine random digits and the modulus 11 check digit.</summary>
    private static string NewNhsNumber()
    {
        while (true)
        {
            var digits = Enumerable.Range(0, 9).Select(_ => Random.Shared.Next(10)).ToArray();
            var check = 11 - (digits.Select((d, i) => d * (10 - i)).Sum() % 11);
            if (check == 10)
            {
                continue;
            }

            return string.Concat(digits) + (check == 11 ? 0 : check);
        }
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
