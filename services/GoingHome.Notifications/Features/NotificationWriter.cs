using GoingHome.Messaging;
using GoingHome.Notifications.Data;
using GoingHome.Notifications.Domain;
using GoingHome.Notifications.Grpc;
using GoingHome.Notifications.Jobs;
using GoingHome.Notifications.V1;
using GoingHome.ServiceDefaults.Grpc;
using GoingHome.ServiceDefaults.Telemetry;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;

namespace GoingHome.Notifications.Features;

/// <summary>
/// Stores an event's notifications, its place in the integration feed and its webhook deliveries in the caller's
/// transaction (the consumer's, with its inbox row), so they commit together or not at all. Numbering and the wake-up of live streams happen when the
/// context saves (<see cref="NotificationsDbContext.SaveChangesAsync(bool, CancellationToken)"/>).
/// </summary>
public sealed class NotificationWriter(
    NotificationsDbContext db, WebhookSubscribers subscribers, RecipientDirectory directory,
    [FromKeyedServices(WebhookDispatcher.SignalKey)] OutboxSignal webhookSignal, TimeProvider clock)
{
    public async Task WriteAsync(
        IMessage payload, string sourceId, string childId, DateTimeOffset occurred, IReadOnlyList<PlannedNotification> planned, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var eventType = payload.Descriptor.FullName;
        var rows = planned.Select(p => new NotificationEntity
        {
            Id = Guid.CreateVersion7(now),
            RecipientKey = p.RecipientKey,
            ChildId = childId,
            Kind = p.Kind,
            RuleId = p.RuleId,
            Title = p.Title,
            Body = p.Body,
            SourceId = sourceId,
            SourceType = eventType,
            TeamId = p.TeamId,
            CreatedAt = now,
        }).ToList();

        db.Notifications.AddRange(rows);
        SuiteMetrics.Delivered("inbox", rows.Count);
        db.Feed.Add(new FeedEventEntity
        {
            EventId = sourceId, EventType = eventType, ChildId = childId, OccurredAt = occurred, StoredAt = now, Event = Any.Pack(payload).ToByteArray(),
        });

        var subscriptions = await subscribers.ForAsync(eventType, childId, async () => (await directory.GetAsync(childId, cancellationToken))?.SourceSystem, cancellationToken);
        foreach (var subscription in subscriptions)
        {
            var deliveryId = Guid.CreateVersion7(now);
            var body = new WebhookPayload { DeliveryId = deliveryId.ToString(), EventId = sourceId, EventType = eventType, OccurTime = occurred.ToProto() };
            // Rule ACC-4: only a subscriber who may read the child gets its data; an admin's delivery says what happened, not to whom.
            var withChild = subscription.ReceivesChildData ? childId : "";
            if (subscription.ReceivesChildData)
            {
                body.ChildId = childId;
                body.Event = Any.Pack(payload);
                body.Notifications.Add(rows.Select(NotificationMapping.ToProto));
            }

            db.Deliveries.Add(new WebhookDeliveryEntity
            {
                Id = deliveryId,
                SubscriptionId = subscription.Id,
                EventId = sourceId,
                EventType = eventType,
                ChildId = withChild,
                Body = System.Text.Encoding.UTF8.GetBytes(NotificationMapping.Json.Format(body)),
                Status = DeliveryStatus.Pending,
                CreatedAt = now,
                NextAttemptAt = now,
            });
        }

        if (subscriptions.Count > 0)
        {
            webhookSignal.Notify();
        }
    }
}
