using GoingHome.Approvals.Data;
using GoingHome.Approvals.Domain;
using GoingHome.Approvals.Grpc;
using GoingHome.Approvals.V1;
using GoingHome.Events.V1;
using GoingHome.Persistence;
using GoingHome.ServiceDefaults.Auth;
using GoingHome.ServiceDefaults.Errors;
using GoingHome.ServiceDefaults.Grpc;
using GoingHome.ServiceDefaults.Telemetry;
using GoingHome.Time;
using Grpc.Core;

namespace GoingHome.Approvals.Features;

/// <summary>
/// A step decided by the person whose role it names. What the seeds put on the child's file (RH-4 / AP-5: the HoS
/// agreement as a management-oversight case note; S20-6: the Director's authorisation as a document) travels in the
/// decision's event and is written by Case when it consumes it: nothing reaches the file for a decision that did not
/// commit.
/// </summary>
public sealed class ApprovalDecisions(
    UnitOfWork<ApprovalsDbContext> work,
    ApprovalRequestStore store,
    CurrentUser user,
    ApprovalPolicy policy,
    WorkingDayCalendar calendar,
    TimeProvider clock)
{
    public async Task<ApprovalRequest> DecideApprovalStep(DecideApprovalStepRequest request, ServerCallContext context)
    {
        var v = new Violations().RequireRequestId(request.RequestId);
        v.RequireEnum(request.Decision, "decision");
        // Rule AP-7: every decision records its rationale.
        v.RequireText(request.Rationale, "rationale", 4000);
        v.RequireText(request.Etag, "etag", 20);
        v.ThrowIfAny();

        return await work.ExecuteAsync(context.Method, request.RequestId, decided => decided.ChildId, async ct =>
        {
            var record = await store.LoadAsync(request.ApprovalRequestId, "approval_request_id", tracking: true, ct);
            await work.RequireAccessAsync(record.ChildId, ct);
            Etags.RequireCurrent(record.Version, request.Etag, "ApprovalRequest", record.Id);

            var decidingRole = ApprovalWorkflow.Authorise(record, request.StepIndex, user, policy.SeniorMayActInstead);
            var step = record.CurrentStep!;
            var now = clock.GetUtcNow();
            ApprovalWorkflow.Decide(record, request.Decision, user, decidingRole, request.Rationale, now, calendar);
            SuiteMetrics.StepDecided(record.Action, request.Decision.ToString(), decidingRole);
            record.Version++;
            record.UpdatedAt = now;

            store.Raise(record, new ApprovalStepDecided
            {
                ApprovalRequestId = record.Id.ToString(),
                ChildId = record.ChildId,
                StepIndex = step.Index,
                RuleId = step.RuleId,
                Approved = request.Decision == Decision.Approve,
                DeciderId = user.Id,
                DeciderRole = decidingRole,
                Rationale = request.Rationale,
                Action = record.Action,
                RequiredRole = step.RequiredRole,
                DeciderName = user.Name,
                StepTitle = step.Title,
                RecordCaseNote = step.RecordCaseNote,
                AttachDocument = step.AttachDocument,
            });
            store.RaiseStepStarted(record);
            store.RaiseClosed(record, step);
            return record.ToProto();
        }, context.CancellationToken);
    }
}
