using GoingHome.Notifications.Domain;
using GoingHome.Notifications.V1;
using GoingHome.ServiceDefaults.Errors;

namespace GoingHome.Notifications.Grpc;

/// <summary>What a webhook subscription must satisfy in this deployment.</summary>
public sealed class WebhookPolicy(NotificationsOptions options, IHostEnvironment environment)
{
    /// <summary>Loopback targets only where configured, or by default in Development and Testing.</summary>
    public bool AllowLoopback { get; } = options.Webhooks.AllowLoopback ?? (environment.IsDevelopment() || environment.IsEnvironment("Testing"));

    public void Check(Violations v, WebhookSubscription input)
    {
        v.RequireText(input.Url, "subscription.url", 2000);
        if (input.Url.Length > 0)
        {
            WebhookRules.CheckUrl(v, input.Url, AllowLoopback);
        }

        v.RequireText(input.Secret, "subscription.secret", 500);
        v.Require(input.Secret.Length == 0 || input.Secret.Length >= WebhookRules.MinimumSecretLength,
            "subscription.secret", $"must be at least {WebhookRules.MinimumSecretLength} characters");
        v.RequireText(input.Description, "subscription.description", 1000, required: false);
        foreach (var type in input.EventTypes.Where(t => !EventTypes.Known.ContainsKey(t)))
        {
            v.Add("subscription.event_types", $"'{type}' is not an event type of the suite");
        }
    }
}
