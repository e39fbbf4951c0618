using GoingHome.Messaging;
using GoingHome.Notifications.Data;
using GoingHome.Notifications.Domain;
using GoingHome.Notifications.Events;
using GoingHome.Notifications.Features;
using GoingHome.Notifications.Grpc;
using GoingHome.Notifications.Jobs;
using GoingHome.ServiceDefaults.Clients;

namespace GoingHome.Notifications;

public static class NotificationsExtensions
{
    /// <summary>The topic this service's events go out on; other services subscribe to it by this name.</summary>
    public const string Topic = "notifications";

    public const string Database = "notificationsdb";

    /// <summary>The topics whose events are routed: every service that raises events.</summary>
    public static readonly IReadOnlyList<string> Topics = ["case", "approvals", "assessment", "pathway", "lastinghomes"];

    /// <summary>
    /// The use cases; the routing table (validated now, so a bad file stops the service), one consumer per topic in the group
    /// "notifications", the Case client for recipients, the stream hub, the deadline scan and the webhook dispatcher.
    /// </summary>
    public static WebApplicationBuilder AddNotifications(this WebApplicationBuilder builder)
    {
        var options = builder.Configuration.GetSection("Notifications").Get<NotificationsOptions>() ?? new NotificationsOptions();
        builder.Services.AddSingleton(options);
        builder.Services.AddSingleton(RoutingLoader.Load(options.RoutingPath ?? Path.Combine(AppContext.BaseDirectory, "Routing", "default.json")));
        builder.Services.AddGoingHomeGrpcClient<Case.V1.CaseService.CaseServiceClient>("case");
        builder.Services.AddScoped<RecipientDirectory>();
        builder.Services.AddScoped<LatePartnerNotices>();
        builder.Services.AddScoped<DeadlineTracker>();
        builder.Services.AddScoped<NotificationWriter>();
        builder.Services.AddScoped<NotificationInbox>();
        builder.Services.AddScoped<Webhooks>();
        builder.Services.AddScoped<IntegrationFeed>();
        builder.Services.AddSingleton<WebhookPolicy>();
        builder.Services.AddSingleton<WebhookSubscribers>();
        foreach (var topic in Topics)
        {
            builder.Services.AddEventHandler<NotificationsDbContext, NotificationEventHandler>(topic, "notifications");
        }

        builder.Services.AddKeyedSingleton<OutboxSignal>(WebhookDispatcher.SignalKey);
        builder.Services.AddHttpClient(WebhookDispatcher.HttpClientName)
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { AllowAutoRedirect = false, PooledConnectionLifetime = TimeSpan.FromMinutes(5) });
        builder.Services.AddSingleton<NotificationHub>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<NotificationHub>());
        builder.Services.AddSingleton<DeadlineScanner>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<DeadlineScanner>());
        builder.Services.AddSingleton<WebhookDispatcher>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<WebhookDispatcher>());
        return builder;
    }
}
