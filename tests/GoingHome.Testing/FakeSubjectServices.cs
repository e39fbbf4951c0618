using System.Collections.Concurrent;
using GoingHome.LastingHomes.V1;
using GoingHome.Pathway.V1;
using Grpc.Core;

namespace GoingHome.Testing;

/// <summary>
/// Pathway as Approvals sees it: the child's current pathway and its section 20 returns, the subjects of return-home
/// requests, which a test adds for the child it uses.
/// </summary>
public sealed class FakePathwayService : PathwayService.PathwayServiceBase
{
    public ConcurrentDictionary<string, Pathway.V1.Pathway> ByChild { get; } = new();

    public ConcurrentDictionary<string, Section20Return> Section20Returns { get; } = new();

    /// <summary>
    /// The subject <c>pathways/{id}</c> of the child's (new) current pathway: by default in Stage 2 with a planned
    /// return date, as a pathway is when it asks for the return-home approvals.
    /// </summary>
    public string AddPathway(string childId, Stage stage = Stage.Stage2)
    {
        var pathway = new Pathway.V1.Pathway
        {
            Id = Guid.NewGuid().ToString(), ChildId = childId, Stage = stage,
            PlannedReturnDate = stage == Stage.Stage2 ? new Google.Type.Date { Year = 2027, Month = 1, Day = 15 } : null,
        };
        ByChild[childId] = pathway;
        return $"pathways/{pathway.Id}";
    }

    /// <summary>The subject <c>section20Returns/{id}</c> of a new return for the child.</summary>
    public string AddSection20Return(string childId)
    {
        var s20 = new Section20Return { Id = Guid.NewGuid().ToString(), ChildId = childId };
        Section20Returns[s20.Id] = s20;
        return $"section20Returns/{s20.Id}";
    }

    public override Task<Pathway.V1.Pathway> GetPathway(GetPathwayRequest request, ServerCallContext context) =>
        ByChild.TryGetValue(request.ChildId, out var pathway) ? Task.FromResult(pathway)
            : throw new RpcException(new Status(StatusCode.NotFound, $"No pathway for child {request.ChildId}."));

    public override Task<Section20Return> GetSection20Return(GetSection20ReturnRequest request, ServerCallContext context) =>
        Section20Returns.TryGetValue(request.Id, out var s20) ? Task.FromResult(s20)
            : throw new RpcException(new Status(StatusCode.NotFound, $"No section 20 return {request.Id}."));
}

/// <summary>Lasting Homes as Approvals sees it: the lasting homes that AP-6 requests are about.</summary>
public sealed class FakeLastingHomesService : LastingHomesService.LastingHomesServiceBase
{
    public ConcurrentDictionary<string, LastingHome> Homes { get; } = new();

    /// <summary>The subject <c>lastingHomes/{id}</c> of a new lasting home for the child.</summary>
    public string Add(string childId)
    {
        var home = new LastingHome { Id = Guid.NewGuid().ToString(), ChildId = childId };
        Homes[home.Id] = home;
        return $"lastingHomes/{home.Id}";
    }

    public override Task<LastingHome> GetLastingHome(GetLastingHomeRequest request, ServerCallContext context) =>
        Homes.TryGetValue(request.Id, out var home) ? Task.FromResult(home)
            : throw new RpcException(new Status(StatusCode.NotFound, $"No lasting home {request.Id}."));
}
