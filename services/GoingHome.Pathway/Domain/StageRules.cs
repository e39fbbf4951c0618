using GoingHome.Pathway.V1;
using GoingHome.ServiceDefaults.Errors;

namespace GoingHome.Pathway.Domain;

/// <summary>What the pathway holds when a move is asked for.</summary>
/// <param name="Section20Returned">A section 20 return completed on this pathway (S20-9 follows).</param>
/// <param name="ReturnDate">The day the child went home, if they have.</param>
public sealed record TransitionFacts(
    Stage From, Stage To, PlanDecision Decision, CareOrderOutcome CareOrder, bool HasPlannedReturnDate,
    IReadOnlySet<RecordKind> RecordedEver, IReadOnlySet<RecordKind> RecordedInStage, bool Section20Returned, DateOnly? ReturnDate, DateOnly Today);

/// <summary>
/// The conditions of each move (GH-6, GH-7, GH-14, GH-15, GH-16), every unmet one listed. Pure; the approvals GH-14
/// also needs are asked of Approvals by the caller, which fails closed (AP-8).
/// </summary>
public static class StageRules
{
    public static List<RuleViolation> Check(TransitionFacts f, string subject)
    {
        var unmet = new List<RuleViolation>();
        void Need(bool condition, string rule, string description)
        {
            if (!condition)
            {
                unmet.Add(new RuleViolation(rule, subject, description));
            }
        }

        switch (f.From, f.To)
        {
            case (Stage.Stage1, Stage.Stage2):
                // Rule GH-6: "go home within 6-12 months" moves the child to Stage 2.
                Need(f.Decision == PlanDecision.HomeWithin6To12Months, "GH-6", "Stage 2 follows a plan decision that the child goes home within 6-12 months.");
                break;
            case (Stage.Stage1, Stage.ByfTransition):
                // Rule GH-6: "after 6-12 months" needs the Transfer Checklist before the case goes to BYF.
                Need(f.Decision == PlanDecision.HomeAfter6To12Months, "GH-6", "BYF transition follows a plan decision that the child goes home after 6-12 months.");
                Need(f.RecordedEver.Contains(RecordKind.TransferChecklist), "GH-6", "The Transfer Checklist is not completed.");
                break;
            case (Stage.ByfTransition, Stage.Stage2):
                // Rule GH-7: within a year, after the tracker meeting and the Initial Restorative Conversation.
                Need(f.Decision == PlanDecision.HomeWithin6To12Months, "GH-7", "Stage 2 from BYF needs a Going Home plan within 1 year.");
                Need(f.RecordedInStage.Contains(RecordKind.TrackerMeeting), "GH-7", "No Going Home tracker meeting has been held in BYF transition.");
                Need(f.RecordedEver.Contains(RecordKind.RestorativeConversation), "GH-7", "The Going Home Initial Restorative Conversation is not recorded.");
                break;
            case (Stage.Stage2, Stage.Stage3):
                // Rule GH-14 (the approvals are checked with Approvals).
                Need(f.HasPlannedReturnDate, "GH-13", "No planned return date is set.");
                Need(f.RecordedEver.Contains(RecordKind.ContingencyPlan), "GH-14", "No contingency plan has been agreed.");
                break;
            case (Stage.Stage3, Stage.Closure):
                // Rule GH-15: branch B only; with the care order remaining (branch A) the child stays in Stage 3.
                Need(f.CareOrder == CareOrderOutcome.Discharged, "GH-15",
                    f.CareOrder == CareOrderOutcome.Remains
                        ? "The care order remains: the child stays in Stage 3 with BYF reviewing the plans (branch A)."
                        : "Closure follows the discharge of the care order (or no legal status).");
                Need(f.RecordedInStage.Contains(RecordKind.Review), "GH-15", "The final CWCF review has not been held in Stage 3.");
                break;
            case (Stage.Closure, Stage.Closed):
                // Rule GH-16: the pathway closes only with a lead professional named and handover recorded.
                Need(f.RecordedEver.Contains(RecordKind.LeadProfessional), "GH-16", "No lead professional has been named.");
                Need(f.RecordedEver.Contains(RecordKind.Handover), "GH-16", "No handover meeting has been recorded.");
                // Rule S20-9: after a section 20 return, the reunification review meeting decides what support continues.
                Need(!f.Section20Returned || f.RecordedEver.Contains(RecordKind.ReunificationReview), "S20-9", "The reunification review meeting's decision is not recorded.");
                // Rule RH-5: phased withdrawal; the case is not closed on the day the child goes home unless a manager records why.
                Need(f.ReturnDate is not { } home || f.Today > home || f.RecordedEver.Contains(RecordKind.EarlyClosure), "RH-5",
                    "The case is not closed on the day of the return (phased withdrawal); a manager may record why it must be.");
                break;
            default:
                unmet.Add(new RuleViolation(RuleFor(f.To), subject, $"A pathway cannot move from {f.From} to {f.To}."));
                break;
        }

        return unmet;
    }

