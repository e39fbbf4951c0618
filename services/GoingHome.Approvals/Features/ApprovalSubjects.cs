using GoingHome.Approvals.Domain;
using GoingHome.LastingHomes.V1;
using GoingHome.Pathway.V1;
using GoingHome.ServiceDefaults.Errors;
using Grpc.Core;

namespace GoingHome.Approvals.Features;

/// <summary>
/// A request is about something that exists: its subject is a resource of the action's collection, held for this
/// child by the service that owns it, asked before the request is created. A subject nobody holds would be approved
/// and then dead-lettered by the service that should act on the grant.
/// </summary>
public sealed class ApprovalSubjects(
    PathwayService.PathwayServiceClient pathways, LastingHomesService.LastingHomesServiceClient lastingHomes)
{
    public async Task RequireAsync(PolicyAction action, string childId, string subject, CancellationToken ct)
    {
        var slash = subject.IndexOf('/', StringComparison.Ordinal);
        var collection = slash < 0 ? "" : subject[..slash];
        var id = slash < 0 ? "" : subject[(slash + 1)..];
        if (collection != action.Subject || id.Length == 0 || id.Contains('/', StringComparison.Ordinal))
        {
            throw Invalid($"must name one of {action.Subject}, as {action.Subject}/{{id}}, for the action {action.Name}");
        }

        var heldFor = await HolderAsync(collection, id, childId, ct);
        if (heldFor != childId)
        {
            throw Invalid(heldFor is null ? $"{subject} does not exist" : $"{subject} is not about this child");
        }
    }

    /// <summary>The child the owning service holds the resource for, or null when it holds no such resource.</summary>
    private async Task<string?> HolderAsync(string collection, string id, string childId, CancellationToken ct)
    {
        try
        {
            return collection switch
            {
                "children" => id,
                // A pathway is read through its child, so the current one must be the one named.
                "pathways" => (await pathways.GetPathwayAsync(new GetPathwayRequest { ChildId = childId }, cancellationToken: ct)) is { } p && p.Id == id ? childId : null,
                "section20Returns" => (await pathways.GetSection20ReturnAsync(new GetSection20ReturnRequest { Id = id }, cancellationToken: ct)).ChildId,
                "lastingHomes" => (await lastingHomes.GetLastingHomeAsync(new GetLastingHomeRequest { Id = id }, cancellationToken: ct)).ChildId,
                _ => null,
            };
        }
        catch (RpcException ex) when (ex.StatusCode is StatusCode.NotFound or StatusCode.InvalidArgument)
        {
            return null;
        }
    }

    private static ValidationFailedException Invalid(string description) => new([new FieldViolation("subject", description)]);
}
