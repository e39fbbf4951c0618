using GoingHome.Approvals.Domain;
using GoingHome.Case.V1;
using GoingHome.ServiceDefaults.Grpc;
using GoingHome.ServiceDefaults.Time;

namespace GoingHome.Approvals.Grpc;

/// <summary>
/// Reads the facts Case owns (date of birth, legal status, episode start, team) from Case itself, with the caller's
/// token (AP-7: facts are fetched, not trusted). NOT_FOUND and UNAVAILABLE from Case reach the caller as they are.
/// </summary>
public sealed class CaseFacts(CaseService.CaseServiceClient cases, TimeProvider clock)
{
    public async Task<PolicyFacts> ReadAsync(string childId, DateOnly? plannedReturnDate, CancellationToken cancellationToken)
    {
        var child = await cases.GetChildAsync(new GetChildRequest { Id = childId }, cancellationToken: cancellationToken);
        var today = WorkingDayCalendar.LondonDate(clock.GetUtcNow());
        var dateOfBirth = child.DateOfBirth.ToDateOnly() ?? throw new InvalidOperationException($"Case returned child {childId} without a date of birth.");
        var episodeStart = child.CareEpisodes.FirstOrDefault(e => e.EndDate is null)?.StartDate.ToDateOnly();
        var team = child.Allocations.FirstOrDefault(a => a.Role == WorkerRole.SocialWorker)?.TeamId
            ?? child.Allocations.FirstOrDefault()?.TeamId ?? "";
        return new PolicyFacts(
            dateOfBirth,
            PolicyFacts.AgeOn(dateOfBirth, today),
            child.CurrentLegalStatus,
            episodeStart,
            episodeStart is { } start ? today.DayNumber - start.DayNumber : null,
            plannedReturnDate,
            plannedReturnDate is { } planned ? planned.DayNumber - today.DayNumber : null,
            team,
            today);
    }
}
