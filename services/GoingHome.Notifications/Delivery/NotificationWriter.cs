using GoingHome.Messaging;
using GoingHome.Notifications.Data;
using GoingHome.Notifications.Domain;
using GoingHome.Notifications.Grpc;
using GoingHome.Notifications.V1;
using GoingHome.ServiceDefaults.Grpc;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Microsoft.EntityFrameworkCore;

namespace GoingHome.Notifications.Delivery;

/// <summary>
/// Stores an event's notifications and its webhook deliveries in the caller's transaction (the consumer's, with its
/// inbox row), so they commit together or not at all.
/// </summary>
public sealed class NotificationWriter(
    NotificationsDbContext db, [FromKeyedServices(WebhookDispatcher.SignalKey)] OutboxSignal webhookSignal, TimeProvider clock)
{
    /// <summary>Postgres channel the stream hub listens on; NOTIFY is delivered only when the transaction commits.</summary>
    public const string Channel = "goinghome_notifications";

    // Any constant works: it only has to be the same for every writer of the notifications table.
    private const long SequenceLock = 0x6e6f746966;

    public async Task WriteAsync(
        IMessage payload, string sourceId, string childId, DateTimeOffset occurred, IReadOnlyList<PlannedNotification> planned, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var eventType = payload.Descriptor.FullName;
        var rows = planned.Select(p => new NotificationRecord
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

        if (rows.Count > 0)
        {
            // Sequence numbers are taken in commit order: writers queue here until the previous one commits, so a
            // stream that has sent number n can never later find an n-1 committing behind it.
            await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock({SequenceLock})", cancellationToken);
            db.Notifications.AddRange(rows);
            await db.Database.ExecuteSqlRawAsync($"NOTIFY {Channel}", cancellationToken);
        }

        var subscriptions = await db.Subscriptions
            .Where(s => s.DeletedAt == null && (s.EventTypes.Count == 0 || s.EventTypes.Contains(eventType)))
            .Select(s => s.Id)
            .ToListAsync(cancellationToken);
        foreach (var subscriptionId in subscriptions)
        {
            var deliveryId = Guid.CreateVersion7(now);
            var body = new WebhookPayload
            {
                DeliveryId = deliveryId.ToString(),
                EventId = sourceId,
                EventType = eventType,
                ChildId = childId,
                OccurTime = occurred.ToProto(),
                Event = Any.Pack(payload),
                Notifications = { rows.Select(NotificationMapping.ToProto) },
            };
            db.Deliveries.Add(new WebhookDeliveryRecord
            {
                Id = deliveryId,
                SubscriptionId = subscriptionId,
                EventId = sourceId,
                EventType = eventType,
                ChildId = childId,
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
