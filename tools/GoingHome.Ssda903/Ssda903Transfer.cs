using GoingHome.Case.V1;

namespace GoingHome.Ssda903;

/// <summary>What an import did: a line per outcome, and each refusal with its reasons.</summary>
public sealed record ImportReport(int Created, int Updated, int Unchanged, IReadOnlyList<string> Refused);

/// <summary>
/// Moves a CLA return in and out of GoingHome as an integrator would: the import through SyncChildren (CHILDID as the
/// source id), the export from ListSsda903Children.
/// </summary>
public sealed class Ssda903Transfer(CaseService.CaseServiceClient cases)
{
    public const int BatchSize = 500;

    /// <summary>Decision: the return holds no names, so a child first met in a file is named by its CHILDID until the system of record syncs its names.</summary>
    public const string UnnamedGivenName = "Not recorded";

    public async Task<ImportReport> ImportAsync(string sourceSystem, IReadOnlyList<ClaChild> children, CancellationToken cancellationToken)
    {
        int created = 0, updated = 0, unchanged = 0;
        var refused = new List<string>();
        foreach (var batch in children.Chunk(BatchSize))
        {
            var request = new SyncChildrenRequest { SourceSystem = sourceSystem, RequestId = Guid.NewGuid().ToString() };
            request.Children.AddRange(batch.Select(c => new SourceChild
            {
                SourceId = c.ChildId,
                Child = new Child { GivenName = UnnamedGivenName, FamilyName = c.ChildId },
                Ssda903 = c.History,
            }));
            var response = await cases.SyncChildrenAsync(request, cancellationToken: cancellationToken);
            foreach (var result in response.Results)
            {
                switch (result.Outcome)
                {
                    case SyncOutcome.Created: created++; break;
                    case SyncOutcome.Updated: updated++; break;
                    case SyncOutcome.Unchanged: unchanged++; break;
                    default:
                        refused.Add($"{result.SourceId}: " + string.Join("; ", result.Violations.Select(v => $"{(v.RuleId.Length > 0 ? v.RuleId : v.Field)} {v.Description}")));
                        break;
                }
            }
        }

        return new ImportReport(created, updated, unchanged, refused);
    }

    /// <summary>The collection year's children; those missing an item the schema requires are left out and named in <paramref name="incomplete"/>.</summary>
    public async Task<List<ClaChild>> ExportAsync(int collectionYear, List<string> incomplete, CancellationToken cancellationToken)
    {
        var children = new List<ClaChild>();
        var page = "";
        do
        {
            var response = await cases.ListSsda903ChildrenAsync(
                new ListSsda903ChildrenRequest { CollectionYear = collectionYear, PageSize = 500, PageToken = page }, cancellationToken: cancellationToken);
            foreach (var child in response.Children.Select(c => new ClaChild(c.Childid, c.Ssda903)))
            {
                var gaps = ClaFile.Gaps(child);
                if (gaps.Count == 0)
                {
                    children.Add(child);
                }
                else
                {
                    incomplete.Add($"{child.ChildId}: missing {string.Join(", ", gaps)}");
                }
            }

            page = response.NextPageToken;
        }
        while (page.Length > 0);

        return children;
    }
}
