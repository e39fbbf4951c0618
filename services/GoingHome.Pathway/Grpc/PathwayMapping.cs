using GoingHome.Pathway.Data;
using GoingHome.Pathway.V1;
using GoingHome.ServiceDefaults.Errors;
using GoingHome.ServiceDefaults.Grpc;
using TaskStatus = GoingHome.Pathway.Data.TaskStatus;

namespace GoingHome.Pathway.Grpc;

public static class PathwayMapping
{
    public static V1.Pathway ToProto(PathwayEntity p) => new()
    {
        Id = p.Id.ToString(),
        ChildId = p.ChildId,
        Stage = p.Stage,
        EnteredCareDate = p.EnteredCareOn.ToProto(),
        PlannedReturnDate = p.PlannedReturnDate.ToProto(),
        ReturnDate = p.ReturnDate.ToProto(),
        TeamId = p.TeamId,
        StageEnterTime = p.StageEnteredAt.ToProto(),
        Etag = Etags.Format(p.Version),
        ReviewsHeld = p.ReviewsHeld,
        NextReviewDue = p.NextReviewDue.ToProto(),
    };

    public static PathwayTask ToProto(PathwayTaskEntity t, DateTimeOffset now) => new()
    {
        Id = t.Id.ToString(),
        ChildId = t.ChildId,
        TemplateKey = t.TemplateKey,
        RuleId = t.RuleId,
        Title = t.Title,
        OwnerRole = t.OwnerRole,
        OwnerId = t.OwnerId,
        TeamId = t.TeamId,
        DueTime = t.DueAt.ToProto(),
        State = t.Status switch
        {
            TaskStatus.Open => TaskState.Open,
            TaskStatus.Done => TaskState.Done,
            _ => TaskState.NotNeeded,
        },
        Overdue = t.Status == TaskStatus.Open && t.DueAt < now,
        Outcome = t.Outcome,
        NotNeededReason = t.NotNeededReason,
        ClosedBy = t.ClosedBy,
        CloseTime = t.ClosedAt.ToProto(),
        Stage = t.Stage,
    };

    public static PathwayRecord ToProto(PathwayRecordEntity r) => new()
    {
        Id = r.Id.ToString(),
        ChildId = r.ChildId,
        Kind = r.Kind,
        OccurredOn = r.OccurredOn.ToProto(),
        Subject = r.Subject,
        Status = r.Status,
        Outcome = r.Outcome,
        Notes = r.Notes,
        RecordedBy = r.RecordedBy,
        Stage = r.Stage,
        Attendees = { r.Attendees },
    };

    public static Section20Return ToProto(Section20ReturnEntity s) => new()
    {
        Id = s.Id.ToString(),
        ChildId = s.ChildId,
        Trigger = s.Trigger,
        RaisedBy = s.RaisedBy,
        TriggerDate = s.TriggerDate.ToProto(),
        ReturnDate = s.ReturnDate.ToProto(),
        ChildViews = s.ChildViews,
        ParentsConsulted = s.ParentsConsulted,
        YoungPersonRights = s.YoungPersonRights,
        State = s.State,
        AssessmentForm = s.AssessmentForm,
        AssessmentReason = s.AssessmentReason,
        ApprovalRequestId = s.ApprovalRequestId,
        DecisionReason = s.DecisionReason,
    };
}
