using GoingHome.Events.V1;
using GoingHome.Persistence.Children;
using GoingHome.ServiceDefaults.Grpc;
using Microsoft.EntityFrameworkCore;

namespace GoingHome.Messaging;

/// <summary>
/// Keeps this service's copy of each child's names and date of birth from Case's ChildCreated and ChildUpdated, so
/// its lists name the child. An observer: it runs beside whatever else the service does with those events.
/// </summary>
public sealed class ChildLabelHandler<TDbContext>(TDbContext db, TimeProvider clock) : IEventHandler<ChildCreated>, IEventHandler<ChildUpdated>
    where TDbContext : DbContext
{
    public Task HandleAsync(ChildCreated @event, EventEnvelope envelope, CancellationToken cancellationToken) =>
        KeepAsync(@event.ChildId, @event.GivenName, @event.FamilyName, @event.DateOfBirth, cancellationToken);

    public Task HandleAsync(ChildUpdated @event, EventEnvelope envelope, CancellationToken cancellationToken) =>
        KeepAsync(@event.ChildId, @event.GivenName, @event.FamilyName, @event.DateOfBirth, cancellationToken);

    private async Task KeepAsync(string childId, string givenName, string familyName, Google.Type.Date? born, CancellationToken cancellationToken)
    {
        // An event from a Case that did not yet carry names (or a malformed one) changes nothing it cannot fill.
        if (childId.Length == 0 || givenName.Length == 0 || familyName.Length == 0 || born.ToDateOnly() is not { } dateOfBirth)
        {
            return;
        }

        var label = await db.Set<ChildLabelEntity>().FindAsync([childId], cancellationToken);
        if (label is null)
        {
            label = new ChildLabelEntity { ChildId = childId, GivenName = givenName, FamilyName = familyName };
            db.Add(label);
        }

        label.GivenName = givenName;
        label.FamilyName = familyName;
        label.DateOfBirth = dateOfBirth;
        label.UpdatedAt = clock.GetUtcNow();
    }
}
