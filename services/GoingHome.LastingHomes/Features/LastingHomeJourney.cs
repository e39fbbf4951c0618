using GoingHome.Approvals.V1;
using GoingHome.Case.V1;
using GoingHome.LastingHomes.Data;
using GoingHome.LastingHomes.Domain;
using GoingHome.LastingHomes.Grpc;
using GoingHome.LastingHomes.V1;
using GoingHome.Persistence;
using GoingHome.ServiceClients;
using GoingHome.ServiceDefaults.Auth;
using GoingHome.ServiceDefaults.Errors;
using GoingHome.ServiceDefaults.Grpc;
using GoingHome.Time;
using Grpc.Core;
using Microsoft.EntityFrameworkCore;

namespace GoingHome.LastingHomes.Features;

/// <summary>One child's lasting home, stage by stage: started with the IRO, prepared, matched, ratified, visited, celebrated.</summary>
public sealed class LastingHomeJourney(
    LastingHomesDbContext db,
    UnitOfWork<LastingHomesDbContext> work,
    LastingHomeStages stages,
    Auditor auditor,
    CurrentUser user,
    CaseChildReader children,
    ApprovalsService.ApprovalsServiceClient approvals,
    TimeProvider clock)
{
    public async Task<LastingHome> StartLastingHome(StartLastingHomeRequest request, ServerCallContext context)
    {
        var v = new Violations().RequireRequestId(request.RequestId).RequireText(request.ChildId, "child_id", 64)
            .RequireEnum(request.CarerType, "carer_type").RequireText(request.CarerName, "carer_name", 200)
            .RequireText(request.ResidentialExceptionEvidence, "residential_exception_evidence", 4000, required: false)
            .RequireText(request.PrivateLawOrderConsidered, "private_law_order_considered", 200, required: false)
            .RequireText(request.IroId, "iro_id", 200);
        // Rule LH-1: a lasting home is with foster, kinship or (by exception) residential carers; the other placement
        // categories the SSDA903 codes brought (parents, adoption, secure, temporary...) are not lasting homes here.
        v.Require(request.CarerType is CarerType.Unspecified or CarerType.Foster or CarerType.Kinship or CarerType.Residential, "carer_type",
            "must be foster, kinship or residential carers (LH-1)");
        var agreed = request.IroAgreedOn.ToDateOnly();
        v.Require(agreed is not null && agreed <= Today, "iro_agreed_on", "must be a real date, not in the future");
        v.ThrowIfAny();
        return await work.ExecuteAsync(context.Method, request.RequestId, h => h.ChildId, async ct =>
        {
            var subject = $"children/{request.ChildId}";
            // Rule LH-1 (and LH-2: no rule here, nor anywhere, looks at how long the child has lived in the home).
            var unmet = LastingHomeRules.CheckScope(request.CarerType, request.ResidentialExceptionEvidence, request.KinshipTimeLimited, request.PrivateLawOrderConsidered, subject);
            if (unmet.Count > 0)
            {
                throw new RuleViolationException(unmet);
            }

            var snapshot = await children.ReadAsync(request.ChildId, ct);
            if (!snapshot.Child.Allocations.Any(a => a.Role == WorkerRole.IndependentReviewingOfficer && a.WorkerId == request.IroId))
            {
                throw new RuleViolationException(new RuleViolation("LH-2", subject, $"{request.IroId} is not the IRO allocated to this child."));
            }

            // Rule LH-1 (002): a kinship child is deemed to be in their lasting home; the decision is the record, with no
            // matching meeting or ratification to follow.
            var stage = request.CarerType == CarerType.Kinship ? LastingHomeStage.Deemed : LastingHomeStage.Preparation;
            var home = await db.LastingHomes.Include(h => h.Preparation).Include(h => h.Guides)
                .FirstOrDefaultAsync(h => h.ChildId == request.ChildId && h.Stage == LastingHomeStage.Proposed, ct);
            if (home is null)
            {
                home = stages.New(request.ChildId, snapshot.TeamId, stage);
                db.LastingHomes.Add(home);
            }
            else
            {
                stages.Move(home, stage);
            }

            home.CarerType = request.CarerType;
            home.CarerName = request.CarerName;
            home.ResidentialExceptionEvidence = request.ResidentialExceptionEvidence;
            home.KinshipTimeLimited = request.KinshipTimeLimited;
            home.PrivateLawOrderConsidered = request.PrivateLawOrderConsidered;
            home.IroId = request.IroId;
            home.IroAgreedOn = agreed;
            home.StartedOn = Today;
            return LastingHomeMapping.ToProto(home);
        }, context.CancellationToken);
    }

    public async Task<LastingHome> GetLastingHome(GetLastingHomeRequest request, ServerCallContext context)
    {
        var home = await FindAsync(request.Id, "id", context.CancellationToken);
        auditor.Read(context.Method, home.ChildId);
        return LastingHomeMapping.ToProto(home);
    }

    public Task<LastingHome> RecordPreparation(RecordPreparationRequest request, ServerCallContext context)
    {
        var v = new Violations().RequireRequestId(request.RequestId).RequireEnum(request.Item, "item")
            .RequireText(request.Subject, "subject", 200, required: request.Item == PreparationItem.ProfessionalInvited)
            .RequireText(request.Notes, "notes", 2000, required: request.Item == PreparationItem.ParentsNotInvited);
        var done = request.DoneOn.ToDateOnly();
        v.Require(done is not null && done <= Today, "done_on", "must be a real date, not in the future");
        v.ThrowIfAny();
        if (request.Item is PreparationItem.CarersCommitmentWork or PreparationItem.CarersInformation && !user.IsInRole(Roles.SupervisingSocialWorker))
        {
            throw new AccessDeniedException("The carers' commitment work and information are recorded by their supervising social worker (LH-3).", "LH-3");
        }

        return ChangeAsync(context, request.RequestId, request.Id, [LastingHomeStage.Preparation], "LH-3", (home, _) =>
        {
            home.Preparation.Add(new PreparationEntity
            {
                Id = Guid.CreateVersion7(), LastingHomeId = home.Id, Item = request.Item, Subject = request.Subject, Notes = request.Notes,
                RecordedBy = user.Id, DoneOn = done!.Value,
            });
            return Task.CompletedTask;
        });
    }

    public Task<LastingHome> RecordMatchingMeeting(RecordMatchingMeetingRequest request, ServerCallContext context)
    {
        var v = new Violations().RequireRequestId(request.RequestId).RequireText(request.Strengths, "strengths", 4000)
            .RequireText(request.Concerns, "concerns", 4000, required: false).RequireText(request.Recommendation, "recommendation", 4000)
            .RequireText(request.CelebrationWish, "celebration_wish", 2000);
        var held = request.HeldOn.ToDateOnly();
        v.Require(held is not null && held <= Today, "held_on", "must be a real date, not in the future");
        // Rule LH-4: the agreed financial contribution is an amount, never negative.
        v.Require(request.ContributionPence >= 0, "contribution_pence", "must not be negative");
        v.ThrowIfAny();

        return ChangeAsync(context, request.RequestId, request.Id, [LastingHomeStage.Preparation], "LH-4", async (home, ct) =>
        {
            var subject = $"lastingHomes/{home.Id}";
            var snapshot = await children.ReadAsync(home.ChildId, ct);
            var unmet = LastingHomeRules.MissingPreparation(home.Preparation, LastingHomeRules.Professionals(snapshot.Child), subject);
            if (LastingHomeRules.CheckChair(snapshot.Child, user.Id, subject) is { } chair)
            {
                unmet.Add(chair);
            }

            if (unmet.Count > 0)
            {
                throw new RuleViolationException(unmet);
            }

            home.MatchingMeetingOn = held;
            home.ChairId = user.Id;
            home.Strengths = request.Strengths;
            home.Concerns = request.Concerns;
            home.Recommendation = request.Recommendation;
            home.CelebrationWish = request.CelebrationWish;
            home.ContributionPence = request.ContributionPence;
            // Rules LH-5 / AP-6: the recommendation goes to the HoS, with 2 weeks to ratify (Approvals keeps the deadline,
            // Notifications the reminders and escalation).
            var approval = await approvals.CreateApprovalRequestAsync(new CreateApprovalRequestRequest
            {
                RequestId = $"{request.RequestId}:ratify", ChildId = home.ChildId, Action = ApprovalActions.LastingHomeRecommendation, Subject = subject,
                Summary = $"Lasting home with {home.CarerName}: {request.Recommendation}",
            }, cancellationToken: ct);
            home.ApprovalRequestId = approval.Id;
            stages.Move(home, LastingHomeStage.AwaitingRatification);
        });
    }

    public Task<LastingHome> RecordCommitmentVisit(RecordCommitmentVisitRequest request, ServerCallContext context)
    {
        var v = new Violations().RequireRequestId(request.RequestId).RequireText(request.Place, "place", 500).RequireText(request.Notes, "notes", 4000, required: false)
            .RequireText(request.CarersCommitment, "carers_commitment", 4000).RequireText(request.MeaningForChild, "meaning_for_child", 4000);
        v.Require(request.Attendees.Count > 0 && request.Attendees.All(a => a.Length is > 0 and <= 200), "attendees", "must name who the child chose to attend");
        var visited = request.VisitOn.ToDateOnly();
        v.Require(visited is not null && visited <= Today, "visit_on", "must be a real date, not in the future");
        // Rule LH-6: the TM brings a personalised card and certificate, and the outcome is told during the visit.
        v.Require(request.CardGiven, "card_given", "the TM brings a personalised card (LH-6)");
        v.Require(request.CertificateGiven, "certificate_given", "the TM brings a certificate (LH-6)");
        v.Require(request.OutcomeToldDuringVisit, "outcome_told_during_visit", "the outcome is told to the child and carers during the visit (LH-6)");
        v.ThrowIfAny();

        // Rule LH-6: only after ratification.
        return ChangeAsync(context, request.RequestId, request.Id, [LastingHomeStage.Ratified], "LH-6", async (home, ct) =>
        {
            // Rules AP-6 / AP-8: the ratification this service heard of by event is confirmed with Approvals, failing closed.
            await approvals.RequireApprovalAsync(home.ChildId, ApprovalActions.LastingHomeRecommendation, $"lastingHomes/{home.Id}", ct);
            var snapshot = await children.ReadAsync(home.ChildId, ct);
            var missing = LastingHomeRules.MissingAtVisit(snapshot.Child, request.Attendees, $"lastingHomes/{home.Id}");
            if (missing.Count > 0)
            {
                throw new RuleViolationException(missing);
            }

            home.VisitOn = visited;
            home.CarersCommitment = request.CarersCommitment;
            home.MeaningForChild = request.MeaningForChild;
            home.VisitPlace = request.Place;
            home.VisitAttendees = [.. request.Attendees];
            // Rule LH-6: the record goes on the child's file: Case files it from the event, after this commits.
            stages.FileCommitmentVisit(home, visited!.Value);
            stages.Move(home, LastingHomeStage.CommitmentVisitHeld);
        });
    }

    public Task<LastingHome> RecordOnCarersRecord(RecordOnCarersRecordRequest request, ServerCallContext context)
    {
        new Violations().RequireRequestId(request.RequestId).ThrowIfAny();

        return ChangeAsync(context, request.RequestId, request.Id, [LastingHomeStage.CommitmentVisitHeld, LastingHomeStage.Celebrated], "LH-6", (home, _) =>
        {
            home.CarersRecordBy = user.Id;
            return Task.CompletedTask;
        });
    }

    public Task<LastingHome> RecordCelebration(RecordCelebrationRequest request, ServerCallContext context)
    {
        var v = new Violations().RequireRequestId(request.RequestId).RequireText(request.Event, "event", 2000);
        var held = request.HeldOn.ToDateOnly();
        v.Require(held is not null && held <= Today, "held_on", "must be a real date, not in the future");
        v.ThrowIfAny();

        // Rule LH-7: the celebration follows the visit.
        return ChangeAsync(context, request.RequestId, request.Id, [LastingHomeStage.CommitmentVisitHeld], "LH-7", (home, _) =>
        {
            home.CelebratedOn = held;
            home.ContributionPaid = request.ContributionPaid;
            home.PhotographsRequested = request.PhotographsRequested;
            stages.Move(home, LastingHomeStage.Celebrated);
            return Task.CompletedTask;
        });
    }

    public Task<LastingHome> ShareGuide(ShareGuideRequest request, ServerCallContext context)
    {
        var v = new Violations().RequireRequestId(request.RequestId).RequireEnum(request.Guide, "guide").RequireText(request.SharedWith, "shared_with", 200);
        var shared = request.SharedOn.ToDateOnly();
        v.Require(shared is not null && shared <= Today, "shared_on", "must be a real date, not in the future");
        v.ThrowIfAny();

        // Rule LH-8: which guide, with whom, when.
        return ChangeAsync(context, request.RequestId, request.Id, Enum.GetValues<LastingHomeStage>(), "LH-8", (home, _) =>
        {
            home.Guides.Add(new GuideEntity { Id = Guid.CreateVersion7(), LastingHomeId = home.Id, Guide = request.Guide, SharedWith = request.SharedWith, SharedOn = shared!.Value });
            return Task.CompletedTask;
        });
    }

    private DateOnly Today => clock.LondonToday();

    private Task<LastingHomeEntity> FindAsync(string id, string field, CancellationToken ct) =>
        db.LastingHomes.Include(h => h.Preparation).Include(h => h.Guides).FindByIdAsync("LastingHome", id, field, ct);

    /// <summary>A change to one lasting home, allowed only in the given stages (else FAILED_PRECONDITION naming the rule).</summary>
    private Task<LastingHome> ChangeAsync(
        ServerCallContext context, string requestId, string id, LastingHomeStage[] allowed, string ruleId, Func<LastingHomeEntity, CancellationToken, Task> change) =>
        work.ExecuteAsync(context.Method, requestId, h => h.ChildId, async ct =>
        {
            var home = await FindAsync(id, "id", ct);
            await work.RequireAccessAsync(home.ChildId, ct);
            if (!allowed.Contains(home.Stage))
            {
                throw new RuleViolationException(new RuleViolation(ruleId, $"lastingHomes/{home.Id}", $"Not possible while the lasting home is {home.Stage}."));
            }

            await change(home, ct);
            home.Version++;
            return LastingHomeMapping.ToProto(home);
        }, context.CancellationToken);
}
