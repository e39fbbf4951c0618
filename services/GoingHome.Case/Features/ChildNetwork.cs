using GoingHome.Case.Data;
using GoingHome.Case.Domain;
using GoingHome.Case.Grpc;
using GoingHome.Case.V1;
using GoingHome.Events.V1;
using GoingHome.Persistence;
using GoingHome.ServiceDefaults.Errors;
using GoingHome.ServiceDefaults.Grpc;
using Grpc.Core;

namespace GoingHome.Case.Features;

/// <summary>The people around a child: family and professional network, and the workers allocated.</summary>
public sealed class ChildNetwork(
    CaseDbContext db,
    UnitOfWork<CaseDbContext> work,
    ChildFiles files,
    ChildRecordChanges changes,
    TimeProvider clock)
{
    public async Task<NetworkMember> AddNetworkMember(AddNetworkMemberRequest request, ServerCallContext context)
    {
        var m = request.Member ?? new NetworkMember();
        var v = new Violations().RequireRequestId(request.RequestId);
        CaseRules.ValidateNetworkMember(v, m.Relationship, m.Name, m.Organisation, m.Email, m.Phone, m.HouseholdMember, m.PersonId);
        v.ThrowIfAny();
        return await work.ExecuteAsync(context.Method, request.RequestId, _ => request.ChildId, async ct =>
        {
            var child = await files.LoadAsync(request.ChildId, "child_id", tracking: true, ct);
            Etags.RequireCurrent(child.Version, request.Etag, "Child", child.Id);
            return changes.AddMember(child, m, request.RequestId).ToProto();
        }, context.CancellationToken);
    }

    public async Task<RemoveNetworkMemberResponse> RemoveNetworkMember(RemoveNetworkMemberRequest request, ServerCallContext context)
    {
        new Violations().RequireRequestId(request.RequestId).ThrowIfAny();
        return await work.ExecuteAsync(context.Method, request.RequestId, _ => request.ChildId, async ct =>
        {
            var child = await files.LoadAsync(request.ChildId, "child_id", tracking: true, ct);
            Etags.RequireCurrent(child.Version, request.Etag, "Child", child.Id);
            var member = child.Network.FirstOrDefault(n => n.Id.ToString() == request.MemberId)
                ?? throw new ResourceNotFoundException("NetworkMember", request.MemberId);
            db.NetworkMembers.Remove(member);
            child.Touch(clock.GetUtcNow());
            files.Raise(child.Id, request.RequestId, new NetworkChanged { ChildId = child.Id.ToString(), MemberId = member.Id.ToString(), Change = NetworkChange.Removed, Relationship = member.Relationship });
            return new RemoveNetworkMemberResponse { Etag = child.Etag() };
        }, context.CancellationToken);
    }

    public async Task<Allocation> AllocateWorker(AllocateWorkerRequest request, ServerCallContext context)
    {
        var a = request.Allocation ?? new Allocation();
        var v = new Violations().RequireRequestId(request.RequestId);
        CaseRules.ValidateAllocation(v, a.Role, a.WorkerId, a.WorkerName, a.TeamId);
        v.ThrowIfAny();
        return await work.ExecuteAsync(context.Method, request.RequestId, _ => request.ChildId, async ct =>
        {
            var child = await files.LoadAsync(request.ChildId, "child_id", tracking: true, ct);
            Etags.RequireCurrent(child.Version, request.Etag, "Child", child.Id);
            return changes.Allocate(child, a, request.RequestId).ToProto();
        }, context.CancellationToken);
    }
}
