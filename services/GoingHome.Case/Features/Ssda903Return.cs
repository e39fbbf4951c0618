using GoingHome.Case.Data;
using GoingHome.Case.Domain;
using GoingHome.Case.Grpc;
using GoingHome.Case.V1;
using GoingHome.Persistence;
using GoingHome.ServiceDefaults.Errors;
using GoingHome.ServiceDefaults.Grpc;
using Grpc.Core;
using Microsoft.EntityFrameworkCore;

namespace GoingHome.Case.Features;

/// <summary>
/// The children of the DfE's CLA return for a collection year (1 April to 31 March): each child looked after at any time
/// in it, with the header and the episode rows open in that year. Every child read is audited; restricted records are
/// left out for anyone not named.
/// </summary>
public sealed class Ssda903Return(CaseDbContext db, IntegratorSources sources, Auditor auditor)
{
    public const int DefaultPageSize = 100;
    public const int MaxPageSize = 500;

    /// <summary>CHILDID in the return is at most ten characters.</summary>
    public const int ChildIdLength = 10;

    public async Task<ListSsda903ChildrenResponse> ListSsda903Children(ListSsda903ChildrenRequest request, ServerCallContext context)
    {
        var v = new Violations();
        v.Require(request.CollectionYear is >= 2000 and <= 2100, "collection_year", "must be the year the collection ends, for example 2026 (1 April 2025 to 31 March 2026)");
        v.Require(request.PageSize is >= 0 and <= MaxPageSize, "page_size", $"must be between 0 and {MaxPageSize}");
        var offset = PageTokens.Decode(v, request.PageToken, PageTokens.Query(request));
        v.ThrowIfAny();
        var (first, last) = Year(request.CollectionYear);
        var pageSize = request.PageSize == 0 ? DefaultPageSize : request.PageSize;
        var (page, next) = await sources.Readable(db.Children.AsNoTracking())
            .Where(c => c.Episodes.Any(e => e.StartDate <= last && (e.EndDate == null || e.EndDate >= first)))
            .OrderBy(c => c.Id)
            .Include(c => c.Episodes).ThenInclude(e => e.Placements)
            .AsSplitQuery()
            .ReadPageAsync(offset, pageSize, PageTokens.Query(request), context.CancellationToken);
        var response = new ListSsda903ChildrenResponse { NextPageToken = next };
        foreach (var child in auditor.ReadPage(context.Method, page, c => c.Id.ToString()))
        {
            var rows = CareHistory.Rows(child).Where(r => r.Decom <= last && (r.Dec is null || r.Dec >= first));
            response.Children.Add(new Ssda903Child { ChildId = child.Id.ToString(), Childid = ChildIdOf(child), Ssda903 = child.Ssda903History(rows) });
        }

        return response;
    }

    /// <summary>The collection year ending in <paramref name="year"/>: 1 April of the year before to 31 March.</summary>
    public static (DateOnly First, DateOnly Last) Year(int year) => (new DateOnly(year - 1, 4, 1), new DateOnly(year, 3, 31));

    /// <summary>
    /// The child's CHILDID: the source system's id when it fits (so an import round-trips), else the local id, else the
    /// first ten characters of GoingHome's id.
    /// </summary>
    public static string ChildIdOf(ChildEntity child) =>
        new[] { child.SourceId, child.LocalId }.FirstOrDefault(id => id is { Length: > 0 and <= ChildIdLength })
        ?? child.Id.ToString("N")[..ChildIdLength];
}
