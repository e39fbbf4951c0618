using GoingHome.Events.V1;
using GoingHome.Messaging;
using GoingHome.Notifications.Domain;
using GoingHome.Notifications.Features;
using Google.Protobuf;

namespace GoingHome.Notifications.Events;

/// <summary>
/// Every topic's events, once each (the consumer's inbox): keeps the contacts cache and the task deadlines current,
/// then stores the notifications the routing table asks for and the webhook deliveries subscribers asked for.
/// </summary>
public sealed class NotificationEventHandler(
    RoutingTable routing, RecipientDirectory directory, DeadlineTracker deadlines, NotificationWriter writer, LatePartnerNotices latePartners) : IEventHandler
{
    public async Task HandleAsync(EventEnvelope envelope, CancellationToken cancellationToken)
    {
        if (!EventTypes.Known.TryGetValue(envelope.Type, out var descriptor))
        {
            // A type from a newer release of another service: nothing here routes it or could filter on it.
            return;
        }

        IMessage payload;
        try
        {
            payload = envelope.Payload is { } any && any.TypeUrl.EndsWith("/" + envelope.Type, StringComparison.Ordinal)
                ? descriptor.Parser.ParseFrom(any.Value)
                : throw new MalformedEventException($"the payload is not a {envelope.Type}");
        }
        catch (InvalidProtocolBufferException ex)
        {
            throw new MalformedEventException($"the payload cannot be read: {ex.Message}");
        }

        var occurred = envelope.OccurTime?.ToDateTimeOffset() ?? DateTimeOffset.MinValue;
        switch (payload)
        {
            case NetworkChanged or AllocationChanged:
                await directory.ForgetAsync(envelope.ChildId);
                break;
            case TaskDue due:
                await deadlines.TrackAsync(due, occurred, cancellationToken);
                break;
            case TaskClosed closed:
                await deadlines.CloseAsync(closed, occurred, cancellationToken);
                break;
        }

        var child = NotificationRouter.NeedsCase(routing, payload) ? await directory.GetAsync(envelope.ChildId, cancellationToken) : null;
        var planned = NotificationRouter.Plan(routing, payload, envelope.ChildId, child).ToList();
        if (payload is NetworkChanged changed)
        {
            planned.AddRange(await latePartners.PlanAsync(changed, envelope.ChildId, cancellationToken));
        }

        await writer.WriteAsync(payload, envelope.Id, envelope.ChildId, occurred, planned, cancellationToken);
    }
}
