using GoingHome.Case.V1;

namespace GoingHome.Case.Domain;

/// <summary>
/// The code lists of the DfE's SSDA903 (children looked after) return, each code with its meaning, and the v1
/// categories derived from them. The codes are what is stored; a category is never stored on its own authority.
/// </summary>
public static class Ssda903Codes
{
    public sealed record Code<TCategory>(string Value, string Meaning, TCategory Category);

    /// <summary>RNE: reason for new episode.</summary>
    public static readonly IReadOnlyDictionary<string, string> ReasonsForNewEpisode = new Dictionary<string, string>
    {
        ["S"] = "Started to be looked after",
        ["L"] = "Change of legal status only",
        ["P"] = "Change of placement and carer(s) only",
        ["T"] = "Change of placement but carer(s) stay the same",
        ["B"] = "Change of legal status and placement and carer(s) at the same time",
        ["U"] = "Change of legal status and change of placement but carer(s) stay the same",
    };

    /// <summary>LS: legal status.</summary>
    public static readonly IReadOnlyDictionary<string, Code<LegalStatus>> LegalStatuses = Index(
        new Code<LegalStatus>("C1", "Interim care order", LegalStatus.InterimCareOrder),
        new Code<LegalStatus>("C2", "Full care order", LegalStatus.CareOrder),
        new Code<LegalStatus>("D1", "Freeing order granted", LegalStatus.PlacementOrder),
        new Code<LegalStatus>("E1", "Placement order granted", LegalStatus.PlacementOrder),
        new Code<LegalStatus>("J1", "Remanded to local authority accommodation or to youth detention accommodation", LegalStatus.YouthJustice),
        new Code<LegalStatus>("J2", "Placed in local authority accommodation under the Police and Criminal Evidence Act 1984", LegalStatus.YouthJustice),
        new Code<LegalStatus>("J3", "Sentenced to a youth rehabilitation order with residence or intensive fostering requirement", LegalStatus.YouthJustice),
        new Code<LegalStatus>("L1", "Under police protection and in local authority accommodation", LegalStatus.PoliceProtection),
        new Code<LegalStatus>("L2", "Emergency protection order", LegalStatus.EmergencyProtectionOrder),
        new Code<LegalStatus>("L3", "Under child assessment order and in local authority accommodation", LegalStatus.ChildAssessmentOrder),
        new Code<LegalStatus>("V2", "Single period of accommodation under section 20 (Children Act 1989)", LegalStatus.Section20),
        new Code<LegalStatus>("V3", "Accommodated under an agreed series of short-term breaks, when individual episodes of care are recorded", LegalStatus.ShortBreaks),
        new Code<LegalStatus>("V4", "Accommodated under an agreed series of short-term breaks, when agreements are recorded", LegalStatus.ShortBreaks));

    /// <summary>CIN: category of need.</summary>
    public static readonly IReadOnlyDictionary<string, string> CategoriesOfNeed = new Dictionary<string, string>
    {
        ["N1"] = "Abuse or neglect",
        ["N2"] = "Child's disability",
        ["N3"] = "Parental illness or disability",
        ["N4"] = "Family in acute stress",
        ["N5"] = "Family dysfunction",
        ["N6"] = "Socially unacceptable behaviour",
        ["N7"] = "Low income",
        ["N8"] = "Absent parenting",
    };

    /// <summary>PL: placement type.</summary>
    public static readonly IReadOnlyDictionary<string, Code<CarerType>> PlacementTypes = Index(
        new Code<CarerType>("A3", "Placed for adoption with consent with current foster carer(s)", CarerType.Adoption),
        new Code<CarerType>("A4", "Placed for adoption with consent not with current foster carer(s)", CarerType.Adoption),
        new Code<CarerType>("A5", "Placed for adoption with placement order with current foster carer(s)", CarerType.Adoption),
        new Code<CarerType>("A6", "Placed for adoption with placement order not with current foster carer(s)", CarerType.Adoption),
        new Code<CarerType>("H5", "Semi-independent living accommodation not subject to children's homes regulations", CarerType.IndependentLiving),
        new Code<CarerType>("K1", "Secure children's home", CarerType.Secure),
        new Code<CarerType>("K2", "Children's home subject to children's homes regulations", CarerType.Residential),
        new Code<CarerType>("P1", "Placed with own parent(s) or other person(s) with parental responsibility", CarerType.Parents),
        new Code<CarerType>("P2", "Independent living, for example in a flat, lodgings, bedsit or with friends", CarerType.IndependentLiving),
        new Code<CarerType>("P3", "Residential employment", CarerType.IndependentLiving),
        new Code<CarerType>("R1", "Residential care home", CarerType.Residential),
        new Code<CarerType>("R2", "NHS/health trust or other establishment providing medical or nursing care", CarerType.Other),
        new Code<CarerType>("R3", "Family centre or mother and baby unit", CarerType.Other),
        new Code<CarerType>("R5", "Young offender institution", CarerType.Secure),
        new Code<CarerType>("S1", "Residential school, except where dual-registered as a children's home", CarerType.Other),
        new Code<CarerType>("T0", "All types of temporary move", CarerType.Temporary),
        new Code<CarerType>("T1", "Temporary periods in hospital", CarerType.Temporary),
        new Code<CarerType>("T2", "Temporary absence of the child on holiday", CarerType.Temporary),
        new Code<CarerType>("T3", "Temporary accommodation whilst the normal foster carer(s) are on holiday", CarerType.Temporary),
        new Code<CarerType>("T4", "Temporary accommodation of seven days or less not covered by T1 to T3", CarerType.Temporary),
        new Code<CarerType>("U1", "Foster placement with relative(s) or friend(s): long term fostering", CarerType.Kinship),
        new Code<CarerType>("U2", "Foster placement with relative(s) or friend(s) who are approved adopters: fostering for adoption", CarerType.Kinship),
        new Code<CarerType>("U3", "Foster placement with relative(s) or friend(s): not long term or fostering for adoption", CarerType.Kinship),
        new Code<CarerType>("U4", "Foster placement with other foster carer(s): long term fostering", CarerType.Foster),
        new Code<CarerType>("U5", "Foster placement with other foster carer(s) who are approved adopters: fostering for adoption", CarerType.Foster),
        new Code<CarerType>("U6", "Foster placement with other foster carer(s): not long term or fostering for adoption", CarerType.Foster),
        new Code<CarerType>("Z1", "Other placements", CarerType.Other));

