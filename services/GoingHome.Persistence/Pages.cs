using GoingHome.ServiceDefaults.Grpc;
using Microsoft.EntityFrameworkCore;

namespace GoingHome.Persistence;

/// <summary>
/// Offset pages read one row past the page, so whether another page follows is known without counting every match
/// (a count reads every row the filter matches, on every page: a worker with 2,000 tasks paid for all 2,000 each time).
/// </summary>
public static class Pages
{
    public static async Task<(List<T> Page, string NextPageToken)> ReadPageAsync<T>(
        this IQueryable<T> ordered, int offset, int pageSize, string query, CancellationToken cancellationToken)
    {
        var rows = await ordered.Skip(offset).Take(pageSize + 1).ToListAsync(cancellationToken);
        if (rows.Count <= pageSize)
        {
            return (rows, "");
        }

        rows.RemoveAt(pageSize);
        return (rows, PageTokens.Encode(offset + pageSize, query));
    }
}
