using GoingHome.LastingHomes.Features;
using GoingHome.LastingHomes.V1;
using GoingHome.ServiceDefaults.Auth;
using Grpc.Core;
using Microsoft.AspNetCore.Authorization;

namespace GoingHome.LastingHomes.Grpc;

/// <summary>
/// The Lasting Homes API (LH-1..LH-9) as gRPC: each method names who may call it and hands the call to its use case in Features/.
/// </summary>
public sealed class LastingHomesGrpcService(
    LastingHomeJourney lastingHomeJourney,
    LastingHomeTracker lastingHomeTracker) : LastingHomesService.LastingHomesServiceBase
{
    // Rule LH-2: the TM decides with the IRO; the IRO's agreement is recorded.
    [Authorize(Policy = Policies.TeamManager)]
    public override Task<LastingHome> StartLastingHome(StartLastingHomeRequest request, ServerCallContext context) =>
        lastingHomeJourney.StartLastingHome(request, context);

    [Authorize(Policy = Policies.CaseOrServiceReader)]
    public override Task<LastingHome> GetLastingHome(GetLastingHomeRequest request, ServerCallContext context) =>
        lastingHomeJourney.GetLastingHome(request, context);

    [Authorize(Policy = Policies.CaseWriter)]
    public override Task<LastingHome> RecordPreparation(RecordPreparationRequest request, ServerCallContext context) =>
        lastingHomeJourney.RecordPreparation(request, context);

    [Authorize(Policy = Policies.Manager)]
    public override Task<LastingHome> RecordMatchingMeeting(RecordMatchingMeetingRequest request, ServerCallContext context) =>
        lastingHomeJourney.RecordMatchingMeeting(request, context);

    [Authorize(Policy = Policies.Manager)]
    public override Task<LastingHome> RecordCommitmentVisit(RecordCommitmentVisitRequest request, ServerCallContext context) =>
        lastingHomeJourney.RecordCommitmentVisit(request, context);

    // Rule LH-6: the supervising social worker records the visit on the carers' record.
    [Authorize(Policy = Policies.SupervisingSocialWorker)]
    public override Task<LastingHome> RecordOnCarersRecord(RecordOnCarersRecordRequest request, ServerCallContext context) =>
        lastingHomeJourney.RecordOnCarersRecord(request, context);

    [Authorize(Policy = Policies.CaseWriter)]
    public override Task<LastingHome> RecordCelebration(RecordCelebrationRequest request, ServerCallContext context) =>
        lastingHomeJourney.RecordCelebration(request, context);

    [Authorize(Policy = Policies.CaseWriter)]
    public override Task<LastingHome> ShareGuide(ShareGuideRequest request, ServerCallContext context) =>
        lastingHomeJourney.ShareGuide(request, context);

    [Authorize(Policy = Policies.CaseReader)]
    public override Task<ListTrackerEntriesResponse> ListTrackerEntries(ListTrackerEntriesRequest request, ServerCallContext context) =>
        lastingHomeTracker.ListTrackerEntries(request, context);

    [Authorize(Policy = Policies.CaseReader)]
    public override Task<GetTrackerSummaryResponse> GetTrackerSummary(GetTrackerSummaryRequest request, ServerCallContext context) =>
        lastingHomeTracker.GetTrackerSummary(request, context);
}
