using GoingHome.Approvals.V1;
using GoingHome.Persistence;
using GoingHome.Time;

namespace GoingHome.Approvals.Data;

/// <summary>
/// What is stored for each enum value, written out: the codes are the names the values had when first stored, and stay
/// when a value is renamed. A new value gets its code here (the service will not start without one).
/// </summary>
public static class StoredEnums
{
    public static readonly StoredCodes<ApprovalState> ApprovalStateCodes = new(
        (ApprovalState.Unspecified, "Unspecified"),
        (ApprovalState.Pending, "Pending"),
        (ApprovalState.Granted, "Granted"),
        (ApprovalState.Rejected, "Rejected"),
        (ApprovalState.Withdrawn, "Withdrawn"));

    public static readonly StoredCodes<Decision> DecisionCodes = new(
        (Decision.Unspecified, "Unspecified"),
        (Decision.Approve, "Approve"),
        (Decision.Reject, "Reject"));

    public static readonly StoredCodes<StepState> StepStateCodes = new(
        (StepState.Unspecified, "Unspecified"),
        (StepState.Waiting, "Waiting"),
        (StepState.Current, "Current"),
        (StepState.Approved, "Approved"),
        (StepState.Rejected, "Rejected"),
        (StepState.Cancelled, "Cancelled"));

    public static readonly StoredCodes<TimescaleUnit> TimescaleUnitCodes = new(
        (TimescaleUnit.Hours, "Hours"),
        (TimescaleUnit.CalendarDays, "CalendarDays"),
        (TimescaleUnit.WorkingDays, "WorkingDays"),
        (TimescaleUnit.Weeks, "Weeks"),
        (TimescaleUnit.Months, "Months"));
}
