using System.Text.RegularExpressions;
using GoingHome.Case.Data;
using GoingHome.Case.Domain;
using GoingHome.Case.Grpc;
using GoingHome.Case.V1;
using GoingHome.Persistence;
using GoingHome.Persistence.Restrictions;
using GoingHome.ServiceDefaults.Auth;
using GoingHome.ServiceDefaults.Errors;
using GoingHome.ServiceDefaults.Grpc;
using Grpc.Core;
using Microsoft.EntityFrameworkCore;

namespace GoingHome.Case.Features;

/// <summary>
/// Keeps children in step with the authority's system of record (LCS, Mosaic...), matched by that system's ids. Each
/// child is its own unit of work: what changed commits with its events and audit row, a child with nothing changed
/// writes nothing, and a child that breaks a rule is refused alone. The changes are the interactive methods' own
/// (<see cref="ChildRecordChanges"/>), under the same rules.
/// </summary>
public sealed partial class ChildSync(
    CaseDbContext db,
    UnitOfWork<CaseDbContext> work,
    ChildFiles files,
    ChildRecordChanges changes,
    RecordRestrictions restrictions,
    ReturnHomeGate returnHomeGate,
    IntegratorSources sources,
    CurrentUser user)
{
    /// <summary>Decision (CLA-5): a return home the source recorded this long ago or less is raised even on a first load.</summary>
    public const int RecentReturnDays = 28;

    public const int MaxChildren = 500;

    public async Task<SyncChildrenResponse> SyncChildren(SyncChildrenRequest request, ServerCallContext context)
    {
        var v = new Violations().RequireRequestId(request.RequestId).RequireText(request.SourceSystem, "source_system", 50);
        v.Require(SystemName().IsMatch(request.SourceSystem), "source_system", "must be lower case letters, digits and dashes");
        v.Require(request.Children.Count is > 0 and <= MaxChildren, "children", $"send 1 to {MaxChildren} children a call");
        v.Require(request.Children.Select(c => c.SourceId).Distinct().Count() == request.Children.Count, "children", "each source_id may appear once a call");
        v.ThrowIfAny();
        sources.RequireBound(request.SourceSystem);

        // One transaction for the batch: each child's changes are saved behind a savepoint of their own (a child that
        // fails to save rolls back alone), and the batch commits once. The batch's known children are read in one
        // query and tracked; a child that syncs cleanly leaves the tracker clean (saved or unchanged), so only a
        // refusal, which may leave half-made changes, costs a fresh read.
        await using var transaction = await db.Database.BeginTransactionAsync(context.CancellationToken);
        var response = new SyncChildrenResponse();
        var known = await KnownAsync(request.SourceSystem, request.Children.Select(c => c.SourceId), context.CancellationToken);
        for (var i = 0; i < request.Children.Count; i++)
        {
            var result = await SyncAsync(request.SourceSystem, request.Children[i], known, $"children[{i}].", request.RequestId, context);
            response.Results.Add(result);
            if (result.Outcome == SyncOutcome.Refused)
            {
                db.ChangeTracker.Clear();
                known = await KnownAsync(request.SourceSystem, request.Children.Skip(i + 1).Select(c => c.SourceId), context.CancellationToken);
            }
            else if (result.Outcome != SyncOutcome.Unchanged)
            {
                ForgetCommitted(known);
            }
        }

        // The batch's answer is kept under its request_id like any write's: a retry gets it back, another batch under
        // the same id is refused. (A batch cut off half way has no answer kept; sending it again syncs the rest.)
        var answer = await work.ExecuteAsync(context.Method, request.RequestId, _ => null, _ => Task.FromResult(response), context.CancellationToken);
        await transaction.CommitAsync(context.CancellationToken);
        return answer;
    }

    /// <summary>
    /// Stops tracking what has committed and will not be looked at again (a new child's record, the events, chronology
    /// and audit rows), so each later save in the batch does not check them all again.
    /// </summary>
    private void ForgetCommitted(Dictionary<string, ChildEntity> known)
    {
        var keep = known.Values.Select(c => c.Id).ToHashSet();
        var episodes = known.Values.SelectMany(c => c.Episodes).Select(e => e.Id).ToHashSet();
        foreach (var entry in db.ChangeTracker.Entries().ToList())
        {
            var kept = entry.Entity switch
            {
                ChildEntity c => keep.Contains(c.Id),
                CareEpisodeEntity e => keep.Contains(e.ChildId),
                PlacementEntity p => episodes.Contains(p.EpisodeId),
                AllocationEntity a => keep.Contains(a.ChildId),
                NetworkMemberEntity m => keep.Contains(m.ChildId),
                _ => false,
            };
            if (!kept)
            {
                entry.State = EntityState.Detached;
            }
        }
    }

    /// <summary>The children of the batch GoingHome already keeps in step with this system, tracked, by source id.</summary>
    private async Task<Dictionary<string, ChildEntity>> KnownAsync(string system, IEnumerable<string> sourceIds, CancellationToken ct)
    {
        var ids = sourceIds.ToList();
        return await db.Children
            .Include(c => c.Episodes).ThenInclude(e => e.Placements)
            .Include(c => c.Network)
            .Include(c => c.Allocations.Where(a => a.EndedAt == null))
            .AsSplitQuery()
            .Where(c => c.SourceSystem == system && ids.Contains(c.SourceId!))
            .ToDictionaryAsync(c => c.SourceId!, StringComparer.Ordinal, ct);
    }

    private async Task<SyncChildResult> SyncAsync(
        string system, SourceChild source, Dictionary<string, ChildEntity> known, string prefix, string requestId, ServerCallContext context)
    {
        var result = new SyncChildResult { SourceId = source.SourceId };
        try
        {
            var (input, nhsNumber) = Validated(source, prefix);
            var rows = SourceRows(source, input, prefix);
            var ct = context.CancellationToken;
            var child = known.GetValueOrDefault(source.SourceId);
            var created = child is null;
            var versionBefore = child?.Version;
            if (child is null)
            {
                await Children.RequireUniqueLocalIdAsync(db, input.LocalId.NullIfEmpty(), null, ct);
                child = changes.Register(input, nhsNumber, requestId, system, source.SourceId);
            }
            else
            {
                restrictions.Require(user, child.Id.ToString());
                await UpdateIdentityAsync(child, input, nhsNumber, prefix, requestId, ct);
            }

            ApplyHeader(child, source.Ssda903?.Header, created, requestId);
            await ApplyHistoryAsync(child, rows, created, requestId, ct);
            ApplyAllocations(child, source, requestId);
            ApplyNetwork(child, source, requestId);

            result.ChildId = child.Id.ToString();
            result.Etag = child.Etag();
            // Every change moves the child's version (its etag), so an unmoved version is nothing to write: no need
            // to compare every tracked row of the batch.
            if (child.Version == versionBefore)
            {
                result.Outcome = SyncOutcome.Unchanged;
                return result;
            }

            // The changes are already made on the tracked record; the unit of work adds the audit row and commits them
            // with their events in one transaction.
            await work.ExecuteAsync(context.Method, "", r => r.ChildId, _ => Task.FromResult(result.Clone()), ct);
            result.Outcome = created ? SyncOutcome.Created : SyncOutcome.Updated;
            return result;
        }
        catch (ValidationFailedException invalid)
        {
            return Refused(result, invalid.Violations.Select(f => new SyncViolation { Field = f.Field.StartsWith(prefix, StringComparison.Ordinal) ? f.Field : prefix + f.Field, Description = f.Description }));
        }
        catch (RuleViolationException broken)
        {
            return Refused(result, broken.Violations.Select(r => new SyncViolation { RuleId = r.RuleId, Description = r.Description }));
        }
        catch (RestrictedRecordException)
        {
            // As for anyone not named on a restriction: the child is not there to be synced.
            return Refused(result, [new SyncViolation { Field = prefix + "source_id", Description = "no child this caller may see has this source_id" }]);
        }
    }

    private static SyncChildResult Refused(SyncChildResult result, IEnumerable<SyncViolation> violations)
    {
        result.ChildId = "";
        result.Etag = "";
        result.Outcome = SyncOutcome.Refused;
        result.Violations.AddRange(violations);
        return result;
    }

    /// <summary>Every field of the child checked up front, named under its place in the request; the NHS number as stored.</summary>
    private (Child Input, string? NhsNumber) Validated(SourceChild source, string prefix)
    {
        var input = source.Child?.Clone() ?? new Child();
        var v = new Violations().RequireText(source.SourceId, prefix + "source_id", 100);
        v.Require(source.Child is not null, prefix + "child", "is required");
        if (source.Ssda903 is { } history)
        {
            MergeHeader(v, $"{prefix}ssda903.header.", history.Header ?? new Ssda903Header(), input);
            v.Require(source.CareEpisodes.Count == 0, prefix + "care_episodes", "send the history once: as ssda903 or as care_episodes, not both");
        }

        var nhsNumber = CaseRules.ValidateChild(v, prefix + "child.", input, files.Today);
        for (var j = 0; j < source.Allocations.Count; j++)
        {
            var a = source.Allocations[j];
            Renamed(v, inner => CaseRules.ValidateAllocation(inner, a.Role, a.WorkerId, a.WorkerName, a.TeamId), "allocation.", $"{prefix}allocations[{j}].");
        }

        for (var j = 0; j < source.Network.Count; j++)
        {
            var m = source.Network[j];
            Renamed(v, inner => CaseRules.ValidateNetworkMember(inner, m.Relationship, m.Name, m.Organisation, m.Email, m.Phone, m.HouseholdMember, m.PersonId), "member.", $"{prefix}network[{j}].");
        }

        v.ThrowIfAny();
        return (input, nhsNumber);
    }

    private async Task UpdateIdentityAsync(ChildEntity child, Child input, string? nhsNumber, string prefix, string requestId, CancellationToken ct)
    {
        var changed = new List<string>();
        void Set<T>(string field, T current, T wanted, Action<T> set)
        {
            if (!EqualityComparer<T>.Default.Equals(current, wanted))
            {
                set(wanted);
                changed.Add(field);
            }
        }

        Set("given_name", child.GivenName, input.GivenName.Trim(), value => child.GivenName = value);
        Set("family_name", child.FamilyName, input.FamilyName.Trim(), value => child.FamilyName = value);
        Set("date_of_birth", child.DateOfBirth, input.DateOfBirth.ToDateOnly()!.Value, value => child.DateOfBirth = value);
        Set("gender", child.Gender, input.Gender, value => child.Gender = value);
        Set("ethnicity", child.Ethnicity, input.Ethnicity.NullIfEmpty(), value => child.Ethnicity = value);
        Set("local_id", child.LocalId, input.LocalId.NullIfEmpty(), value => child.LocalId = value);
        Set("nhs_number", child.NhsNumber, nhsNumber, value => child.NhsNumber = value);
        if (changed.Count == 0)
        {
            return;
        }

        var v = new Violations();
        CaseRules.ValidateBirthBeforeEpisodes(v, prefix + "child.date_of_birth", child, child.DateOfBirth);
        v.ThrowIfAny();

        if (changed.Contains("local_id"))
        {
            await Children.RequireUniqueLocalIdAsync(db, child.LocalId, child.Id, ct);
        }

        changes.Updated(child, changed, requestId);
    }

    private void ApplyAllocations(ChildEntity child, SourceChild source, string requestId)
    {
        foreach (var wanted in source.Allocations)
        {
            var current = child.Allocations.FirstOrDefault(a => a.Role == wanted.Role && a.EndedAt is null);
            if (current is null || current.WorkerId != wanted.WorkerId.Trim() || current.TeamId != wanted.TeamId.Trim())
            {
                changes.Allocate(child, wanted, requestId);
            }
        }
    }

    private void ApplyNetwork(ChildEntity child, SourceChild source, string requestId)
    {
        foreach (var wanted in source.Network.Where(m => !child.Network.Any(known =>
                     known.Relationship == m.Relationship && string.Equals(known.Name, m.Name.Trim(), StringComparison.OrdinalIgnoreCase))))
        {
            changes.AddMember(child, wanted, requestId);
        }
    }

    /// <summary>Runs a validator written for one method's request and names its fields under their place in the sync.</summary>
    private static void Renamed(Violations into, Action<Violations> validate, string from, string to)
    {
        var inner = new Violations();
        validate(inner);
        try
        {
            inner.ThrowIfAny();
        }
        catch (ValidationFailedException invalid)
        {
            foreach (var field in invalid.Violations)
            {
                into.Add(to + (field.Field.StartsWith(from, StringComparison.Ordinal) ? field.Field[from.Length..] : field.Field), field.Description);
            }
        }
    }

    [GeneratedRegex("^[a-z0-9][a-z0-9-]*$")]
    private static partial Regex SystemName();
}
