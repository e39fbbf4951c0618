using GoingHome.Assessment.Data;
using GoingHome.Assessment.V1;
using GoingHome.ServiceDefaults.Errors;
using GoingHome.ServiceDefaults.Grpc;

namespace GoingHome.Assessment.Grpc;

public static class AssessmentMapping
{
    public static V1.Assessment ToProto(this AssessmentEntity a, DateOnly today) => new()
    {
        Id = a.Id.ToString(),
        Etag = Etags.Format(a.Version),
        ChildId = a.ChildId,
        Kind = a.Kind,
        State = a.State,
        AuthorId = a.AuthorId,
        TeamId = a.TeamId,
        RequestedOn = a.RequestedOn.ToProto(),
        DueOn = a.DueOn.ToProto(),
        CompletedOn = a.CompletedOn.ToProto(),
        RequestedBy = a.RequestedBy ?? "",
        WithdrawReason = a.WithdrawReason ?? "",
        Overdue = a.State is AssessmentState.Requested or AssessmentState.InProgress && a.DueOn < today,
        Analysis = new AssessmentAnalysis
        {
            Chronology = a.Chronology ?? "",
            ChildJourney = a.ChildJourney ?? "",
            ReasonsForCare = a.ReasonsForCare ?? "",
            EvidenceOfChange = a.EvidenceOfChange ?? "",
            CapacityToSustainChange = a.CapacityToSustainChange ?? "",
            FathersAndPartners = a.FathersAndPartners ?? "",
            PartnerAgencies = a.PartnerAgencies ?? "",
            FamilyStresses = a.FamilyStresses ?? "",
        },
    };

    public static RiskClassification ToProto(this RiskClassificationEntity r) => new()
    {
        Id = r.Id.ToString(),
        Etag = Etags.Format(r.Version),
        ChildId = r.ChildId,
        Inputs = new RiskInputs { RiskFactors = r.RiskFactors, ProtectiveFactors = r.ProtectiveFactors, CapacityToChange = r.CapacityToChange, Wishes = r.Wishes },
        ComputedBand = r.ComputedBand,
        Band = r.Band,
        OverrideBand = r.OverrideBand,
        OverrideRationale = r.OverrideRationale ?? "",
        OverrideBy = r.OverrideBy ?? "",
        ClassifiedBy = r.ClassifiedBy,
        CreateTime = r.CreatedAt.ToProto(),
        Explanation = r.Explanation,
    };

    public static Checklist ToProto(this ChecklistEntity c) => new()
    {
        Id = c.Id.ToString(),
        Etag = Etags.Format(c.Version),
        ChildId = c.ChildId,
        Subject = c.Subject,
        State = c.State,
        Concerns = { c.Concerns.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(Enum.Parse<Concern>) },
        LeavingCareStatus = c.LeavingCareStatus,
        DaysInCare = c.DaysInCare,
        TeamId = c.TeamId,
        CompletedBy = c.CompletedBy ?? "",
        CompletedByRole = c.CompletedByRole ?? "",
        ExceptionReason = c.ExceptionReason ?? "",
        CompleteTime = c.CompletedAt.ToProto(),
        Items =
        {
            c.Items.OrderBy(i => i.Position).Select(i => new ChecklistItem
            {
                Key = i.Key,
                RuleId = i.RuleId,
                Title = i.Title,
                State = i.State,
                NotApplicableReason = i.NotApplicableReason ?? "",
                UpdatedBy = i.UpdatedBy ?? "",
                Evidence = i.EvidenceNote is null && i.EvidenceDocumentId is null && i.EvidenceDate is null
                    ? null
                    : new Evidence { Note = i.EvidenceNote ?? "", DocumentId = i.EvidenceDocumentId ?? "", Date = i.EvidenceDate.ToProto() },
            }),
        },
    };

    public static DbsCheck ToProto(this DbsCheckEntity d) => new()
    {
        Id = d.Id.ToString(),
        ChildId = d.ChildId,
        NetworkMemberId = d.NetworkMemberId,
        PersonName = d.PersonName,
        State = d.State,
        RequestedOn = d.RequestedOn.ToProto(),
        ResultOn = d.ResultOn.ToProto(),
        Notes = d.Notes ?? "",
    };
}
