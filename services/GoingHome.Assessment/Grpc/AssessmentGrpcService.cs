using GoingHome.Assessment.Features;
using GoingHome.Assessment.V1;
using GoingHome.ServiceDefaults.Auth;
using Grpc.Core;
using Microsoft.AspNetCore.Authorization;

namespace GoingHome.Assessment.Grpc;

/// <summary>
/// The Assessment and Risk API as gRPC: each method names who may call it and hands the call to its use case in Features/.
/// </summary>
public sealed class AssessmentGrpcService(
    Assessments assessments,
    RiskClassifications riskClassifications,
    Checklists checklists,
    Households households) : AssessmentService.AssessmentServiceBase
{
    [Authorize(Policy = Policies.CaseWriter)]
    public override Task<V1.Assessment> CreateAssessment(CreateAssessmentRequest request, ServerCallContext context) =>
        assessments.CreateAssessment(request, context);

    [Authorize(Policy = Policies.CaseReader)]
    public override Task<V1.Assessment> GetAssessment(GetAssessmentRequest request, ServerCallContext context) =>
        assessments.GetAssessment(request, context);

    [Authorize(Policy = Policies.CaseWriter)]
    public override Task<V1.Assessment> UpdateAssessment(UpdateAssessmentRequest request, ServerCallContext context) =>
        assessments.UpdateAssessment(request, context);

    [Authorize(Policy = Policies.CaseWriter)]
    public override Task<V1.Assessment> CompleteAssessment(CompleteAssessmentRequest request, ServerCallContext context) =>
        assessments.CompleteAssessment(request, context);

    [Authorize(Policy = Policies.CaseWriter)]
    public override Task<V1.Assessment> WithdrawAssessment(WithdrawAssessmentRequest request, ServerCallContext context) =>
        assessments.WithdrawAssessment(request, context);

    [Authorize(Policy = Policies.CaseReader)]
    public override Task<ListAssessmentsResponse> ListAssessments(ListAssessmentsRequest request, ServerCallContext context) =>
        assessments.ListAssessments(request, context);

    [Authorize(Policy = Policies.CaseOrServiceReader)]
    public override Task<ChooseReturnHomeAssessmentResponse> ChooseReturnHomeAssessment(ChooseReturnHomeAssessmentRequest request, ServerCallContext context) =>
        assessments.ChooseReturnHomeAssessment(request, context);

    [Authorize(Policy = Policies.CaseWriter)]
    public override Task<RiskClassification> ClassifyRisk(ClassifyRiskRequest request, ServerCallContext context) =>
        riskClassifications.ClassifyRisk(request, context);

    [Authorize(Policy = Policies.Manager)]
    public override Task<RiskClassification> OverrideRiskClassification(OverrideRiskClassificationRequest request, ServerCallContext context) =>
        riskClassifications.OverrideRiskClassification(request, context);

    [Authorize(Policy = Policies.CaseReader)]
    public override Task<ListRiskClassificationsResponse> ListRiskClassifications(ListRiskClassificationsRequest request, ServerCallContext context) =>
        riskClassifications.ListRiskClassifications(request, context);

    [Authorize(Policy = Policies.CaseWriter)]
    public override Task<Checklist> CreateChecklist(CreateChecklistRequest request, ServerCallContext context) =>
        checklists.CreateChecklist(request, context);

    [Authorize(Policy = Policies.CaseReader)]
    public override Task<Checklist> GetChecklist(GetChecklistRequest request, ServerCallContext context) =>
        checklists.GetChecklist(request, context);

    [Authorize(Policy = Policies.CaseWriter)]
    public override Task<Checklist> UpdateChecklistItem(UpdateChecklistItemRequest request, ServerCallContext context) =>
        checklists.UpdateChecklistItem(request, context);

    [Authorize(Policy = Policies.CaseWriter)]
    public override Task<Checklist> CompleteChecklist(CompleteChecklistRequest request, ServerCallContext context) =>
        checklists.CompleteChecklist(request, context);

    [Authorize(Policy = Policies.CaseReader)]
    public override Task<ListChecklistsResponse> ListChecklists(ListChecklistsRequest request, ServerCallContext context) =>
        checklists.ListChecklists(request, context);

    [Authorize(Policy = Policies.CaseWriter)]
    public override Task<HouseholdConfirmation> ConfirmHousehold(ConfirmHouseholdRequest request, ServerCallContext context) =>
        households.ConfirmHousehold(request, context);

    [Authorize(Policy = Policies.CaseWriter)]
    public override Task<DbsCheck> RecordDbsCheck(RecordDbsCheckRequest request, ServerCallContext context) =>
        households.RecordDbsCheck(request, context);

    [Authorize(Policy = Policies.CaseReader)]
    public override Task<ListDbsChecksResponse> ListDbsChecks(ListDbsChecksRequest request, ServerCallContext context) =>
        households.ListDbsChecks(request, context);

    [Authorize(Policy = Policies.CaseOrServiceReader)]
    public override Task<ReturnReadiness> GetReturnReadiness(GetReturnReadinessRequest request, ServerCallContext context) =>
        households.GetReturnReadiness(request, context);
}
