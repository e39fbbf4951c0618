using GoingHome.Approvals.Data;
using GoingHome.Approvals.Domain;
using GoingHome.Approvals.V1;
using GoingHome.Persistence;
using GoingHome.ServiceClients;
using GoingHome.ServiceDefaults.Errors;
using GoingHome.ServiceDefaults.Grpc;
using GoingHome.Time;
using Grpc.Core;
using Microsoft.EntityFrameworkCore;

namespace GoingHome.Approvals.Features;

/// <summary>The gate other services ask before a change: granted, on facts that still hold, or the unmet rules.</summary>
public sealed class ApprovalGates(
    ApprovalsDbContext db,
    ReturnReadinessCheck readinessCheck,
    Auditor auditor,
    ApprovalPolicy policy,
    CaseChildReader children,
    TimeProvider clock)
{
    public async Task<CheckGateResponse> CheckGate(CheckGateRequest request, ServerCallContext context)
    {
        var v = new Violations();
        v.RequireText(request.ChildId, "child_id", 64);
        v.RequireText(request.Action, "action", 100);
        v.RequireText(request.Subject, "subject", 200);
        var plannedNow = ApprovalRequests.PlannedReturn(v, request.PlannedReturnDate, clock.LondonToday());
        v.ThrowIfAny();
        var action = PolicyEvaluator.FindAction(policy, request.Action);
        var ct = context.CancellationToken;

        var latest = await db.Requests.AsNoTracking().Include(r => r.Steps)
            .Where(r => r.ChildId == request.ChildId && r.Action == request.Action && r.Subject == request.Subject)
            .OrderByDescending(r => r.CreatedAt).ThenByDescending(r => r.Id)
            .FirstOrDefaultAsync(ct);
        auditor.Read(context.Method, request.ChildId);
        if (latest is null)
        {
            return new CheckGateResponse
            {
                Approved = false,
                MissingSteps =
                {
                    (await StepsForChildAsync(request.ChildId, action, plannedNow, ct))
                        .Select(s => new MissingStep { RuleId = s.RuleId, Title = s.Title, RequiredRole = s.Role, State = StepState.Unspecified, Reason = GateEvaluation.NoRequest }),
                },
            };
        }

        // Rules AP-4 / AP-9: the grant holds only for the facts it was decided on, so the policy is evaluated again on
        // today's facts (Case unreachable: UNAVAILABLE, the gate stays closed). Rule NS-1: readiness is a condition of
        // the gate, not only of the request: a household or check that changed since the request reopens it.
        var planned = plannedNow ?? Facts.Parser.ParseJson(latest.FactsJson).PlannedReturnDate.ToDateOnly();
        var readiness = action.RequiresReturnReadiness ? await readinessCheck.ReadinessAsync(request.ChildId, ct) : null;
        var today = PolicyFacts.From(await children.ReadAsync(request.ChildId, ct), planned, readiness is null ? null : RiskFacts.From(readiness));
        var missing = GateEvaluation.Missing(latest, PolicyEvaluator.Evaluate(policy, request.Action, today)).ToList();
        missing.AddRange(PolicyEvaluator.Refusals(action, today, request.Subject).Select(refusal => new MissingStep
        {
            RuleId = refusal.RuleId, Title = refusal.Description, State = StepState.Unspecified, Reason = "the policy refuses this return on today's facts",
        }));
        missing.AddRange((readiness?.Missing ?? []).Select(gap => new MissingStep
        {
            RuleId = gap.RuleId, Title = gap.Description, State = StepState.Unspecified, Reason = "the return is no longer ready",
        }));

        return new CheckGateResponse
        {
            Approved = missing.Count == 0,
            ApprovalRequestId = latest.Id.ToString(),
            State = latest.State,
            MissingSteps = { missing },
        };
    }

    /// <summary>
    /// Nothing asked for yet: the steps the policy would set for this child today, so the refusal names only the rules
    /// that apply (no AP-3 for an eight-year-old). Where that cannot be worked out (a fact only the request carries, or
    /// Case unreachable) every step of the action is named; the gate is closed either way.
    /// </summary>
    private async Task<IEnumerable<PolicyStep>> StepsForChildAsync(string childId, PolicyAction action, DateOnly? plannedReturn, CancellationToken cancellationToken)
    {
        if (action.RequiredFacts.Count > 0 && plannedReturn is null)
        {
            return action.Steps;
        }

        try
        {
            var facts = PolicyFacts.From(await children.ReadAsync(childId, cancellationToken), plannedReturn);
            return PolicyEvaluator.Evaluate(policy, action.Name, facts).Select(s => s.Step);
        }
        catch (RpcException)
        {
            return action.Steps;
        }
    }
}