    /// <summary>REC: reason episode ceased.</summary>
    public static readonly IReadOnlyDictionary<string, Code<EpisodeEndReason>> ReasonsEpisodeCeased = Index(
        new Code<EpisodeEndReason>("X1", "Episode ceases, and new episode begins on same day, for any reason", EpisodeEndReason.LegalStatusChanged),
        new Code<EpisodeEndReason>("E11", "Adopted: application for an adoption order unopposed", EpisodeEndReason.Adopted),
        new Code<EpisodeEndReason>("E12", "Adopted: consent dispensed with by the court", EpisodeEndReason.Adopted),
        new Code<EpisodeEndReason>("E13", "Left care to live with parent(s), relative(s) or other person(s) with no parental responsibility", EpisodeEndReason.ReturnedHome),
        new Code<EpisodeEndReason>("E14", "Accommodation on remand ended", EpisodeEndReason.Other),
        new Code<EpisodeEndReason>("E15", "Age assessment determined the child is aged 18 or over", EpisodeEndReason.Age18),
        new Code<EpisodeEndReason>("E16", "Child moved abroad", EpisodeEndReason.Other),
        new Code<EpisodeEndReason>("E17", "Aged 18 (or over) and remained with current carers (including staying put)", EpisodeEndReason.Age18),
        new Code<EpisodeEndReason>("E2", "Died", EpisodeEndReason.Other),
        new Code<EpisodeEndReason>("E3", "Care taken over by another local authority in the UK", EpisodeEndReason.Other),
        new Code<EpisodeEndReason>("E41", "Residence order or child arrangements order granted", EpisodeEndReason.ChildArrangementsOrder),
        new Code<EpisodeEndReason>("E45", "Special guardianship order made to former foster carer(s) who are relative(s) or friend(s)", EpisodeEndReason.SpecialGuardianship),
        new Code<EpisodeEndReason>("E46", "Special guardianship order made to former foster carer(s) other than relative(s) or friend(s)", EpisodeEndReason.SpecialGuardianship),
        new Code<EpisodeEndReason>("E47", "Special guardianship order made to carer(s), not former foster carer(s), who are relative(s) or friend(s)", EpisodeEndReason.SpecialGuardianship),
        new Code<EpisodeEndReason>("E48", "Special guardianship order made to carer(s), not former foster carer(s), other than relative(s) or friend(s)", EpisodeEndReason.SpecialGuardianship),
        new Code<EpisodeEndReason>("E4A", "Returned home to parent(s) or others with parental responsibility as part of the care planning process", EpisodeEndReason.ReturnedHome),
        new Code<EpisodeEndReason>("E4B", "Returned home to parent(s) or others with parental responsibility, not part of the care planning process", EpisodeEndReason.ReturnedHome),
        new Code<EpisodeEndReason>("E5", "Moved into independent living with formalised advice and support", EpisodeEndReason.Other),
        new Code<EpisodeEndReason>("E6", "Moved into independent living without formalised advice and support", EpisodeEndReason.Other),
        new Code<EpisodeEndReason>("E7", "Transferred to residential care funded by adult social care services", EpisodeEndReason.Other),
        new Code<EpisodeEndReason>("E8", "Period of being looked after ceased for any other reason", EpisodeEndReason.Other),
        new Code<EpisodeEndReason>("E9", "Sentenced to custody", EpisodeEndReason.Other));

