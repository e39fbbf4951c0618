using GoingHome.Pathway.V1;
using GoingHome.Persistence;

namespace GoingHome.Pathway.Data;

/// <summary>
/// What is stored for each enum value, written out: the codes are the names the values had when first stored, and stay
/// when a value is renamed. A new value gets its code here (the service will not start without one).
/// </summary>
public static class StoredEnums
{
    public static readonly StoredCodes<RecordKind> RecordKindCodes = new(
        (RecordKind.Unspecified, "Unspecified"),
        (RecordKind.CriticalConversation, "CriticalConversation"),
        (RecordKind.BuildStrengths, "BuildStrengths"),
        (RecordKind.FamilyTime, "FamilyTime"),
        (RecordKind.Review, "Review"),
        (RecordKind.TrackerMeeting, "TrackerMeeting"),
        (RecordKind.TransferChecklist, "TransferChecklist"),
        (RecordKind.RestorativeConversation, "RestorativeConversation"),
        (RecordKind.ContingencyPlan, "ContingencyPlan"),
        (RecordKind.CourtProceedings, "CourtProceedings"),
        (RecordKind.StepDownPlan, "StepDownPlan"),
        (RecordKind.ReunificationReview, "ReunificationReview"),
        (RecordKind.LeadProfessional, "LeadProfessional"),
        (RecordKind.Handover, "Handover"),
        (RecordKind.Drift, "Drift"),
        (RecordKind.PlanReview, "PlanReview"),
        (RecordKind.IroViews, "IroViews"),
        (RecordKind.EarlyClosure, "EarlyClosure"),
        (RecordKind.ParallelPlan, "ParallelPlan"));

    public static readonly StoredCodes<Section20State> Section20StateCodes = new(
        (Section20State.Unspecified, "Unspecified"),
        (Section20State.Assessing, "Assessing"),
        (Section20State.AwaitingApproval, "AwaitingApproval"),
        (Section20State.NotViable, "NotViable"),
        (Section20State.Completed, "Completed"));

    public static readonly StoredCodes<Section20Trigger> Section20TriggerCodes = new(
        (Section20Trigger.Unspecified, "Unspecified"),
        (Section20Trigger.ParentRequest, "ParentRequest"),
        (Section20Trigger.ParentWithdrewAgreement, "ParentWithdrewAgreement"),
        (Section20Trigger.ChildRequest, "ChildRequest"),
        (Section20Trigger.UnplannedReturn, "UnplannedReturn"));

    public static readonly StoredCodes<Stage> StageCodes = new(
        (Stage.Unspecified, "Unspecified"),
        (Stage.Stage1, "Stage1"),
        (Stage.ByfTransition, "ByfTransition"),
        (Stage.Stage2, "Stage2"),
        (Stage.Stage3, "Stage3"),
        (Stage.Closure, "Closure"),
        (Stage.Closed, "Closed"));

    public static readonly StoredCodes<TaskStatus> TaskStatusCodes = new(
        (TaskStatus.Open, "Open"),
        (TaskStatus.Done, "Done"),
        (TaskStatus.NotNeeded, "NotNeeded"),
        (TaskStatus.Cancelled, "Cancelled"));
}
