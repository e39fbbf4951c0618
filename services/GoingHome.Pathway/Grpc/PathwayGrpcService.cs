using GoingHome.Pathway.Features;
using GoingHome.Pathway.V1;
using GoingHome.ServiceDefaults.Auth;
using Grpc.Core;
using Microsoft.AspNetCore.Authorization;

namespace GoingHome.Pathway.Grpc;

/// <summary>
/// The Pathway API as gRPC: each method names who may call it and hands the call to its use case in Features/.
/// </summary>
public sealed class PathwayGrpcService(
    Pathways pathways,
    PathwayTasks pathwayTasks,
    PathwayRecords pathwayRecords,
    ReturnHomePlans returnHomePlans,
    Section20Returns section20Returns) : PathwayService.PathwayServiceBase
{
    [Authorize(Policy = Policies.CaseOrServiceReader)]
    public override Task<V1.Pathway> GetPathway(GetPathwayRequest request, ServerCallContext context) =>
        pathways.GetPathway(request, context);

    [Authorize(Policy = Policies.CaseWriter)]
    public override Task<V1.Pathway> TransitionPathway(TransitionPathwayRequest request, ServerCallContext context) =>
        pathways.TransitionPathway(request, context);

    [Authorize(Policy = Policies.CaseReader)]
    public override Task<ListTasksResponse> ListTasks(ListTasksRequest request, ServerCallContext context) =>
        pathwayTasks.ListTasks(request, context);

    [Authorize(Policy = Policies.CaseWriter)]
    public override Task<PathwayTask> CompleteTask(CompleteTaskRequest request, ServerCallContext context) =>
        pathwayTasks.CompleteTask(request, context);

    [Authorize(Policy = Policies.CaseWriter)]
    public override Task<PathwayTask> MarkTaskNotNeeded(MarkTaskNotNeededRequest request, ServerCallContext context) =>
        pathwayTasks.MarkTaskNotNeeded(request, context);

    [Authorize(Policy = Policies.CaseWriter)]
    public override Task<PathwayRecord> AddPathwayRecord(AddPathwayRecordRequest request, ServerCallContext context) =>
        pathwayRecords.AddPathwayRecord(request, context);

    [Authorize(Policy = Policies.CaseReader)]
    public override Task<ListPathwayRecordsResponse> ListPathwayRecords(ListPathwayRecordsRequest request, ServerCallContext context) =>
        pathwayRecords.ListPathwayRecords(request, context);

    [Authorize(Policy = Policies.CaseWriter)]
    public override Task<V1.Pathway> SetPlannedReturnDate(SetPlannedReturnDateRequest request, ServerCallContext context) =>
        returnHomePlans.SetPlannedReturnDate(request, context);

    [Authorize(Policy = Policies.CaseWriter)]
    public override Task<RequestReturnHomeApprovalsResponse> RequestReturnHomeApprovals(RequestReturnHomeApprovalsRequest request, ServerCallContext context) =>
        returnHomePlans.RequestReturnHomeApprovals(request, context);

    [Authorize(Policy = Policies.CaseWriter)]
    public override Task<Section20Return> RecordSection20Trigger(RecordSection20TriggerRequest request, ServerCallContext context) =>
        section20Returns.RecordSection20Trigger(request, context);

    [Authorize(Policy = Policies.Manager)]
    public override Task<Section20Return> DecideSection20Return(DecideSection20ReturnRequest request, ServerCallContext context) =>
        section20Returns.DecideSection20Return(request, context);

    [Authorize(Policy = Policies.Manager)]
    public override Task<Section20Return> CompleteSection20Return(CompleteSection20ReturnRequest request, ServerCallContext context) =>
        section20Returns.CompleteSection20Return(request, context);

    [Authorize(Policy = Policies.CaseWriter)]
    public override Task<Section20Return> RecordSection20ReturnDate(RecordSection20ReturnDateRequest request, ServerCallContext context) =>
        section20Returns.RecordSection20ReturnDate(request, context);

    [Authorize(Policy = Policies.CaseOrServiceReader)]
    public override Task<Section20Return> GetSection20Return(GetSection20ReturnRequest request, ServerCallContext context) =>
        section20Returns.GetSection20Return(request, context);
}
