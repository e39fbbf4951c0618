using GoingHome.Case.V1;
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
    public async Task<ChildSnapshot> ReadAsync(string childId, CancellationToken cancellationToken) =>
        new(await cases.GetChildAsync(new GetChildRequest { Id = childId }, cancellationToken: cancellationToken),
            clock.LondonToday());
}

public static class CaseChildrenExtensions
{
    /// <summary>The Case client (service discovery name "case") and the reader over it.</summary>
    public static IServiceCollection AddCaseChildReader(this IServiceCollection services)
    {
        services.AddGoingHomeGrpcClient<CaseService.CaseServiceClient>("case");
        services.AddScoped<CaseChildReader>();
        return services;
    }
}
