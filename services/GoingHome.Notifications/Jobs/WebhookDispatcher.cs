using System.Net;
using GoingHome.Messaging;
using GoingHome.Notifications.Data;
using GoingHome.Notifications.Domain;
using GoingHome.Persistence;
using GoingHome.Persistence.Restrictions;
using Microsoft.EntityFrameworkCore;
using Polly;
using Polly.Retry;
using Polly.Timeout;

using GoingHome.ServiceDefaults.Telemetry;
using GoingHome.Notifications.Features;

namespace GoingHome.Notifications.Jobs;

/// <summary>
/// Sends pending webhook deliveries (NT-5): each attempt is a signed POST through a Polly pipeline (attempt timeout,
/// two quick retries with exponential back-off); a delivery that still fails is tried again later on an exponential
/// schedule kept in the database (it survives restarts) for the retry period, then dead-lettered for
/// ReplayWebhookDelivery. Deliveries are claimed with SKIP LOCKED and a lease, so instances share the work and a crash
/// mid-send means a retry with the same delivery id, never a loss.
/// </summary>
public sealed partial class WebhookDispatcher(
    IServiceScopeFactory scopes, IHttpClientFactory httpClients, TimeProvider clock, NotificationsOptions options, RecordRestrictions restrictions,
    [FromKeyedServices(WebhookDispatcher.SignalKey)] OutboxSignal signal, ILogger<WebhookDispatcher> logger) : BackgroundService
{
    public const string SignalKey = "webhooks";
    public const string HttpClientName = "webhooks";

    /// <summary>The access log's method for a webhook push of a child's data.</summary>
    public const string PushMethod = "WebhookDelivery";

    private const string Withheld = "withheld: the child's record was restricted from the subscriber before it was sent";

    private readonly ResiliencePipeline<HttpResponseMessage> _attempt = new ResiliencePipelineBuilder<HttpResponseMessage>
    {
        // Network retries run on the wall clock; the retry schedule in the database runs on the injected one.
        TimeProvider = TimeProvider.System,
    }
        .AddRetry(new RetryStrategyOptions<HttpResponseMessage>
        {
            MaxRetryAttempts = 2,
            Delay = options.Webhooks.QuickRetryDelay,
            BackoffType = DelayBackoffType.Exponential,
            UseJitter = true,
            ShouldHandle = new PredicateBuilder<HttpResponseMessage>()
                .Handle<HttpRequestException>()
                .Handle<TimeoutRejectedException>()
                .HandleResult(r => r.StatusCode is HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests || (int)r.StatusCode >= 500),
        })
        .AddTimeout(options.Webhooks.AttemptTimeout)
        .Build();

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            var sent = 0;
            try
            {
                sent = await DispatchOnceAsync(stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogDispatchFailed(logger, ex);
            }

            if (sent == 0)
            {
                await ((Task)signal.WaitAsync(options.Webhooks.PollInterval, stoppingToken)).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }
    }

    /// <summary>Claims the deliveries due now, sends them, records each outcome; returns how many were attempted.</summary>
    public async Task<int> DispatchOnceAsync(CancellationToken cancellationToken)
    {
        var claimed = await ClaimAsync(cancellationToken);
        if (claimed.Count == 0)
        {
            return 0;
        }

        var outcomes = new (Guid Id, string? Error)[claimed.Count];
        await Parallel.ForAsync(0, claimed.Count, new ParallelOptions { MaxDegreeOfParallelism = options.Webhooks.Parallelism, CancellationToken = cancellationToken },
            async (i, ct) => outcomes[i] = (claimed[i].Delivery.Id, await SendAsync(claimed[i].Delivery, claimed[i].Subscription, ct)));

        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<NotificationsDbContext>();
        var auditor = scope.ServiceProvider.GetRequiredService<Auditor>();
        var subscriptions = claimed.ToDictionary(c => c.Delivery.Id, c => c.Subscription);
        var ids = outcomes.Select(o => o.Id).ToList();
        var deliveries = await db.Deliveries.Where(d => ids.Contains(d.Id)).ToDictionaryAsync(d => d.Id, cancellationToken);
        var now = clock.GetUtcNow();
        foreach (var (id, error) in outcomes)
        {
            var delivery = deliveries[id];
            delivery.Attempts++;
            if (error is null)
            {
                delivery.Status = DeliveryStatus.Delivered;
                delivery.DeliveredAt = now;
                delivery.LastError = "";
                SuiteMetrics.Delivered("webhook", 1);
                if (delivery.ChildId.Length > 0)
                {
                    // Rule ACC-4: every push of a child's data is in that child's access log, under the subscriber.
                    var subscription = subscriptions[id];
                    auditor.Pushed(PushMethod, delivery.ChildId, subscription.OwnerId, subscription.OwnerRole);
                }

                continue;
            }

            if (error == Withheld)
            {
                // Restricted after it was queued: never sent, and not retried (a replay checks again).
                delivery.Status = DeliveryStatus.Dead;
                delivery.LastError = error;
                continue;
            }

            delivery.LastError = error.Length > 1000 ? error[..1000] : error;
            var next = WebhookRules.NextAttempt(delivery.Attempts, delivery.FirstAttemptAt ?? now, now,
                options.Webhooks.FirstRetryDelay, options.Webhooks.MaxRetryDelay, options.Webhooks.RetryPeriod);
            if (next is null)
            {
                delivery.Status = DeliveryStatus.Dead;
                LogDeadLettered(logger, delivery.Id, delivery.SubscriptionId, delivery.Attempts, delivery.LastError);
            }
            else
            {
                delivery.NextAttemptAt = next.Value;
            }
        }

        await db.SaveChangesAsync(cancellationToken);
        return claimed.Count;
    }

    private async Task<List<(WebhookDeliveryEntity Delivery, WebhookSubscriptionEntity Subscription)>> ClaimAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<NotificationsDbContext>();
        var now = clock.GetUtcNow();
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var due = await db.Deliveries
            .FromSql($"""
                SELECT * FROM webhook_deliveries
                WHERE "Status" = 'Pending' AND "NextAttemptAt" <= {now}
                ORDER BY "NextAttemptAt" LIMIT {options.Webhooks.BatchSize}
                FOR UPDATE SKIP LOCKED
                """)
            .ToListAsync(cancellationToken);
        if (due.Count == 0)
        {
            return [];
        }

        // The lease: if this instance dies mid-send, the delivery is due again once it runs out.
        var lease = now + (options.Webhooks.AttemptTimeout * 4) + TimeSpan.FromMinutes(1);
        foreach (var delivery in due)
        {
            delivery.FirstAttemptAt ??= now;
            delivery.NextAttemptAt = lease;
        }

        var subscriptionIds = due.Select(d => d.SubscriptionId).Distinct().ToList();
        var subscriptions = await db.Subscriptions.Where(s => subscriptionIds.Contains(s.Id)).ToDictionaryAsync(s => s.Id, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return due.Select(d => (d, subscriptions[d.SubscriptionId])).ToList();
    }

    /// <summary>Null when the receiver accepted it (any 2xx), else what went wrong.</summary>
    private async Task<string?> SendAsync(WebhookDeliveryEntity delivery, WebhookSubscriptionEntity subscription, CancellationToken cancellationToken)
    {
        if (subscription.DeletedAt is not null)
        {
            return "the subscription was deleted";
        }

        // A restriction made after the delivery was queued holds at the moment of sending.
        if (delivery.ChildId.Length > 0 && restrictions.Hides(WebhookSubscribers.Subscriber.Of(subscription.OwnerId, subscription.OwnerRole), delivery.ChildId))
        {
            return Withheld;
        }

        var http = httpClients.CreateClient(HttpClientName);
        try
        {
            using var response = await _attempt.ExecuteAsync(async ct =>
            {
                // The timestamp is real time: receivers compare it with their own clocks to refuse replays.
                var timestamp = TimeProvider.System.GetUtcNow().ToUnixTimeSeconds();
                using var request = new HttpRequestMessage(HttpMethod.Post, subscription.Url) { Content = new ByteArrayContent(delivery.Body) };
                request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
                request.Headers.Add(WebhookHeaders.DeliveryId, delivery.Id.ToString());
                request.Headers.Add(WebhookHeaders.EventType, delivery.EventType);
                request.Headers.Add(WebhookHeaders.Timestamp, timestamp.ToString(System.Globalization.CultureInfo.InvariantCulture));
                request.Headers.Add(WebhookHeaders.Signature, WebhookRules.Sign(subscription.Secret, timestamp, delivery.Body));
                // The same delivery signed to the Standard Webhooks spec, so an integrator verifies it with an
                // off-the-shelf library (key: "whsec_" and the base64 of the secret's UTF-8 bytes).
                var id = delivery.Id.ToString();
                request.Headers.Add(WebhookHeaders.StandardId, id);
                request.Headers.Add(WebhookHeaders.StandardTimestamp, timestamp.ToString(System.Globalization.CultureInfo.InvariantCulture));
                request.Headers.Add(WebhookHeaders.StandardSignature, WebhookRules.StandardWebhook(subscription.Secret)
                    .Sign(id, DateTimeOffset.FromUnixTimeSeconds(timestamp), System.Text.Encoding.UTF8.GetString(delivery.Body)));
                return await http.SendAsync(request, ct);
            }, cancellationToken);
            return response.IsSuccessStatusCode ? null : $"HTTP {(int)response.StatusCode}";
        }
        catch (Exception ex) when (ex is HttpRequestException or TimeoutRejectedException)
        {
            return ex is TimeoutRejectedException ? "timed out" : ex.Message;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Webhook dispatch failed; trying again shortly")]
    private static partial void LogDispatchFailed(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Webhook delivery {DeliveryId} to subscription {SubscriptionId} dead-lettered after {Attempts} attempts: {Error}")]
    private static partial void LogDeadLettered(ILogger logger, Guid deliveryId, Guid subscriptionId, int attempts, string error);
}

/// <summary>The headers every delivery carries, for the receiver's verification and de-duplication.</summary>
public static class WebhookHeaders
{
    public const string DeliveryId = "GoingHome-Delivery-Id";
    public const string EventType = "GoingHome-Event-Type";
    public const string Timestamp = "GoingHome-Timestamp";
    public const string Signature = "GoingHome-Signature";

    /// <summary>The Standard Webhooks headers (webhooks.fyi / standardwebhooks.com), beside this suite's own.</summary>
    public const string StandardId = "webhook-id";
    public const string StandardTimestamp = "webhook-timestamp";
    public const string StandardSignature = "webhook-signature";
}
