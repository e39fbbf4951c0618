using GoingHome.Case.V1;
using GoingHome.ServiceDefaults.Auth;
using GoingHome.ServiceDefaults.Clients;
using GoingHome.ServiceDefaults.Grpc;
using GoingHome.Time;
using Microsoft.Extensions.DependencyInjection;

namespace GoingHome.ServiceClients;

/// <summary>A child as Case holds it, read on <paramref name="Today"/> (Europe/London), with the facts services derive.</summary>
public sealed record ChildSnapshot(Child Child, DateOnly Today)
{
    /// <summary>
    /// Rule CLA-2: the start of the period of care the child is in (not of the legal-status episode); null when not
    /// looked after. From a Case that predates care_facts, the open episode's start.
    /// </summary>
    public DateOnly? OpenPeriodStart => Child.CareFacts is { } facts
        ? (facts.LookedAfter ? facts.PeriodStartDate.ToDateOnly() : null)
        : Child.CareEpisodes.FirstOrDefault(e => e.EndDate is null)?.StartDate.ToDateOnly();

    /// <summary>
    /// Rule CLA-2: days looked after in the current period, else in the most recent one (a child who has just gone home),
    /// as Case counts them; from a Case that predates care_facts, counted over the latest episode.
    /// </summary>
    public int DaysInCare
    {
        get
        {
            if (Child.CareFacts is { } facts)
            {
                return facts.DaysLookedAfter;
            }

            var episode = Child.CareEpisodes.FirstOrDefault(e => e.EndDate is null) ?? Child.CareEpisodes.LastOrDefault();
            return episode?.StartDate.ToDateOnly() is { } start ? (episode.EndDate.ToDateOnly() ?? Today).DayNumber - start.DayNumber : 0;
        }
    }

    /// <summary>Rule CLA-4: the child lives with their parents by Case's history (placed with parents, or the period ended to them).</summary>
    public bool LivingAtHome => Child.CareFacts?.LivingAtHome ?? false;

    /// <summary>The team of the allocated social worker, else of any allocation.</summary>
    public string TeamId =>
        Child.Allocations.FirstOrDefault(a => a.Role == WorkerRole.SocialWorker)?.TeamId ?? Child.Allocations.FirstOrDefault()?.TeamId ?? "";

    public bool HasSiblings => Child.Network.Any(n => n.Relationship == Relationship.Sibling);

    public IEnumerable<NetworkMember> HouseholdAdults => Child.Network.Where(n => n.HouseholdMember);
}

/// <summary>
/// Reads children from Case with the caller's token: facts are fetched, not trusted (AP-7). NOT_FOUND and UNAVAILABLE
/// from Case reach the caller as they are.
/// </summary>
public sealed class CaseChildReader(CaseService.CaseServiceClient cases, TimeProvider clock)
{
    // One request reads a child once: the use case's read also answers the relationship check (ACC-1) before commit.
    private readonly Dictionary<string, ChildSnapshot> _read = new(StringComparer.Ordinal);

    public async Task<ChildSnapshot> ReadAsync(string childId, CancellationToken cancellationToken)
    {
        if (!_read.TryGetValue(childId, out var snapshot))
        {
            snapshot = new(await cases.GetChildAsync(new GetChildRequest { Id = childId }, cancellationToken: cancellationToken), clock.LondonToday());
            _read[childId] = snapshot;
        }

        return snapshot;
    }
}

/// <summary>
/// Rule ACC-1 outside Case: the caller's relationship to the child, from the child's current allocations in Case (read
/// with the caller's token, once per request). Services and senior managers need no read.
/// </summary>
public sealed class CaseRelationshipCheck(CaseChildReader children, CurrentUser user) : IChildRelationshipCheck
{
    public async Task RequireAsync(string childId, CancellationToken cancellationToken)
    {
        if (ChildRelationships.RelatedToEveryChild(user))
        {
            return;
        }

        var snapshot = await children.ReadAsync(childId, cancellationToken);
        ChildRelationships.Require(user, [.. snapshot.Child.Allocations.Select(a => new AllocatedWorker(a.WorkerId, a.TeamId))]);
    }
}

public static class CaseChildrenExtensions
{
    /// <summary>The Case client (service discovery name "case"), the reader over it, and the relationship check (ACC-1) it answers.</summary>
    public static IServiceCollection AddCaseChildReader(this IServiceCollection services)
    {
        services.AddGoingHomeGrpcClient<CaseService.CaseServiceClient>("case");
        services.AddScoped<CaseChildReader>();
        services.AddScoped<IChildRelationshipCheck, CaseRelationshipCheck>();
        return services;
    }
}
