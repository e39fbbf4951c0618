using GoingHome.Case.V1;
using GoingHome.Persistence;

namespace GoingHome.Case.Data;

/// <summary>
/// What is stored for each enum value, written out: the codes are the names the values had when first stored, and stay
/// when a value is renamed. A new value gets its code here (the service will not start without one).
/// </summary>
public static class StoredEnums
{
    public static readonly StoredCodes<CarerType> CarerTypeCodes = new(
        (CarerType.Unspecified, "Unspecified"),
        (CarerType.Foster, "Foster"),
        (CarerType.Kinship, "Kinship"),
        (CarerType.Residential, "Residential"),
        (CarerType.Parents, "Parents"),
        (CarerType.IndependentLiving, "IndependentLiving"),
        (CarerType.Adoption, "Adoption"),
        (CarerType.Secure, "Secure"),
        (CarerType.Temporary, "Temporary"),
        (CarerType.Other, "Other"));

    public static readonly StoredCodes<CaseNoteType> CaseNoteTypeCodes = new(
        (CaseNoteType.Unspecified, "Unspecified"),
        (CaseNoteType.General, "General"),
        (CaseNoteType.ManagementOversight, "ManagementOversight"),
        (CaseNoteType.Visit, "Visit"),
        (CaseNoteType.DirectWork, "DirectWork"));

    public static readonly StoredCodes<DocumentKind> DocumentKindCodes = new(
        (DocumentKind.Unspecified, "Unspecified"),
        (DocumentKind.Court, "Court"),
        (DocumentKind.Approval, "Approval"),
        (DocumentKind.Assessment, "Assessment"),
        (DocumentKind.Plan, "Plan"),
        (DocumentKind.Certificate, "Certificate"),
        (DocumentKind.Other, "Other"));

    public static readonly StoredCodes<EpisodeEndReason> EpisodeEndReasonCodes = new(
        (EpisodeEndReason.Unspecified, "Unspecified"),
        (EpisodeEndReason.ReturnedHome, "ReturnedHome"),
        (EpisodeEndReason.SpecialGuardianship, "SpecialGuardianship"),
        (EpisodeEndReason.ChildArrangementsOrder, "ChildArrangementsOrder"),
        (EpisodeEndReason.Adopted, "Adopted"),
        (EpisodeEndReason.Age18, "Age18"),
        (EpisodeEndReason.LegalStatusChanged, "LegalStatusChanged"),
        (EpisodeEndReason.Other, "Other"));

    public static readonly StoredCodes<Gender> GenderCodes = new(
        (Gender.Unspecified, "Unspecified"),
        (Gender.Female, "Female"),
        (Gender.Male, "Male"),
        (Gender.Other, "Other"),
        (Gender.NotKnown, "NotKnown"));

    public static readonly StoredCodes<LegalStatus> LegalStatusCodes = new(
        (LegalStatus.Unspecified, "Unspecified"),
        (LegalStatus.Section20, "Section20"),
        (LegalStatus.InterimCareOrder, "InterimCareOrder"),
        (LegalStatus.CareOrder, "CareOrder"),
        (LegalStatus.PlacementOrder, "PlacementOrder"),
        (LegalStatus.PoliceProtection, "PoliceProtection"),
        (LegalStatus.EmergencyProtectionOrder, "EmergencyProtectionOrder"),
        (LegalStatus.YouthJustice, "YouthJustice"),
        (LegalStatus.ShortBreaks, "ShortBreaks"),
        (LegalStatus.ChildAssessmentOrder, "ChildAssessmentOrder"));

    public static readonly StoredCodes<Relationship> RelationshipCodes = new(
        (Relationship.Unspecified, "Unspecified"),
        (Relationship.Parent, "Parent"),
        (Relationship.Carer, "Carer"),
        (Relationship.FosterCarer, "FosterCarer"),
        (Relationship.WiderFamily, "WiderFamily"),
        (Relationship.Sibling, "Sibling"),
        (Relationship.Gp, "Gp"),
        (Relationship.Housing, "Housing"),
        (Relationship.AdultMentalHealth, "AdultMentalHealth"),
        (Relationship.School, "School"),
        (Relationship.Professional, "Professional"),
        (Relationship.ParentPartner, "ParentPartner"));

    public static readonly StoredCodes<WorkerRole> WorkerRoleCodes = new(
        (WorkerRole.Unspecified, "Unspecified"),
        (WorkerRole.SocialWorker, "SocialWorker"),
        (WorkerRole.TeamManager, "TeamManager"),
        (WorkerRole.IndependentReviewingOfficer, "IndependentReviewingOfficer"),
        (WorkerRole.SupervisingSocialWorker, "SupervisingSocialWorker"));
}
