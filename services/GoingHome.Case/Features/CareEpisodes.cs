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
/// The child's periods of care as the SSDA903 return models them: episodes under a legal status, each placement a row.
/// A legal status change goes on in the same period (CLA-1); an ending must fit the facts (CLA-3); a return home ends a
/// period only once approved (CLA-4, S20-6, AP-1..AP-5).
/// </summary>
public sealed class CareEpisodes(
    CaseDbContext db,
    UnitOfWork<CaseDbContext> work,
    ChildFiles files,
    ChildRecordChanges changes,
    ReturnHomeGate returnHomeGate)
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
            var ls = CaseRules.LegalStatusCode(v, "", request.LegalStatus, request.Ls);
            CaseRules.ValidateCategoryOfNeed(v, "cin", request.Cin);
            CaseRules.ValidateEpisodeStart(v, child, startDate, files.Today);
            var placed = request.Placement is { } placement ? CaseRules.PlacementStart(v, "placement.", placement, startDate) : default;
            if (request.Placement is { } given)
            {
                var opening = new CareEpisodeEntity { ChildId = child.Id, Ls = ls ?? "", StartDate = startDate ?? default };
                CaseRules.ValidatePlacement(v, "placement.", opening, given, placed.Date, files.Today);
            }

            v.ThrowIfAny();
            CaseRules.RequireNoOpenEpisode(child);
            return changes.OpenEpisode(child, ls!, request.Cin, startDate!.Value, request.Placement, placed.Date, placed.At, Ssda903Codes.NewPeriod, request.RequestId).ToProto(child);
        }, context.CancellationToken);
    }

    public async Task<CareEpisode> ChangeLegalStatus(ChangeLegalStatusRequest request, ServerCallContext context)
    {
        new Violations().RequireRequestId(request.RequestId).ThrowIfAny();
        return await work.ExecuteAsync(context.Method, request.RequestId, _ => request.ChildId, async ct =>
        {
            var child = await files.LoadAsync(request.ChildId, "child_id", tracking: true, ct);
            Etags.RequireCurrent(child.Version, request.Etag, "Child", child.Id);
            var episode = FindEpisode(child, request.EpisodeId);
            var changeDate = request.ChangeDate.ToDateOnly();
            var v = new Violations();
            var ls = CaseRules.LegalStatusCode(v, "", request.LegalStatus, request.Ls);
            CaseRules.ValidateCategoryOfNeed(v, "cin", request.Cin);
            v.Require(ls is null || ls != episode.Ls, "ls", $"is the episode's legal status already ({episode.Ls})");
            CaseRules.ValidateEpisodeEnd(v, episode, changeDate, "change_date", files.Today);
            v.Require(changeDate is null || changeDate > episode.StartDate, "change_date", "must be after the episode started (one legal status a day)");
            var placed = request.Placement is { } placement ? CaseRules.PlacementStart(v, "placement.", placement, changeDate) : default;
            v.Require(request.Placement is null || placed.Date == changeDate, "placement.start_date", "must be the change_date: the new placement begins with the new legal status");
            var rne = request.Placement is null ? "L" : request.Placement.Rne.NullIfEmpty() ?? "B";
            v.Require(rne is "L" or "B" or "U", "placement.rne", "is B (new carers) or U (the same carers) when the placement changes with the legal status");
            if (request.Placement is { } given)
            {
                CaseRules.ValidatePlacement(v, "placement.", episode, given, placed.Date, files.Today);
            }

            v.ThrowIfAny();
            CaseRules.RequireOpen(episode);
            return changes.ChangeLegalStatus(child, episode, ls!, request.Cin, changeDate!.Value, request.Placement, placed.Date, placed.At, rne, request.RequestId).ToProto(child);
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
            var placedWith = CareHistory.CurrentPlacement(episode)?.Pl;
            var rec = CaseRules.EndingCode(v, request.EndReason, request.Rec, placedWith);
            v.RequireText(request.EndNote, "end_note", CaseRules.MaxTextLength, required: false);
            CaseRules.ValidateEpisodeEnd(v, episode, endDate, "end_date", files.Today);
            // Rules CLA-4, S20-6, AP-1..AP-5, AP-8: whatever the code, a period that ends with the child living with
            // parents is a return home, ended only once Approvals says it is approved.
            var returnedHome = endDate is { } ending && CareHistory.IsReturnHome(rec, placedWith, GoingHome.Time.Ages.On(child.DateOfBirth, ending));
            var gated = returnedHome && CareHistory.ReturnHomeApprovalsApply(episode.LegalStatus);
            v.Require(gated || request.ApprovalRequestIds.Count == 0, "approval_request_ids", "only a period ending with a return home is approved this way");
            v.ThrowIfAny();
            CaseRules.RequireOpen(episode);
            var end = endDate!.Value;
            var broken = CareHistory.EndingRules(child, episode, rec!, end, await CourtOrderOnFileAsync(child.Id, end, ct));
            if (broken.Count > 0)
            {
                throw new RuleViolationException(broken);
            }

            var period = CareHistory.PeriodOf(child, episode)!;
            await returnHomeGate.RequireApprovedAsync(child.Id.ToString(), episode, period.Start, end, gated, request.ApprovalRequestIds, ct);

            changes.EndPeriod(child, episode, end, rec!, request.EndNote, returnedHome, null, request.RequestId);
            changes.EndIroRole(child, end);
            return episode.ToProto(child);
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
            CaseRules.ValidatePlacement(check, "placement.", episode, input, startDate, files.Today);
            var rne = input.Rne.NullIfEmpty() ?? "P";
            check.Require(rne is "P" or "T", "placement.rne", "is P (new carers) or T (the same carers) for a move within the legal status; a new legal status is ChangeLegalStatus");
            check.ThrowIfAny();
            CaseRules.RequireOpen(episode);
            return changes.Place(child, episode, input, startDate!.Value, startAt, rne, request.RequestId).ToProto();
        }, context.CancellationToken);
    }

    /// <summary>Rule CLA-3: an order-based ending needs the court order on the child's file, dated by the end.</summary>
    private Task<bool> CourtOrderOnFileAsync(Guid childId, DateOnly endDate, CancellationToken ct) =>
        db.Documents.AnyAsync(d => d.ChildId == childId && d.Kind == DocumentKind.Court && (d.DocumentDate == null || d.DocumentDate <= endDate), ct);

    private static CareEpisodeEntity FindEpisode(ChildEntity child, string episodeId) =>
        child.Episodes.FirstOrDefault(e => e.Id.ToString() == episodeId)
        ?? throw new ResourceNotFoundException("CareEpisode", episodeId);
}
