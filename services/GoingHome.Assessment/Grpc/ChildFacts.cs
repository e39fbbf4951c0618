using GoingHome.Case.V1;
using GoingHome.ServiceDefaults.Grpc;
using GoingHome.ServiceDefaults.Time;

namespace GoingHome.Assessment.Grpc;

/// <summary>What this service needs to know of a child, read from Case with the caller's token.</summary>
public sealed record ChildFacts(Child Child, DateOnly Today, int DaysInCare, string TeamId)
{
    public bool HasSiblings => Child.Network.Any(n => n.Relationship == Relationship.Sibling);

    public IEnumerable<NetworkMember> HouseholdAdults => Child.Network.Where(n => n.HouseholdMember);
}

public sealed class ChildFactsReader(CaseService.CaseServiceClient cases, TimeProvider clock)
{
    public async Task<ChildFacts> ReadAsync(string childId, CancellationToken cancellationToken)
    {
        var child = await cases.GetChildAsync(new GetChildRequest { Id = childId }, cancellationToken: cancellationToken);
        var today = WorkingDayCalendar.LondonDate(clock.GetUtcNow());
        // Days in care: of the open episode, else the most recent one (a child just returned home).
        var episode = child.CareEpisodes.FirstOrDefault(e => e.EndDate is null) ?? child.CareEpisodes.LastOrDefault();
        var start = episode?.StartDate.ToDateOnly();
        var end = episode?.EndDate.ToDateOnly() ?? today;
        var team = child.Allocations.FirstOrDefault(a => a.Role == WorkerRole.SocialWorker)?.TeamId ?? child.Allocations.FirstOrDefault()?.TeamId ?? "";
        return new ChildFacts(child, today, start is { } s ? end.DayNumber - s.DayNumber : 0, team);
    }
}
