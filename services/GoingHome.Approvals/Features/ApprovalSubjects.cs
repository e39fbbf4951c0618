using GoingHome.Approvals.Domain;
using GoingHome.LastingHomes.V1;
using GoingHome.Pathway.V1;
using GoingHome.ServiceDefaults.Errors;
using Grpc.Core;

namespace GoingHome.Approvals.Features;

/// <summary>
/// A request is about something that exists: its subject is a resource of the action's collection, held for this
/// child by the service that owns it, asked before the request is created. A subject nobody holds would be approved
/// and then dead-lettered by the service that should act on the grant. And it holds what the owner holds: a subject
/// in a state that cannot take the request is refused, naming the rule and the way to ask.
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

        var (heldFor, refusal) = await HolderAsync(collection, id, childId, subject, ct);
        if (heldFor != childId)
        {
            throw Invalid(heldFor is null ? $"{subject} does not exist" : $"{subject} is not about this child");
        }

        if (refusal is not null)
        {
            throw new RuleViolationException(refusal);
        }
    }

    /// <summary>
    /// The child the owning service holds the resource for (null when it holds no such resource), and why its state
    /// cannot take a request, if it cannot.
    /// </summary>
    private async Task<(string? ChildId, RuleViolation? Refusal)> HolderAsync(string collection, string id, string childId, string subject, CancellationToken ct)
    {
        try
        {
            switch (collection)
            {
                case "children":
                    return (id, null);
                case "pathways":
                    // A pathway is read through its child, so the current one must be the one named.
                    var pathway = await pathways.GetPathwayAsync(new GetPathwayRequest { ChildId = childId }, cancellationToken: ct);
                    return pathway.Id != id ? (null, null)
                        // Rules GH-13 / RH-8: a return home is asked for on an active Going Home plan with its date, through
                        // the pathway, which tells GP and Housing with the plan; never on a closed or earlier-stage pathway.
                        : pathway.Stage != Stage.Stage2 || pathway.PlannedReturnDate is null
                            ? (childId, new RuleViolation("GH-13", subject, $"The pathway is in {pathway.Stage}{(pathway.PlannedReturnDate is null ? " with no planned return date" : "")}: return-home approvals are asked for in Stage 2, once the planned return date is set, through the pathway (RequestReturnHomeApprovals), which tells GP and Housing with the plan (RH-8)."))
                            : (childId, null);
                case "section20Returns":
                    var s20 = await pathways.GetSection20ReturnAsync(new GetSection20ReturnRequest { Id = id }, cancellationToken: ct);
                    // Rules S20-6 / S20-7: only a return still to be decided or found viable goes for approval.
                    return s20.State is Section20State.NotViable or Section20State.Completed
                        ? (s20.ChildId, new RuleViolation(s20.State == Section20State.NotViable ? "S20-7" : "S20-6", subject, $"The section 20 return is {s20.State}: it cannot be approved."))
                        : (s20.ChildId, null);
                case "lastingHomes":
                    return ((await lastingHomes.GetLastingHomeAsync(new GetLastingHomeRequest { Id = id }, cancellationToken: ct)).ChildId, null);
                default:
                    return (null, null);
            }
        }
        catch (RpcException ex) when (ex.StatusCode is StatusCode.NotFound or StatusCode.InvalidArgument)
        {
            return (null, null);
        }
    }

    private static ValidationFailedException Invalid(string description) => new([new FieldViolation("subject", description)]);
}
