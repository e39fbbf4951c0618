namespace GoingHome.ServiceClients;

/// <summary>The policy's action names (Approvals' Policies/default.json) that the services gate their changes on.</summary>
public static class ApprovalActions
{
    /// <summary>Rules AP-2, AP-3, AP-5: any return home.</summary>
    public const string ReturnHome = "return-home";

    /// <summary>Rule AP-4: a Going Home plan within 60 days of the return.</summary>
    public const string ReturnHomeWithinSixtyDays = "return-home-within-60-days";

    /// <summary>Rules AP-1, S20-6: ending a care episode after a viable section 20 return.</summary>
    public const string EndEpisodeAfterSection20Return = "end-care-episode-after-s20-return";

    /// <summary>Rules AP-6, LH-5: the HoS ratifies a lasting home recommendation.</summary>
    public const string LastingHomeRecommendation = "lasting-home-recommendation";
}
