using GoingHome.Approvals.V1;
using GoingHome.Case.V1;
using GoingHome.ServiceClients;
using GoingHome.ServiceDefaults.Clients;
using GoingHome.ServiceDefaults.Grpc;

namespace GoingHome.Case.Domain;

/// <summary>Which approvals must be granted before Case ends a care episode, and whether a grant belongs to the episode.</summary>
public static class ReturnHomeApprovals
{
    /// <summary>The policy actions a change needs granted; none unless the episode ends with the child going home.</summary>
    public static IReadOnlyList<string> ActionsFor(LegalStatus status, EpisodeEndReason reason) => (status, reason) switch
    {
        (_, not EpisodeEndReason.ReturnedHome) => [],
        // Rules S20-6 / AP-1: after a section 20 return, the HoS's written agreement then the Director's authorisation.
        (LegalStatus.Section20, _) => [ApprovalActions.EndEpisodeAfterSection20Return],
        // Rules AP-2, AP-3, AP-5 and AP-4 (GH-14): the return-home chain the policy derives, and the DD within 60 days.
        _ => [ApprovalActions.ReturnHome, ApprovalActions.ReturnHomeWithinSixtyDays],
    };

    /// <summary>
    /// A grant is for the episode it was asked about: the facts Approvals evaluated the policy on name this episode's
    /// start and legal status, so an approval from an earlier episode of the same child never ends a later one.
    /// </summary>
    public static bool CoversEpisode(Facts? facts, LegalStatus status, DateOnly episodeStart) =>
        facts is not null && facts.LegalStatus == status && facts.EpisodeStartDate.ToDateOnly() == episodeStart;
}
