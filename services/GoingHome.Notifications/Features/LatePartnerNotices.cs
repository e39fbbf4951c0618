using GoingHome.Case.V1;
using GoingHome.Events.V1;
using GoingHome.Notifications.Data;
using GoingHome.Notifications.Domain;
using Microsoft.EntityFrameworkCore;

namespace GoingHome.Notifications.Features;

/// <summary>
/// Rule RH-8: a GP, Housing or Adult Mental Health contact added to the child's network after the others were told of
/// the planned (or made) return is told then, with the same plan and date: the latest such notice, again for the
/// newcomer. A contact removed again, or a child this service may not see, gets nothing.
/// </summary>
public sealed class LatePartnerNotices(NotificationsDbContext db, RecipientDirectory directory)
{
    private static readonly string[] ReturnNotices = ["child-returned-home", "child-return-planned"];

    public async Task<IReadOnlyList<PlannedNotification>> PlanAsync(NetworkChanged changed, string childId, CancellationToken cancellationToken)
    {
        if (changed.Change != NetworkChange.Added || changed.Relationship is not (Relationship.Gp or Relationship.Housing or Relationship.AdultMentalHealth))
        {
            return [];
        }

        var told = await db.Notifications.AsNoTracking()
            .Where(n => n.ChildId == childId && ReturnNotices.Contains(n.Kind))
            .OrderByDescending(n => n.Sequence)
            .FirstOrDefaultAsync(cancellationToken);
        if (told is null || await directory.GetAsync(childId, cancellationToken) is not { } child
            || child.Network.FirstOrDefault(m => m.Id == changed.MemberId) is not { } member)
        {
            return [];
        }

        var recipient = member.PersonId is { Length: > 0 } person ? RecipientKeys.User(person) : RecipientKeys.Member(member.Id);
        return [new PlannedNotification(recipient, told.Kind, "RH-8", told.Title, $"{told.Body} You were added to the child's network after the others were told.", told.TeamId)];
    }
}
