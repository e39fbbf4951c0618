using GoingHome.Approvals.Features;
using GoingHome.Approvals.V1;
using GoingHome.ServiceDefaults.Auth;
using Grpc.Core;
using Microsoft.AspNetCore.Authorization;

namespace GoingHome.Approvals.Grpc;

/// <summary>
/// The Approvals API as gRPC: each method names who may call it and hands the call to its use case in Features/.
/// </summary>
public sealed class ApprovalsGrpcService(
    ApprovalRequests approvalRequests,
    ApprovalDecisions approvalDecisions,
    ApprovalGates approvalGates) : ApprovalsService.ApprovalsServiceBase
{
    [Authorize(Policy = Policies.CaseOrServiceReader)]
    public override Task<EvaluatePolicyResponse> EvaluatePolicy(EvaluatePolicyRequest request, ServerCallContext context) =>
        approvalRequests.EvaluatePolicy(request, context);

    [Authorize(Policy = Policies.CaseWriter)]
    public override Task<ApprovalRequest> CreateApprovalRequest(CreateApprovalRequestRequest request, ServerCallContext context) =>
        approvalRequests.CreateApprovalRequest(request, context);

    [Authorize(Policy = Policies.CaseOrServiceReader)]
    public override Task<ApprovalRequest> GetApprovalRequest(GetApprovalRequestRequest request, ServerCallContext context) =>
        approvalRequests.GetApprovalRequest(request, context);

    [Authorize(Policy = Policies.CaseOrServiceReader)]
    public override Task<ListApprovalRequestsResponse> ListApprovalRequests(ListApprovalRequestsRequest request, ServerCallContext context) =>
        approvalRequests.ListApprovalRequests(request, context);

    [Authorize(Policy = Policies.CaseWriter)]
    public override Task<ApprovalRequest> WithdrawApprovalRequest(WithdrawApprovalRequestRequest request, ServerCallContext context) =>
        approvalRequests.WithdrawApprovalRequest(request, context);

    [Authorize(Policy = Policies.Approver)]
    public override Task<ApprovalRequest> DecideApprovalStep(DecideApprovalStepRequest request, ServerCallContext context) =>
        approvalDecisions.DecideApprovalStep(request, context);

    [Authorize(Policy = Policies.CaseOrServiceReader)]
    public override Task<CheckGateResponse> CheckGate(CheckGateRequest request, ServerCallContext context) =>
        approvalGates.CheckGate(request, context);
}
