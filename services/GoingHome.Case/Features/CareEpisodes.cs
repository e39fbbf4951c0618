using GoingHome.Case.Data;
using GoingHome.Case.Domain;
using GoingHome.Case.Grpc;
using GoingHome.Case.V1;
using GoingHome.Events.V1;
using GoingHome.Persistence;
using GoingHome.ServiceDefaults.Auth;
using GoingHome.ServiceDefaults.Errors;
using GoingHome.ServiceDefaults.Grpc;
using GoingHome.Time;
using Grpc.Core;
using Microsoft.EntityFrameworkCore;

namespace GoingHome.Case.Features;

/// <summary>Periods of being looked after and their placements; a return home ends one only once approved.</summary>
public sealed class CareEpisodes(
    UnitOfWork<CaseDbContext> work,
    ChildFiles files,
    ChildRecordChanges changes,
    ReturnHomeGate returnHomeGate,
    TimeProvider clock)
{
    public async Task<CareEpisode> StartCareEpisode(StartCareEpisodeRequest request, ServerCallContext context)
    {
        new Violations().RequireRequestId(request.RequestId).ThrowIfAny();
        return await work.ExecuteAsync(context.Method, request.RequestId, _ => request.ChildId, async ct =>
        {
            var child = await files.LoadAsync(request.ChildId, "child_id", tracking: true, ct);
            Etags.RequireCurrent(child.Version, request.Etag, "Child", child.Id);
            var startDate = request.StartDate.ToDateOnly();
            var v = new Violations();
            CaseRules.ValidateEpisodeStart(v, child, request.LegalStatus, startDate, files.Today);
            var placed = request.Placement is { } placement ? CaseRules.PlacementStart(v, "placement.", placement, startDate) : default;
            if (request.Placement is { } given)
            {
                var opening = new CareEpisodeEntity { ChildId = child.Id, LegalStatus = request.LegalStatus, StartDate = startDate ?? default };
                CaseRules.ValidatePlacement(v, "placement.", opening, given.CarerType, given.CarerName, placed.Date, files.Today);
            }

            v.ThrowIfAny();
            CaseRules.RequireNoOpenEpisode(child);
            return changes.OpenEpisode(child, request.LegalStatus, startDate!.Value, request.Placement, placed.Date, placed.At, request.RequestId).ToProto();
        }, context.CancellationToken);
    }

    public async Task<CareEpisode> EndCareEpisode(EndCareEpisodeRequest request, ServerCallContext context)
    {
        new Violations().RequireRequestId(request.RequestId).ThrowIfAny();
        return await work.ExecuteAsync(context.Method, request.RequestId, _ => request.ChildId, async ct =>
        {
            var child = await files.LoadAsync(request.ChildId, "child_id", tracking: true, ct);
            Etags.RequireCurrent(child.Version, request.Etag, "Child", child.Id);
            var episode = FindEpisode(child, request.EpisodeId);
            var endDate = request.EndDate.ToDateOnly();
            var v = new Violations();
            CaseRules.ValidateEpisodeEnd(v, episode, endDate, request.EndReason, request.EndNote, files.Today);
            v.ThrowIfAny();
            CaseRules.RequireOpen(episode);
            // Rules S20-6, AP-1..AP-5, AP-8: a return home ends the episode only once Approvals says it is approved.
            await returnHomeGate.RequireApprovedAsync(child.Id.ToString(), episode, request.EndReason, request.ApprovalRequestIds, ct);

            episode.EndDate = endDate;
            episode.EndReason = request.EndReason;
            episode.EndNote = request.EndNote.NullIfEmpty();
            foreach (var placement in episode.Placements.Where(p => p.EndDate is null))
            {
                placement.EndDate = endDate;
            }

            child.Touch(clock.GetUtcNow());
            files.Chronicle(child.Id, endDate!.Value, "Care episode", $"Stopped being looked after ({request.EndReason}).");
            files.Raise(child.Id, request.RequestId, new CareEpisodeEnded
            {
                ChildId = child.Id.ToString(),
                EpisodeId = episode.Id.ToString(),
                EndDate = endDate.Value.ToProto(),
                EndReason = request.EndReason,
            });
            return episode.ToProto();
        }, context.CancellationToken);
    }

    public async Task<Placement> AddPlacement(AddPlacementRequest request, ServerCallContext context)
    {
        var input = request.Placement ?? new Placement();
        var v = new Violations().RequireRequestId(request.RequestId);
        v.Require(request.Placement is not null, "placement", "is required");
        v.ThrowIfAny();
        return await work.ExecuteAsync(context.Method, request.RequestId, _ => request.ChildId, async ct =>
        {
            var child = await files.LoadAsync(request.ChildId, "child_id", tracking: true, ct);
            Etags.RequireCurrent(child.Version, request.Etag, "Child", child.Id);
            var episode = FindEpisode(child, request.EpisodeId);
            var check = new Violations();
            var (startDate, startAt) = CaseRules.PlacementStart(check, "placement.", input, null);
            CaseRules.ValidatePlacement(check, "placement.", episode, input.CarerType, input.CarerName, startDate, files.Today);
            check.ThrowIfAny();
            CaseRules.RequireOpen(episode);
            return changes.Place(child, episode, input, startDate!.Value, startAt, request.RequestId).ToProto();
        }, context.CancellationToken);
    }

    private static CareEpisodeEntity FindEpisode(ChildEntity child, string episodeId) =>
        child.Episodes.FirstOrDefault(e => e.Id.ToString() == episodeId)
        ?? throw new ResourceNotFoundException("CareEpisode", episodeId);
}
