using GoingHome.Notifications.Data;
using GoingHome.Notifications.Domain;
using GoingHome.Notifications.V1;
using GoingHome.ServiceDefaults.Grpc;
using Google.Protobuf;

namespace GoingHome.Notifications.Grpc;

public static class NotificationMapping
{
    /// <summary>Proto3 JSON for webhook bodies; the registry lets the packed event carry its fields, not bytes.</summary>
    public static readonly JsonFormatter Json = new(JsonFormatter.Settings.Default.WithTypeRegistry(EventTypes.Registry).WithFormatDefaultValues(false));

    public static Notification ToProto(NotificationEntity n) => ToProto(n, null);

    public static Notification ToProto(NotificationEntity n, DateTimeOffset? readAt) => new()
    {
        Id = n.Id.ToString(),
        Recipient = n.RecipientKey,
        ChildId = n.ChildId,
        Kind = n.Kind,
        RuleId = n.RuleId,
        Title = n.Title,
        Body = n.Body,
        SourceId = n.SourceId,
        SourceType = n.SourceType,
        TeamId = n.TeamId,
        CreateTime = n.CreatedAt.ToProto(),
        ReadTime = readAt.ToProto(),
    };

    public static WebhookSubscription ToProto(WebhookSubscriptionEntity s) => new()
    {
        Id = s.Id.ToString(),
        Url = s.Url,
        EventTypes = { s.EventTypes },
        Description = s.Description,
        OwnerId = s.OwnerId,
        CreateTime = s.CreatedAt.ToProto(),
        Deleted = s.DeletedAt is not null,
    };

    public static WebhookDelivery ToProto(WebhookDeliveryEntity d) => new()
    {
        Id = d.Id.ToString(),
        SubscriptionId = d.SubscriptionId.ToString(),
        EventId = d.EventId,
        EventType = d.EventType,
        State = d.Status switch
        {
            DeliveryStatus.Pending => DeliveryState.Pending,
            DeliveryStatus.Delivered => DeliveryState.Delivered,
            _ => DeliveryState.Dead,
        },
        Attempts = d.Attempts,
        CreateTime = d.CreatedAt.ToProto(),
        NextAttemptTime = d.Status == DeliveryStatus.Pending ? d.NextAttemptAt.ToProto() : null,
        DeliverTime = d.DeliveredAt.ToProto(),
        LastError = d.LastError,
    };
}
