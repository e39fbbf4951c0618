using GoingHome.Assessment.V1;
using GoingHome.Persistence;

namespace GoingHome.Assessment.Data;

/// <summary>
/// What is stored for each enum value, written out: the codes are the names the values had when first stored, and stay
/// when a value is renamed. A new value gets its code here (the service will not start without one).
/// </summary>
public static class StoredEnums
{
    public static readonly StoredCodes<AssessmentKind> AssessmentKindCodes = new(
        (AssessmentKind.Unspecified, "Unspecified"),
        (AssessmentKind.ChildAndFamily, "ChildAndFamily"),
        (AssessmentKind.S20ReturnHome, "S20ReturnHome"),
        (AssessmentKind.Regulation18, "Regulation18"),
        (AssessmentKind.CapacityToCare, "CapacityToCare"),
        (AssessmentKind.Sibling, "Sibling"));

    public static readonly StoredCodes<AssessmentState> AssessmentStateCodes = new(
        (AssessmentState.Unspecified, "Unspecified"),
        (AssessmentState.Requested, "Requested"),
        (AssessmentState.InProgress, "InProgress"),
        (AssessmentState.Completed, "Completed"),
        (AssessmentState.Withdrawn, "Withdrawn"));

    public static readonly StoredCodes<CapacityToChange> CapacityToChangeCodes = new(
        (CapacityToChange.Unspecified, "Unspecified"),
        (CapacityToChange.NoEvidence, "NoEvidence"),
        (CapacityToChange.LimitedEvidence, "LimitedEvidence"),
        (CapacityToChange.Sustained, "Sustained"));

    public static readonly StoredCodes<ChecklistState> ChecklistStateCodes = new(
        (ChecklistState.Unspecified, "Unspecified"),
        (ChecklistState.InProgress, "InProgress"),
        (ChecklistState.Completed, "Completed"));

    public static readonly StoredCodes<DbsState> DbsStateCodes = new(
        (DbsState.Unspecified, "Unspecified"),
        (DbsState.Requested, "Requested"),
        (DbsState.Clear, "Clear"),
        (DbsState.ConcernsNoted, "ConcernsNoted"));

    public static readonly StoredCodes<ItemState> ItemStateCodes = new(
        (ItemState.Unspecified, "Unspecified"),
        (ItemState.NotStarted, "NotStarted"),
        (ItemState.Met, "Met"),
        (ItemState.NotApplicable, "NotApplicable"));

    public static readonly StoredCodes<LeavingCareStatus> LeavingCareStatusCodes = new(
        (LeavingCareStatus.Unspecified, "Unspecified"),
        (LeavingCareStatus.None, "None"),
        (LeavingCareStatus.Eligible, "Eligible"),
        (LeavingCareStatus.Relevant, "Relevant"),
        (LeavingCareStatus.FormerRelevant, "FormerRelevant"));

    public static readonly StoredCodes<ProtectiveFactors> ProtectiveFactorsCodes = new(
        (ProtectiveFactors.Unspecified, "Unspecified"),
        (ProtectiveFactors.None, "None"),
        (ProtectiveFactors.AtLeastOne, "AtLeastOne"));

    public static readonly StoredCodes<RiskBand> RiskBandCodes = new(
        (RiskBand.Unspecified, "Unspecified"),
        (RiskBand.Low, "Low"),
        (RiskBand.Medium, "Medium"),
        (RiskBand.High, "High"),
        (RiskBand.Severe, "Severe"));

    public static readonly StoredCodes<RiskFactors> RiskFactorsCodes = new(
        (RiskFactors.Unspecified, "Unspecified"),
        (RiskFactors.NoneOrAddressed, "NoneOrAddressed"),
        (RiskFactors.NotAllAddressed, "NotAllAddressed"),
        (RiskFactors.NotBeingAddressed, "NotBeingAddressed"));

    public static readonly StoredCodes<Wishes> WishesCodes = new(
        (Wishes.Unspecified, "Unspecified"),
        (Wishes.BothWantReturn, "BothWantReturn"),
        (Wishes.AmbivalentOrOpposed, "AmbivalentOrOpposed"));
}
