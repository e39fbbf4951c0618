using GoingHome.Case.V1;
using GoingHome.LastingHomes.V1;
using GoingHome.Persistence;

namespace GoingHome.LastingHomes.Data;

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

    public static readonly StoredCodes<Guide> GuideCodes = new(
        (Guide.Unspecified, "Unspecified"),
        (Guide.Child, "Child"),
        (Guide.YoungPerson, "YoungPerson"),
        (Guide.Parents, "Parents"),
        (Guide.FosterCarers, "FosterCarers"));

    public static readonly StoredCodes<LastingHomeStage> LastingHomeStageCodes = new(
        (LastingHomeStage.Unspecified, "Unspecified"),
        (LastingHomeStage.Proposed, "Proposed"),
        (LastingHomeStage.Preparation, "Preparation"),
        (LastingHomeStage.AwaitingRatification, "AwaitingRatification"),
        (LastingHomeStage.Ratified, "Ratified"),
        (LastingHomeStage.NotRatified, "NotRatified"),
        (LastingHomeStage.CommitmentVisitHeld, "CommitmentVisitHeld"),
        (LastingHomeStage.Celebrated, "Celebrated"),
        (LastingHomeStage.Deemed, "Deemed"));

    public static readonly StoredCodes<PreparationItem> PreparationItemCodes = new(
        (PreparationItem.Unspecified, "Unspecified"),
        (PreparationItem.CarersCommitmentWork, "CarersCommitmentWork"),
        (PreparationItem.ChildDirectWork, "ChildDirectWork"),
        (PreparationItem.ParentsSupportedWithGuide, "ParentsSupportedWithGuide"),
        (PreparationItem.ParentsInvited, "ParentsInvited"),
        (PreparationItem.ParentsNotInvited, "ParentsNotInvited"),
        (PreparationItem.ProfessionalInvited, "ProfessionalInvited"),
        (PreparationItem.CarersInformation, "CarersInformation"));
}
