using GoingHome.Case.Data;
using GoingHome.Case.V1;
using GoingHome.Events.V1;
using GoingHome.Persistence;
using GoingHome.Persistence.Restrictions;
using GoingHome.ServiceDefaults.Auth;
using GoingHome.ServiceDefaults.Errors;
using GoingHome.ServiceDefaults.Grpc;
using Grpc.Core;

namespace GoingHome.Case.Features;

/// <summary>
/// Restricting a child's record to named people and teams (a child of a member of staff, a case in the news), and
/// lifting it. Case keeps the restriction and raises its every change, so each service hides the child from everyone
/// else; the change, its event and its audit row commit together.
/// </summary>
public sealed class ChildRestrictions(
    CaseDbContext db,
    UnitOfWork<CaseDbContext> work,
    ChildFiles files,
    RecordRestrictions restrictions,
    CurrentUser user,
    TimeProvider clock)
{
    private const int MaxUsers = 100;
    private const int MaxTeams = 20;

    public async Task<ChildRecordRestriction> RestrictChildRecord(RestrictChildRecordRequest request, ServerCallContext context)
    {
        var v = new Violations().RequireRequestId(request.RequestId).RequireText(request.Reason, "reason", 1000);
        v.Require(request.UserIds.Count <= MaxUsers, "user_ids", $"name at most {MaxUsers} people");
        v.Require(request.UserIds.All(id => !string.IsNullOrWhiteSpace(id) && id.Length <= 200), "user_ids", "each must be a user id of at most 200 characters");
        v.Require(request.TeamIds.Count <= MaxTeams, "team_ids", $"name at most {MaxTeams} teams");
        v.Require(request.TeamIds.All(id => !string.IsNullOrWhiteSpace(id) && id.Length <= 100), "team_ids", "each must be a team id of at most 100 characters");
        v.ThrowIfAny();

        // The person restricting stays among those who may see the record: they cannot lock themselves out of it.
        var users = request.UserIds.Select(id => id.Trim()).Append(user.Id).Distinct(StringComparer.Ordinal).ToList();
        var teams = request.TeamIds.Select(id => id.Trim()).Distinct(StringComparer.Ordinal).ToList();
        return await ChangeAsync(request.ChildId, request.Etag, request.RequestId, context, (kept, child) =>
        {
            kept.Restricted = true;
            // Rule ACC-1: the child's own team manager always stays able to see the record and lift the restriction.
            kept.UserIds = [.. users.Concat(child.Allocations.Where(a => a.Role == WorkerRole.TeamManager).Select(a => a.WorkerId)).Distinct(StringComparer.Ordinal)];
            kept.TeamIds = teams;
            kept.Reason = request.Reason.Trim();
        });
    }

    public async Task<ChildRecordRestriction> LiftChildRecordRestriction(LiftChildRecordRestrictionRequest request, ServerCallContext context)
    {
        new Violations().RequireRequestId(request.RequestId).RequireText(request.Reason, "reason", 1000).ThrowIfAny();
        return await ChangeAsync(request.ChildId, request.Etag, request.RequestId, context, (kept, _) =>
        {
            if (!kept.Restricted)
            {
                throw new ValidationFailedException([new FieldViolation("child_id", "the child's record is not restricted")]);
            }

            kept.Restricted = false;
            kept.UserIds = [];
            kept.TeamIds = [];
            kept.Reason = request.Reason.Trim();
        });
    }

    public async Task<ChildRecordRestriction> GetChildRecordRestriction(GetChildRecordRestrictionRequest request, ServerCallContext context)
    {
        var child = await files.LoadAsync(request.ChildId, "child_id", tracking: false, context.CancellationToken);
        var kept = await db.Set<RecordRestrictionEntity>().FindAsync([child.Id.ToString()], context.CancellationToken);
        return kept is null ? new ChildRecordRestriction { ChildId = child.Id.ToString(), Etag = Etags.Format(0) } : ToProto(kept);
    }

    private async Task<ChildRecordRestriction> ChangeAsync(
        string childId, string etag, string requestId, ServerCallContext context, Action<RecordRestrictionEntity, ChildEntity> change)
    {
        var response = await work.ExecuteAsync(context.Method, requestId, r => r.ChildId, async ct =>
        {
            var child = await files.LoadAsync(childId, "child_id", tracking: false, ct);
            var key = child.Id.ToString();
            var kept = await db.Set<RecordRestrictionEntity>().FindAsync([key], ct);
            if (kept is null)
            {
                kept = new RecordRestrictionEntity { ChildId = key };
                db.Add(kept);
            }

            Etags.RequireCurrent(kept.Version, etag, "ChildRecordRestriction", child.Id);
            change(kept, child);
            kept.ChangedBy = user.Id;
            kept.ChangedAt = clock.GetUtcNow();
            kept.Version++;
            files.Raise(child.Id, requestId, new ChildRecordRestrictionChanged
            {
                ChildId = key, Restricted = kept.Restricted, UserIds = { kept.UserIds }, TeamIds = { kept.TeamIds }, Version = kept.Version,
            });
            return ToProto(kept);
        }, context.CancellationToken);

        // In force here at once, not at the next refresh: the caller's next read must already see it.
        await restrictions.ReloadAsync(db, context.CancellationToken);
        return response;
    }

    private static ChildRecordRestriction ToProto(RecordRestrictionEntity kept) => new()
    {
        ChildId = kept.ChildId,
        Restricted = kept.Restricted,
        UserIds = { kept.UserIds },
        TeamIds = { kept.TeamIds },
        Reason = kept.Reason ?? "",
        ChangeUserId = kept.ChangedBy ?? "",
        ChangeTime = kept.ChangedAt.ToProto(),
        Etag = Etags.Format(kept.Version),
    };
}
