using GoingHome.Assessment.Data;
using GoingHome.Assessment.Domain;
using GoingHome.Assessment.Grpc;
using GoingHome.Assessment.V1;
using GoingHome.Events.V1;
using GoingHome.Persistence;
using GoingHome.ServiceClients;
using GoingHome.ServiceDefaults.Auth;
using GoingHome.ServiceDefaults.Errors;
using GoingHome.ServiceDefaults.Grpc;
using GoingHome.Time;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Microsoft.EntityFrameworkCore;

namespace GoingHome.Assessment.Features;

/// <summary>The household a child returns to: who lives there, their DBS checks, and whether a return is ready.</summary>
public sealed class Households(
    AssessmentDbContext db,
    UnitOfWork<AssessmentDbContext> work,
    AssessmentEvents events,
    Auditor auditor,
    CurrentUser user,
    CaseChildReader children,
    ReadinessPolicy readinessPolicy,
    TimeProvider clock)
{
    public async Task<HouseholdConfirmation> ConfirmHousehold(ConfirmHouseholdRequest request, ServerCallContext context)
    {
        var v = new Violations().RequireRequestId(request.RequestId).RequireText(request.ChildId, "child_id", 64);
        v.Require(request.MemberIds.Count is > 0 and <= 20, "member_ids", "must name the adults living in the home (1 to 20)");
        // Rule NS-1: "no other adults" is an answer the worker gives, never a default.
        v.Require(request.NoOtherAdults, "no_other_adults", "must be confirmed; if another adult lives there, add them to the child's network in Case as a household member first");
        v.ThrowIfAny();
        return await work.ExecuteAsync(context.Method, request.RequestId, h => h.ChildId, async ct =>
        {
            var household = (await children.ReadAsync(request.ChildId, ct)).HouseholdAdults.Select(a => a.Id).ToHashSet();
            var named = request.MemberIds.ToHashSet();
            var check = new Violations();
            foreach (var (id, i) in request.MemberIds.Select((id, i) => (id, i)))
            {
                check.Require(household.Contains(id), $"member_ids[{i}]", "is not a household member in the child's network in Case");
            }

            foreach (var unnamed in household.Where(id => !named.Contains(id)))
            {
                check.Add("member_ids", $"Case records network member {unnamed} as living in the home: name them, or correct the network in Case");
            }

            check.ThrowIfAny();
            var record = new HouseholdConfirmationEntity
            {
                Id = Guid.CreateVersion7(), ChildId = request.ChildId, MemberIds = [.. named.Order(StringComparer.Ordinal)], ConfirmedBy = user.Id, ConfirmedAt = clock.GetUtcNow(),
            };
            db.HouseholdConfirmations.Add(record);
            return new HouseholdConfirmation
            {
                ChildId = record.ChildId, MemberIds = { record.MemberIds }, ConfirmedBy = record.ConfirmedBy, ConfirmTime = Timestamp.FromDateTimeOffset(record.ConfirmedAt),
            };
        }, context.CancellationToken);
    }

    public async Task<DbsCheck> RecordDbsCheck(RecordDbsCheckRequest request, ServerCallContext context)
    {
        var check = request.Check ?? new DbsCheck();
        var requestedOn = check.RequestedOn.ToDateOnly();
        var resultOn = check.ResultOn.ToDateOnly();
        var v = new Violations().RequireRequestId(request.RequestId);
        v.RequireText(check.ChildId, "check.child_id", 64);
        v.RequireText(check.NetworkMemberId, "check.network_member_id", 64);
        v.RequireEnum(check.State, "check.state");
        v.Require(requestedOn is not null, "check.requested_on", "is required and must be a real calendar date");
        v.Require(requestedOn is null || requestedOn <= clock.LondonToday(), "check.requested_on", "must not be in the future");
        v.Require(check.State == DbsState.Requested || resultOn is not null, "check.result_on", "is required once the check has a result");
        v.Require(resultOn is null || requestedOn is null || resultOn >= requestedOn, "check.result_on", "must not be before the check was requested");
        v.Require(resultOn is null || resultOn <= clock.LondonToday(), "check.result_on", "must not be in the future");
        v.RequireText(check.Notes, "check.notes", 4000, required: false);
        v.Require(check.State != DbsState.ConcernsNoted || check.Notes.Trim().Length > 0, "check.notes", "must say what the concerns are");
        v.ThrowIfAny();
        return await work.ExecuteAsync(context.Method, request.RequestId, d => d.ChildId, async ct =>
        {
            var facts = await children.ReadAsync(check.ChildId, ct);
            // Rule NS-1: DBS checks cover the adult members of the household the child would return to.
            var member = facts.HouseholdAdults.FirstOrDefault(m => m.Id == check.NetworkMemberId)
                ?? throw new ValidationFailedException([new FieldViolation("check.network_member_id", "is not a household member in the child's network")]);
            var record = new DbsCheckEntity
            {
                Id = Guid.CreateVersion7(),
                ChildId = check.ChildId,
                NetworkMemberId = member.Id,
                PersonName = member.Name,
                State = check.State,
                RequestedOn = requestedOn!.Value,
                ResultOn = resultOn,
                Notes = check.Notes.Length == 0 ? null : check.Notes,
                CreatedAt = clock.GetUtcNow(),
            };
            db.DbsChecks.Add(record);
            events.Raise(record.ChildId, new DbsCheckRecorded { DbsCheckId = record.Id.ToString(), ChildId = record.ChildId, NetworkMemberId = record.NetworkMemberId, State = record.State });
            return record.ToProto();
        }, context.CancellationToken);
    }

    public async Task<ListDbsChecksResponse> ListDbsChecks(ListDbsChecksRequest request, ServerCallContext context)
    {
        new Violations().RequireText(request.ChildId, "child_id", 64).ThrowIfAny();
        var latest = await LatestDbsChecksAsync(request.ChildId, context.CancellationToken);
        auditor.Read(context.Method, request.ChildId);
        return new ListDbsChecksResponse { Checks = { latest.Select(d => d.ToProto()) } };
    }

    public async Task<ReturnReadiness> GetReturnReadiness(GetReturnReadinessRequest request, ServerCallContext context)
    {
        new Violations().RequireText(request.ChildId, "child_id", 64).ThrowIfAny();
        var ct = context.CancellationToken;
        var facts = await children.ReadAsync(request.ChildId, ct);
        var assessments = await db.Assessments.AsNoTracking().Where(a => a.ChildId == request.ChildId && a.State == AssessmentState.Completed).ToListAsync(ct);
        var latestRisk = await db.RiskClassifications.AsNoTracking().Where(r => r.ChildId == request.ChildId).OrderByDescending(r => r.CreatedAt).FirstOrDefaultAsync(ct);
        var checklist = await db.Checklists.AsNoTracking().Include(c => c.Items).Where(c => c.ChildId == request.ChildId).OrderByDescending(c => c.CreatedAt).FirstOrDefaultAsync(ct);
        var dbs = await LatestDbsChecksAsync(request.ChildId, ct);
        var household = await db.HouseholdConfirmations.AsNoTracking().Where(h => h.ChildId == request.ChildId).OrderByDescending(h => h.Sequence).FirstOrDefaultAsync(ct);
        auditor.Read(context.Method, request.ChildId);

        var missing = ReturnReadinessRules.Missing(facts, new ReadinessEvidence(assessments, latestRisk, checklist, dbs, household), readinessPolicy);
        return new ReturnReadiness
        {
            Ready = missing.Count == 0,
            Missing = { missing.Select(m => new MissingRequirement { RuleId = m.RuleId, Description = m.Description }) },
            LatestBand = latestRisk?.Band ?? RiskBand.Unspecified,
            ComputedBand = latestRisk?.ComputedBand ?? RiskBand.Unspecified,
            OverrideRationale = latestRisk?.OverrideRationale ?? "",
            ChecklistId = checklist?.Id.ToString() ?? "",
        };
    }

    private async Task<List<DbsCheckEntity>> LatestDbsChecksAsync(string childId, CancellationToken cancellationToken)
    {
        var all = await db.DbsChecks.AsNoTracking().Where(d => d.ChildId == childId).ToListAsync(cancellationToken);
        return all.GroupBy(d => d.NetworkMemberId).Select(g => g.OrderByDescending(d => d.Sequence).First()).OrderBy(d => d.PersonName).ToList();
    }
}
