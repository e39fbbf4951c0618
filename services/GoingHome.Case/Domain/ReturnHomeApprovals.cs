using GoingHome.Approvals.V1;
using GoingHome.Case.V1;
using GoingHome.ServiceClients;
using GoingHome.ServiceDefaults.Grpc;

namespace GoingHome.Case.Domain;

/// <summary>Which approvals must be granted before Case ends a care episode, and whether a grant belongs to the episode.</summary>
public static class ReturnHomeApprovals
{
    /// <summary>The policy actions a change needs granted; none unless the period ends with the child going home (CLA-4).</summary>
    public static IReadOnlyList<string> ActionsFor(LegalStatus status, bool returnHome) => (status, returnHome) switch
    {
        (_, false) => [],
        // Rules S20-6 / AP-1: after a section 20 return, the HoS's written agreement then the Director's authorisation.
        (LegalStatus.Section20, _) => [ApprovalActions.EndEpisodeAfterSection20Return],
        // Rules AP-2, AP-3, AP-5 and AP-4 (GH-14): the return-home chain the policy derives, and the DD within 60 days.
        _ => [ApprovalActions.ReturnHome, ApprovalActions.ReturnHomeWithinSixtyDays],
    };

    /// <summary>
    /// Rule CLA-5: the rules a return home needs by the seeds' default policy, named when a return recorded at the source
    /// had none of GoingHome's approvals: AP-1 (S20-6) after section 20, with AP-3 at 16-17; else AP-5 and AP-4, with
    /// AP-2 for a child under 16 looked after more than 20 days.
    /// </summary>
    public static IReadOnlyList<string> DefaultRules(LegalStatus status, int age, int daysLookedAfter)
    {
        if (status == LegalStatus.Section20)
        {
            return age is 16 or 17 ? ["S20-6", "AP-1", "AP-3"] : ["S20-6", "AP-1"];
        }

        return age < 16 && daysLookedAfter > 20 ? ["AP-2", "AP-5", "AP-4"] : ["AP-5", "AP-4"];
    }

    /// <summary>
    /// A grant is for the period of care it was asked about: the facts Approvals evaluated the policy on name this
    /// period's start (CLA-2) and the legal status now, so an approval from an earlier period of the same child never
    /// ends a later one, nor one given under another legal status.
    /// </summary>
    public static bool CoversPeriod(Facts? facts, LegalStatus status, DateOnly periodStart) =>
        facts is not null && facts.LegalStatus == status && facts.EpisodeStartDate.ToDateOnly() == periodStart;
}
