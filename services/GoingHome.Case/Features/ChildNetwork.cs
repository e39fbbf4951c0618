using GoingHome.Case.Data;
using GoingHome.Case.Domain;
using GoingHome.Case.Grpc;
using GoingHome.Case.V1;
using GoingHome.Events.V1;
using GoingHome.Persistence;
using GoingHome.ServiceDefaults.Auth;
using GoingHome.ServiceDefaults.Errors;
using GoingHome.ServiceDefaults.Grpc;
using GoingHome.Time;
using Grpc.Core;
using Microsoft.EntityFrameworkCore;

namespace GoingHome.Case.Features;

/// <summary>The people around a child: family and professional network, and the workers allocated.</summary>
public sealed class ChildNetwork(
    CaseDbContext db,
    UnitOfWork<CaseDbContext> work,
    ChildFiles files,
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
            var member = new NetworkMemberEntity
            {
                Id = Guid.CreateVersion7(),
                ChildId = child.Id,
                Relationship = m.Relationship,
                Name = m.Name.Trim(),
                Organisation = m.Organisation.NullIfEmpty(),
                Email = m.Email.NullIfEmpty(),
                Phone = m.Phone.NullIfEmpty(),
                HouseholdMember = m.HouseholdMember,
                PersonId = m.PersonId.NullIfEmpty(),
                AddedAt = clock.GetUtcNow(),
            };
            db.NetworkMembers.Add(member);
            child.Touch(clock.GetUtcNow());
            files.Raise(child.Id, request.RequestId, new NetworkChanged { ChildId = child.Id.ToString(), MemberId = member.Id.ToString(), Change = NetworkChange.Added, Relationship = member.Relationship });
            return member.ToProto();
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
            var now = clock.GetUtcNow();
            var previous = child.Allocations.FirstOrDefault(x => x.Role == a.Role && x.EndedAt is null);
            if (previous is not null)
            {
                previous.EndedAt = now;
            }

            var allocation = new AllocationEntity
            {
                Id = Guid.CreateVersion7(),
                ChildId = child.Id,
                Role = a.Role,
                WorkerId = a.WorkerId.Trim(),
                WorkerName = a.WorkerName.NullIfEmpty(),
                TeamId = a.TeamId.Trim(),
                StartedAt = now,
            };
            db.Allocations.Add(allocation);
            child.Touch(now);
            files.Chronicle(child.Id, files.Today, "Allocation", $"{a.Role} allocated: {allocation.WorkerName ?? allocation.WorkerId} ({allocation.TeamId}).");
            files.Raise(child.Id, request.RequestId, new AllocationChanged
            {
                ChildId = child.Id.ToString(),
                Role = a.Role,
                WorkerId = allocation.WorkerId,
                PreviousWorkerId = previous?.WorkerId ?? "",
                TeamId = allocation.TeamId,
            });
            return allocation.ToProto();
        }, context.CancellationToken);
    }
}
