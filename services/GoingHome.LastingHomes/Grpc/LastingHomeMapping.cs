using GoingHome.LastingHomes.Data;
using GoingHome.LastingHomes.Domain;
using GoingHome.LastingHomes.V1;
using GoingHome.ServiceDefaults.Errors;
using GoingHome.ServiceDefaults.Grpc;
using GoingHome.Time;

namespace GoingHome.LastingHomes.Grpc;

public static class LastingHomeMapping
{
    public static LastingHome ToProto(LastingHomeEntity h) => new()
    {
        Id = h.Id.ToString(),
        ChildId = h.ChildId,
        Stage = h.Stage,
        CarerType = h.CarerType,
        CarerName = h.CarerName,
        ResidentialExceptionEvidence = h.ResidentialExceptionEvidence,
        KinshipTimeLimited = h.KinshipTimeLimited,
        PrivateLawOrderConsidered = h.PrivateLawOrderConsidered,
        IroId = h.IroId,
        IroAgreedOn = h.IroAgreedOn.ToProto(),
        TeamId = h.TeamId,
        Preparation =
        {
            h.Preparation.OrderBy(p => p.DoneOn).Select(p => new PreparationRecord
            {
                Item = p.Item, Subject = p.Subject, Notes = p.Notes, RecordedBy = p.RecordedBy, DoneOn = p.DoneOn.ToProto(),
            }),
        },
        MatchingMeetingOn = h.MatchingMeetingOn.ToProto(),
        ChairId = h.ChairId,
        Strengths = h.Strengths,
        Concerns = h.Concerns,
        Recommendation = h.Recommendation,
        CelebrationWish = h.CelebrationWish,
        ContributionPence = h.ContributionPence,
        ApprovalRequestId = h.ApprovalRequestId,
        RatifiedOn = h.RatifiedOn.ToProto(),
        VisitOn = h.VisitOn.ToProto(),
        VisitPlace = h.VisitPlace,
        VisitAttendees = { h.VisitAttendees },
        CarersCommitment = h.CarersCommitment,
        MeaningForChild = h.MeaningForChild,
        ChildFileDocumentId = h.ChildFileDocumentId,
        CarersRecordBy = h.CarersRecordBy,
        CelebratedOn = h.CelebratedOn.ToProto(),
        ContributionPaid = h.ContributionPaid,
        PhotographsRequested = h.PhotographsRequested,
        Guides = { h.Guides.OrderBy(g => g.SharedOn).Select(g => new GuideShared { Guide = g.Guide, SharedWith = g.SharedWith, SharedOn = g.SharedOn.ToProto() }) },
        StageEnterTime = h.StageEnteredAt.ToProto(),
        CreateTime = h.CreatedAt.ToProto(),
        Etag = Etags.Format(h.Version),
    };

    public static TrackerEntry ToTrackerEntry(LastingHomeEntity h, DateTimeOffset now, WorkingDayCalendar calendar)
    {
        var visitDue = LastingHomeRules.VisitDue(h, calendar);
        return new TrackerEntry
        {
            LastingHomeId = h.Id.ToString(),
            ChildId = h.ChildId,
            TeamId = h.TeamId,
            Stage = h.Stage,
            StartedOn = h.StartedOn.ToProto(),
            MatchingMeetingOn = h.MatchingMeetingOn.ToProto(),
            RatifiedOn = h.RatifiedOn.ToProto(),
            VisitOn = h.VisitOn.ToProto(),
            NextStep = LastingHomeRules.NextStep(h.Stage),
            DaysWaiting = LastingHomeRules.DaysWaiting(h.StageEnteredAt, now),
            VisitDueOn = visitDue.ToProto(),
            VisitOverdue = visitDue < WorkingDayCalendar.LondonDate(now),
        };
    }
}
