namespace GoingHome.Notifications;

/// <summary>The service's settings, bound from the <c>Notifications</c> configuration section.</summary>
public sealed class NotificationsOptions
{
    /// <summary>The routing table file; the default ships with the service (Routing/default.json).</summary>
    public string? RoutingPath { get; set; }

    /// <summary>How long a child's network and allocations read from Case are reused; events about them drop it sooner.</summary>
    public TimeSpan RecipientCacheTtl { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>NT-4: how many working days before a task falls due its owner is reminded.</summary>
    public int ReminderLeadWorkingDays { get; set; } = 2;

    public TimeSpan DeadlineScanInterval { get; set; } = TimeSpan.FromMinutes(1);

    public WebhookOptions Webhooks { get; set; } = new();
}

public sealed class WebhookOptions
{
    /// <summary>Accept loopback URLs (and plain HTTP to loopback): development and tests only. Unset: only in Development and Testing.</summary>
    public bool? AllowLoopback { get; set; }

    public TimeSpan FirstRetryDelay { get; set; } = TimeSpan.FromSeconds(30);

    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromHours(1);

    /// <summary>How long a failing delivery is retried before it is dead-lettered; at least 24 hours.</summary>
    public TimeSpan RetryPeriod { get; set; } = TimeSpan.FromHours(25);

    /// <summary>The first pause of the two quick retries inside one attempt (it doubles).</summary>
    public TimeSpan QuickRetryDelay { get; set; } = TimeSpan.FromMilliseconds(250);

    /// <summary>Each HTTP attempt's time limit.</summary>
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How often the dispatcher looks for due deliveries when nothing new has woken it.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    public int BatchSize { get; set; } = 50;

    public int Parallelism { get; set; } = 8;
}