    /// <summary>REASON_PLACE_CHANGE.</summary>
    public static readonly IReadOnlyDictionary<string, string> ReasonsForPlacementChange = new Dictionary<string, string>
    {
        ["CARPL"] = "Change to or implementation of the care plan",
        ["CLOSE"] = "Resignation or closure of the provider",
        ["ALLEG"] = "Allegation (s47)",
        ["STAND"] = "Standards of care concern",
        ["APPRR"] = "Change in the status of the placement only",
        ["CREQB"] = "Carer request: breakdown of relationship",
        ["CREQO"] = "Carer request: other reasons",
        ["CHILD"] = "Child requests placement end",
        ["LAREQ"] = "Responsible or area authority requests placement end",
        ["PLACE"] = "Change of placement provider",
        ["CUSTOD"] = "Custody arrangement",
        ["OTHER"] = "Other",
    };

    /// <summary>PLACE_PROVIDER.</summary>
    public static readonly IReadOnlyDictionary<string, string> PlacementProviders = new Dictionary<string, string>
    {
        ["PR0"] = "Parent(s) or other person(s) with parental responsibility",
        ["PR1"] = "Own provision by the local authority",
        ["PR2"] = "Other local authority provision",
        ["PR3"] = "Other public provision (for example a primary care trust)",
        ["PR4"] = "Private provision",
        ["PR5"] = "Voluntary or third sector provision",
    };

    /// <summary>ETHNIC.</summary>
    public static readonly IReadOnlySet<string> Ethnicities = new HashSet<string>(StringComparer.Ordinal)
    {
        "WBRI", "WIRI", "WOTH", "WIRT", "WROM", "MWBC", "MWBA", "MWAS", "MOTH", "AIND", "APKN", "ABAN", "AOTH", "BCRB",
        "BAFR", "BOTH", "CHNE", "OOTH", "REFU", "NOBT",
    };

    /// <summary>The ethnicity written when the record holds no 903 code: "information not yet obtained".</summary>
    public const string EthnicityNotObtained = "NOBT";

    public const string NewPeriod = "S";
    public const string LegalStatusChange = "X1";
    public const string PlacedWithParents = "P1";

    /// <summary>The code a v1 caller's category stands for when it names no code (documented in docs/ssda903.md).</summary>
    public static string DefaultCode(LegalStatus status) => status switch
    {
        LegalStatus.Section20 => "V2",
        LegalStatus.InterimCareOrder => "C1",
        LegalStatus.CareOrder => "C2",
        LegalStatus.PlacementOrder => "E1",
        LegalStatus.PoliceProtection => "L1",
        LegalStatus.EmergencyProtectionOrder => "L2",
        LegalStatus.YouthJustice => "J1",
        LegalStatus.ShortBreaks => "V3",
        LegalStatus.ChildAssessmentOrder => "L3",
        _ => "",
    };

    public static string DefaultCode(CarerType type) => type switch
    {
        CarerType.Foster => "U6",
        CarerType.Kinship => "U3",
        CarerType.Residential => "K2",
        CarerType.Parents => "P1",
        CarerType.IndependentLiving => "P2",
        CarerType.Adoption => "A6",
        CarerType.Secure => "K1",
        CarerType.Temporary => "T4",
        CarerType.Other => "Z1",
        _ => "",
    };

    /// <summary>
    /// The REC a v1 end reason stands for. Special guardianship follows the current placement: to former foster carers
    /// who are family or friends (E45), other former foster carers (E46), else carers who are not former foster carers (E48).
    /// </summary>
    public static string DefaultCode(EpisodeEndReason reason, string? currentPlacement) => reason switch
    {
        EpisodeEndReason.ReturnedHome => "E4A",
        EpisodeEndReason.SpecialGuardianship => currentPlacement switch
        {
            "U1" or "U2" or "U3" => "E45",
            "U4" or "U5" or "U6" => "E46",
            _ => "E48",
        },
        EpisodeEndReason.ChildArrangementsOrder => "E41",
        EpisodeEndReason.Adopted => "E11",
        EpisodeEndReason.Age18 => "E17",
        EpisodeEndReason.LegalStatusChanged => LegalStatusChange,
        EpisodeEndReason.Other => "E8",
        _ => "",
    };

    public static LegalStatus CategoryOfLegalStatus(string? code) => code is not null && LegalStatuses.TryGetValue(code, out var c) ? c.Category : LegalStatus.Unspecified;

    public static CarerType CategoryOfPlacement(string? code) => code is not null && PlacementTypes.TryGetValue(code, out var c) ? c.Category : CarerType.Unspecified;

    public static EpisodeEndReason CategoryOfEnding(string? code) => code is not null && ReasonsEpisodeCeased.TryGetValue(code, out var c) ? c.Category : EpisodeEndReason.Unspecified;

    private static Dictionary<string, Code<T>> Index<T>(params Code<T>[] codes) => codes.ToDictionary(c => c.Value, StringComparer.Ordinal);
}
