using GoingHome.LastingHomes.Data;
using GoingHome.LastingHomes.Domain;
using GoingHome.LastingHomes.Grpc;
using GoingHome.LastingHomes.V1;
using GoingHome.Persistence;
using GoingHome.Persistence.Children;
using GoingHome.Persistence.Restrictions;
using GoingHome.ServiceDefaults.Auth;
using GoingHome.ServiceDefaults.Errors;
using GoingHome.ServiceDefaults.Grpc;
using GoingHome.Time;
using Grpc.Core;
using Microsoft.EntityFrameworkCore;

namespace GoingHome.LastingHomes.Features;

/// <summary>The tracker (LH-9): every lasting home in a team, how long each has waited, and the totals.</summary>
public sealed class LastingHomeTracker(
    LastingHomesDbContext db,
    Auditor auditor,
    RecordRestrictions restrictions,
    CurrentUser user,
    WorkingDayCalendar calendar,
    TimeProvider clock)
{
    public async Task<ListTrackerEntriesResponse> ListTrackerEntries(ListTrackerEntriesRequest request, ServerCallContext context)
    {
        var v = new Violations().OptionalEnum(request.Stage, "stage");
        v.Require(request.WaitingLongerThanDays is >= 0 and <= 36_500, "waiting_longer_than_days", "must be between 0 and 36500 days");
        var pageSize = PageTokens.PageSize(v, request.PageSize);
        var query = PageTokens.Query(request);
        var offset = PageTokens.Decode(v, request.PageToken, query);
        v.ThrowIfAny();

        var now = clock.GetUtcNow();
        var entries = Tracker(request.TeamId);
        entries = request.Stage == LastingHomeStage.Unspecified ? entries : entries.Where(h => h.Stage == request.Stage);
        if (request.WaitingLongerThanDays > 0)
        {
            var since = now.AddDays(-request.WaitingLongerThanDays);
            entries = entries.Where(h => h.StageEnteredAt < since);
        }

        // Rule LH-9: longest waiting first.
        var (page, next) = await entries.OrderBy(h => h.StageEnteredAt).ThenBy(h => h.Id).ReadPageAsync(offset, pageSize, query, context.CancellationToken);
        var shown = auditor.ReadPage(context.Method, page, h => h.ChildId);

        var response = new ListTrackerEntriesResponse
        {
            Entries = { shown.Select(h => LastingHomeMapping.ToTrackerEntry(h, now, calendar)) },
            NextPageToken = next,
        };
        await ChildLabels.NameChildrenAsync(db, response.Entries, WorkingDayCalendar.LondonDate(now), context.CancellationToken);
        return response;
    }

    public async Task<GetTrackerSummaryResponse> GetTrackerSummary(GetTrackerSummaryRequest request, ServerCallContext context)
    {
        var homes = await Tracker(request.TeamId).Select(h => new { h.Stage, h.StageEnteredAt }).ToListAsync(context.CancellationToken);
        var response = new GetTrackerSummaryResponse();
        foreach (var stage in homes.GroupBy(h => h.Stage))
        {
            response.ChildrenByStage[stage.Key.ToString()] = stage.Count();
        }

        var now = clock.GetUtcNow();
        var waited = homes.Where(h => !LastingHomeRules.IsSettled(h.Stage)).Select(h => LastingHomeRules.DaysWaiting(h.StageEnteredAt, now)).ToList();
        response.ChildrenByDaysWaiting.AddRange(LastingHomeRules.WaitingBands.Select(band => new WaitingBand
        {
            Label = band.Label,
            MinDays = band.MinDays,
            MaxDays = band.MaxDays ?? 0,
            Children = waited.Count(days => days >= band.MinDays && (band.MaxDays is not { } max || days <= max)),
        }));
        return response;
    }

    /// <summary>
    /// The team's lasting homes the caller may see: a child restricted from them is left out in the query, so the
    /// counts by stage agree with the rows and tell nothing of a restricted child.
    /// </summary>
    private IQueryable<LastingHomeEntity> Tracker(string teamId)
    {
        var hidden = restrictions.HiddenFrom(user);
        var homes = db.LastingHomes.AsNoTracking().Where(h => !hidden.Contains(h.ChildId));
        return teamId.Length > 0 ? homes.Where(h => h.TeamId == teamId) : homes;
    }
}
