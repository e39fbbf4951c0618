using GoingHome.Case.Features;
using GoingHome.Case.V1;
using GoingHome.ServiceDefaults.Auth;
using Grpc.Core;
using Microsoft.AspNetCore.Authorization;

namespace GoingHome.Case.Grpc;

/// <summary>
/// The Case API as gRPC: each method names who may call it and hands the call to its use case in Features/.
/// </summary>
public sealed class CaseGrpcService(
    Children children,
    CareEpisodes careEpisodes,
    ChildNetwork childNetwork,
    CaseFileEntries caseFileEntries,
    ChildRestrictions childRestrictions,
    ChildSync childSync,
    Ssda903Return ssda903Return) : CaseService.CaseServiceBase
{
    [Authorize(Policy = Policies.CaseWriter)]
    public override Task<Child> CreateChild(CreateChildRequest request, ServerCallContext context) =>
        children.CreateChild(request, context);

    [Authorize(Policy = Policies.ChildRecordReader)]
    public override Task<Child> GetChild(GetChildRequest request, ServerCallContext context) =>
        children.GetChild(request, context);

    [Authorize(Policy = Policies.ChildRecordReader)]
    public override Task<ListChildrenResponse> ListChildren(ListChildrenRequest request, ServerCallContext context) =>
        children.ListChildren(request, context);

    [Authorize(Policy = Policies.CaseWriter)]
    public override Task<Child> UpdateChild(UpdateChildRequest request, ServerCallContext context) =>
        children.UpdateChild(request, context);

    [Authorize(Policy = Policies.CaseWriter)]
    public override Task<CareEpisode> StartCareEpisode(StartCareEpisodeRequest request, ServerCallContext context) =>
        careEpisodes.StartCareEpisode(request, context);

    [Authorize(Policy = Policies.Manager)]
    public override Task<CareEpisode> EndCareEpisode(EndCareEpisodeRequest request, ServerCallContext context) =>
        careEpisodes.EndCareEpisode(request, context);

    [Authorize(Policy = Policies.Manager)]
    public override Task<CareEpisode> ChangeLegalStatus(ChangeLegalStatusRequest request, ServerCallContext context) =>
        careEpisodes.ChangeLegalStatus(request, context);

    [Authorize(Policy = Policies.CaseWriter)]
    public override Task<Placement> AddPlacement(AddPlacementRequest request, ServerCallContext context) =>
        careEpisodes.AddPlacement(request, context);

    [Authorize(Policy = Policies.CaseWriter)]
    public override Task<NetworkMember> AddNetworkMember(AddNetworkMemberRequest request, ServerCallContext context) =>
        childNetwork.AddNetworkMember(request, context);

    [Authorize(Policy = Policies.CaseWriter)]
    public override Task<RemoveNetworkMemberResponse> RemoveNetworkMember(RemoveNetworkMemberRequest request, ServerCallContext context) =>
        childNetwork.RemoveNetworkMember(request, context);

    [Authorize(Policy = Policies.Manager)]
    public override Task<Allocation> AllocateWorker(AllocateWorkerRequest request, ServerCallContext context) =>
        childNetwork.AllocateWorker(request, context);

    [Authorize(Policy = Policies.CaseWriter)]
    public override Task<CaseNote> CreateCaseNote(CreateCaseNoteRequest request, ServerCallContext context) =>
        caseFileEntries.CreateCaseNote(request, context);

    [Authorize(Policy = Policies.CaseReader)]
    public override Task<ListCaseNotesResponse> ListCaseNotes(ListCaseNotesRequest request, ServerCallContext context) =>
        caseFileEntries.ListCaseNotes(request, context);

    [Authorize(Policy = Policies.CaseWriter)]
    public override Task<Document> CreateDocument(CreateDocumentRequest request, ServerCallContext context) =>
        caseFileEntries.CreateDocument(request, context);

    [Authorize(Policy = Policies.CaseOrServiceReader)]
    public override Task<Document> GetDocument(GetDocumentRequest request, ServerCallContext context) =>
        caseFileEntries.GetDocument(request, context);

    [Authorize(Policy = Policies.CaseOrServiceReader)]
    public override Task<ListDocumentsResponse> ListDocuments(ListDocumentsRequest request, ServerCallContext context) =>
        caseFileEntries.ListDocuments(request, context);

    [Authorize(Policy = Policies.CaseWriter)]
    public override Task<ChronologyEntry> CreateChronologyEntry(CreateChronologyEntryRequest request, ServerCallContext context) =>
        caseFileEntries.CreateChronologyEntry(request, context);

    [Authorize(Policy = Policies.CaseReader)]
    public override Task<ListChronologyEntriesResponse> ListChronologyEntries(ListChronologyEntriesRequest request, ServerCallContext context) =>
        caseFileEntries.ListChronologyEntries(request, context);

    [Authorize(Policy = Policies.Manager)]
    public override Task<ChildRecordRestriction> RestrictChildRecord(RestrictChildRecordRequest request, ServerCallContext context) =>
        childRestrictions.RestrictChildRecord(request, context);

    [Authorize(Policy = Policies.Manager)]
    public override Task<ChildRecordRestriction> LiftChildRecordRestriction(LiftChildRecordRestrictionRequest request, ServerCallContext context) =>
        childRestrictions.LiftChildRecordRestriction(request, context);

    [Authorize(Policy = Policies.CaseReader)]
    public override Task<ChildRecordRestriction> GetChildRecordRestriction(GetChildRecordRestrictionRequest request, ServerCallContext context) =>
        childRestrictions.GetChildRecordRestriction(request, context);

    [Authorize(Policy = Policies.IntegratorOnly)]
    public override Task<SyncChildrenResponse> SyncChildren(SyncChildrenRequest request, ServerCallContext context) =>
        childSync.SyncChildren(request, context);

    [Authorize(Policy = Policies.IntegratorOnly)]
    public override Task<ListSsda903ChildrenResponse> ListSsda903Children(ListSsda903ChildrenRequest request, ServerCallContext context) =>
        ssda903Return.ListSsda903Children(request, context);
}
