namespace GoingHome.Notifications.Data;

/// <summary>One notification in one inbox (NT-5). Sequence is assigned in commit order; stream cursors rest on it.</summary>
public sealed class NotificationEntity
{
    public Guid Id { get; set; }

    public long Sequence { get; set; }

    public required string RecipientKey { get; set; }

    public string ChildId { get; set; } = "";

    public required string Kind { get; set; }

    public string RuleId { get; set; } = "";

    public required string Title { get; set; }

    public string Body { get; set; } = "";

    /// <summary>The event (or, for deadline notices, the task notice) that caused it; with Kind and RecipientKey, unique.</summary>
    public required string SourceId { get; set; }

    public required string SourceType { get; set; }

    public string TeamId { get; set; } = "";

    public DateTimeOffset CreatedAt { get; set; }
}

/// <summary>That a person has read a notification: per person, so one holder of a role reading it leaves it unread for the others.</summary>
public sealed class NotificationReadEntity
{
    public Guid NotificationId { get; set; }

    public required string ReaderId { get; set; }

    public DateTimeOffset ReadAt { get; set; }
}

/// <summary>A task another service published (TaskDue), with when each of its notices is due and whether it was sent (NT-4).</summary>
public sealed class TrackedTaskEntity
{
    public required string TaskId { get; set; }

    public string ChildId { get; set; } = "";

    public string RuleId { get; set; } = "";

    public string Title { get; set; } = "";

    public string OwnerId { get; set; } = "";

    public string OwnerRole { get; set; } = "";

    public string TeamId { get; set; } = "";

    public DateTimeOffset DueAt { get; set; }

    public DateTimeOffset? RemindAt { get; set; }

    public DateTimeOffset? ReminderSentAt { get; set; }

    public DateTimeOffset? OverdueSentAt { get; set; }

    public string EscalateToRole { get; set; } = "";

    public DateTimeOffset? EscalateAt { get; set; }

    public DateTimeOffset? EscalatedAt { get; set; }

    public DateTimeOffset? ClosedAt { get; set; }

    public string Outcome { get; set; } = "";

    /// <summary>When the latest applied event about the task occurred; older events arriving late are ignored.</summary>
    public DateTimeOffset LastEventAt { get; set; }
}

public sealed class WebhookSubscriptionEntity
{
    public Guid Id { get; set; }

    public required string Url { get; set; }

    /// <summary>Empty for every event type.</summary>
    public List<string> EventTypes { get; set; } = [];

    public required string Secret { get; set; }

    public string Description { get; set; } = "";

    public required string OwnerId { get; set; }

    /// <summary>The owner's role when subscribing: an admin's subscription carries no child's data (ACC-4).</summary>
    public string OwnerRole { get; set; } = "";

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset? DeletedAt { get; set; }
}

public enum DeliveryStatus
{
    Pending,
    Delivered,
    Dead,
}

/// <summary>One event for one subscription; its body is fixed when it is created, so every attempt sends the same bytes.</summary>
public sealed class WebhookDeliveryEntity
{
    public Guid Id { get; set; }

    public Guid SubscriptionId { get; set; }

    public required string EventId { get; set; }

    public required string EventType { get; set; }

    public string ChildId { get; set; } = "";

    public required byte[] Body { get; set; }

    public DeliveryStatus Status { get; set; }

    public int Attempts { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset NextAttemptAt { get; set; }

    public DateTimeOffset? FirstAttemptAt { get; set; }

    public DateTimeOffset? DeliveredAt { get; set; }

    public string LastError { get; set; } = "";
}

/// <summary>
/// One event of the integration feed: what a webhook delivery carries, stored once for pulling. Sequence is assigned
/// in commit order, like the notifications'.
/// </summary>
public sealed class FeedEventEntity
{
    public long Sequence { get; set; }

    public required string EventId { get; set; }

    public required string EventType { get; set; }

    public string ChildId { get; set; } = "";

    public DateTimeOffset OccurredAt { get; set; }

    public DateTimeOffset StoredAt { get; set; }

    /// <summary>The event as a packed google.protobuf.Any.</summary>
    public required byte[] Event { get; set; }
}