    /// <summary>
    /// Rule CLA-7: Stage 3 (living at home) needs Case's history to show the child living with their parents (placed
    /// with parents, P1, or the period ended to them); Closure after the order's discharge needs the period of care
    /// ended in Case.
    /// </summary>
    public static List<RuleViolation> CheckCareHistory(Stage to, bool livingAtHome, bool lookedAfter, string subject)
    {
        var unmet = new List<RuleViolation>();
        if (to == Stage.Stage3 && !livingAtHome)
        {
            unmet.Add(new RuleViolation("CLA-7", subject, "Case does not record the child living at home: record the placement with parents (P1), or the end of the period of care to parents, first."));
        }

        if (to == Stage.Closure && lookedAfter)
        {
            unmet.Add(new RuleViolation("CLA-7", subject, "Case still records the child as looked after: the order's discharge ends the period of care in Case first."));
        }

        return unmet;
    }

    /// <summary>
    /// Rules RH-8 and S20-6 / S20-8 on the move home (Stage 3), whatever route led there: GP, Housing and Adult Mental
    /// Health told of the planned return with the plan first (it is shared when the return-home approvals are asked for
    /// through the pathway), and the GP and Housing contacts recorded or a manager's reason why not; a child accommodated
    /// under section 20 goes home with the IRO's views and a step-down plan (the HoS's agreement and the Director's
    /// authorisation come with the end of the period in Case, AP-1).
    /// </summary>
    public static List<RuleViolation> CheckReturnDuties(bool section20, IReadOnlySet<RecordKind> recordedEver, bool planShared, int contactsMissing, string subject)
    {
        var unmet = new List<RuleViolation>();
        if (!planShared)
        {
            unmet.Add(new RuleViolation("RH-8", subject, "GP, Housing and Adult Mental Health have not been told of the planned return with the plan: ask for the return-home approvals with the plan document (RequestReturnHomeApprovals)."));
        }

        if (contactsMissing > 0)
        {
            unmet.Add(new RuleViolation("RH-8", subject, $"{contactsMissing} partner contact(s) (GP, Housing) still to be recorded so they are told, or a manager's reason why not."));
        }

        if (section20 && !recordedEver.Contains(RecordKind.IroViews))
        {
            unmet.Add(new RuleViolation("S20-6", subject, "A section 20 return needs the IRO's views recorded by the IRO."));
        }

        if (section20 && !recordedEver.Contains(RecordKind.StepDownPlan))
        {
            unmet.Add(new RuleViolation("S20-8", subject, "A section 20 return needs its step-down and support plan."));
        }

        return unmet;
    }

    private static string RuleFor(Stage to) => to switch
    {
        Stage.Stage2 or Stage.ByfTransition => "GH-6",
        Stage.Stage3 => "GH-14",
        Stage.Closure => "GH-15",
        _ => "GH-16",
    };

    /// <summary>The bundle a stage generates on entry.</summary>
    public static string? BundleOf(Stage stage) => stage switch
    {
        Stage.Stage1 => Bundles.Stage1,
        Stage.ByfTransition => Bundles.ByfTransition,
        Stage.Stage2 => Bundles.Stage2,
        Stage.Stage3 => Bundles.Stage3,
        Stage.Closure => Bundles.Closure,
        _ => null,
    };
}
