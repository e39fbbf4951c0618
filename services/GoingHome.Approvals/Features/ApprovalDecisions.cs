using GoingHome.Approvals.Data;
using GoingHome.Approvals.Domain;
using GoingHome.Approvals.Grpc;
using GoingHome.Approvals.V1;
using GoingHome.Assessment.V1;
using GoingHome.Case.V1;
using GoingHome.Events.V1;
using GoingHome.Messaging;
using GoingHome.Persistence;
using GoingHome.ServiceDefaults.Auth;
using GoingHome.ServiceDefaults.Clients;
using GoingHome.ServiceDefaults.Errors;
using GoingHome.ServiceDefaults.Grpc;
using GoingHome.ServiceDefaults.Telemetry;
using GoingHome.Time;
using Grpc.Core;
using Microsoft.EntityFrameworkCore;

namespace GoingHome.Approvals.Features;

/// <summary>A step decided by the person whose role it names, recorded on the child's file where the seeds say so.</summary>
public sealed class ApprovalDecisions(
    UnitOfWork<ApprovalsDbContext> work,
    ApprovalRequestStore store,
    CurrentUser user,
    ApprovalPolicy policy,
    CaseService.CaseServiceClient cases,
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
            if (request.Decision == Decision.Approve)
            {
                await RecordOnChildFileAsync(record, step, decidingRole, request.Rationale, ct);
            }

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
            });
            store.RaiseStepStarted(record);
            store.RaiseClosed(record, step);
            return record.ToProto();
        }, context.CancellationToken);
    }

    /// <summary>
    /// RH-4 / AP-5: an HoS agreement becomes a management-oversight case note; S20-6: the Director's authorisation is
    /// attached as a document. Written to Case before the decision commits, with idempotency keys derived from the step,
    /// so a retry after a failure neither loses nor doubles them.
    /// </summary>
    private async Task RecordOnChildFileAsync(ApprovalRequestEntity record, ApprovalStepEntity step, string decidingRole, string rationale, CancellationToken cancellationToken)
    {
        if (step.RecordCaseNote)
        {
            await cases.CreateCaseNoteAsync(new CreateCaseNoteRequest
            {
                ChildId = record.ChildId,
                RequestId = $"approval-{record.Id}-step-{step.Index}-note",
                Note = new CaseNote
                {
                    Type = CaseNoteType.ManagementOversight,
                    Subject = $"{step.Title} ({step.RuleId}): {record.Action}",
                    Body = $"{user.Name} ({decidingRole}) agreed: {rationale}",
                },
            }, cancellationToken: cancellationToken);
        }

        if (step.AttachDocument)
        {
            await cases.CreateDocumentAsync(new CreateDocumentRequest
            {
                ChildId = record.ChildId,
                RequestId = $"approval-{record.Id}-step-{step.Index}-document",
                Document = new Document
                {
                    Kind = DocumentKind.Approval,
                    Title = $"{step.Title} ({step.RuleId}) by {user.Name}, {decidingRole}",
                    Uri = $"goinghome://approvals/approvalRequests/{record.Id}",
                    ContentType = "application/vnd.goinghome.approval",
                    DocumentDate = clock.LondonToday().ToProto(),
                },
            }, cancellationToken: cancellationToken);
        }
    }
}
