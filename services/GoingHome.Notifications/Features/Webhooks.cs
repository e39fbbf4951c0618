using GoingHome.Notifications.Data;
using GoingHome.Notifications.Grpc;
using GoingHome.Notifications.V1;
using GoingHome.Persistence;
using GoingHome.ServiceDefaults.Auth;
using GoingHome.ServiceDefaults.Errors;
using GoingHome.ServiceDefaults.Grpc;
using Grpc.Core;
using Microsoft.EntityFrameworkCore;

namespace GoingHome.Notifications.Features;

/// <summary>Integrators' webhook subscriptions and their deliveries, with replay of a failed delivery; each integrator its own.</summary>
public sealed class Webhooks(
    NotificationsDbContext db,
    UnitOfWork<NotificationsDbContext> work,
    CurrentUser user,
    WebhookPolicy webhooks,
    WebhookSubscribers subscribers,
    TimeProvider clock)
{
    public async Task<WebhookSubscription> CreateWebhookSubscription(CreateWebhookSubscriptionRequest request, ServerCallContext context)
    {
        var input = request.Subscription ?? new WebhookSubscription();
        var v = new Violations().RequireRequestId(request.RequestId);
        webhooks.Check(v, input);
        v.ThrowIfAny();

        var created = await work.ExecuteAsync(context.Method, request.RequestId, _ => null, _ =>
        {
            var record = new WebhookSubscriptionEntity
            {
                Id = Guid.CreateVersion7(),
                Url = input.Url,
                EventTypes = [.. input.EventTypes.Distinct()],
                Secret = input.Secret,
                Description = input.Description,
                OwnerId = user.Id,
                OwnerRole = user.PrimaryRole,
                CreatedAt = clock.GetUtcNow(),
            };
            db.Subscriptions.Add(record);
            return Task.FromResult(NotificationMapping.ToProto(record));
        }, context.CancellationToken);
        subscribers.Invalidate();
        return created;
    }

    public async Task<WebhookSubscription> GetWebhookSubscription(GetWebhookSubscriptionRequest request, ServerCallContext context) =>
        NotificationMapping.ToProto(await FindSubscriptionAsync(request.Id, "id", context.CancellationToken));

    public async Task<ListWebhookSubscriptionsResponse> ListWebhookSubscriptions(ListWebhookSubscriptionsRequest request, ServerCallContext context)
    {
        var v = new Violations();
        var pageSize = PageTokens.PageSize(v, request.PageSize);
        var offset = PageTokens.Decode(v, request.PageToken, PageTokens.Query(request));
        v.ThrowIfAny();

        var all = Visible(db.Subscriptions.AsNoTracking()).Where(s => s.DeletedAt == null);
        var (page, next) = await all.OrderBy(s => s.CreatedAt).ThenBy(s => s.Id).ReadPageAsync(offset, pageSize, PageTokens.Query(request), context.CancellationToken);
        return new ListWebhookSubscriptionsResponse
        {
            Subscriptions = { page.Select(NotificationMapping.ToProto) },
            NextPageToken = next,
        };
    }

    public async Task<DeleteWebhookSubscriptionResponse> DeleteWebhookSubscription(DeleteWebhookSubscriptionRequest request, ServerCallContext context)
    {
        var subscription = await FindSubscriptionAsync(request.Id, "id", context.CancellationToken);
        var deleted = await work.ExecuteAsync(context.Method, "", _ => null, _ =>
        {
            db.Subscriptions.Attach(subscription);
            subscription.DeletedAt ??= clock.GetUtcNow();
            return Task.FromResult(new DeleteWebhookSubscriptionResponse());
        }, context.CancellationToken);
        subscribers.Invalidate();
        return deleted;
    }

    public async Task<ListWebhookDeliveriesResponse> ListWebhookDeliveries(ListWebhookDeliveriesRequest request, ServerCallContext context)
    {
        var v = new Violations().OptionalEnum(request.State, "state");
        var pageSize = PageTokens.PageSize(v, request.PageSize);
        var query = PageTokens.Query(request);
        var offset = PageTokens.Decode(v, request.PageToken, query);
        v.ThrowIfAny();

        var subscription = await FindSubscriptionAsync(request.SubscriptionId, "subscription_id", context.CancellationToken);
        var deliveries = db.Deliveries.AsNoTracking().Where(d => d.SubscriptionId == subscription.Id);
        if (request.State != DeliveryState.Unspecified)
        {
            var status = request.State switch
            {
                DeliveryState.Pending => DeliveryStatus.Pending,
                DeliveryState.Delivered => DeliveryStatus.Delivered,
                _ => DeliveryStatus.Dead,
            };
            deliveries = deliveries.Where(d => d.Status == status);
        }

        var (page, next) = await deliveries.OrderByDescending(d => d.CreatedAt).ThenByDescending(d => d.Id).ReadPageAsync(offset, pageSize, query, context.CancellationToken);
        return new ListWebhookDeliveriesResponse
        {
            Deliveries = { page.Select(NotificationMapping.ToProto) },
            NextPageToken = next,
        };
    }

    public async Task<WebhookDelivery> ReplayWebhookDelivery(ReplayWebhookDeliveryRequest request, ServerCallContext context)
    {
        var subscription = await FindSubscriptionAsync(request.SubscriptionId, "subscription_id", context.CancellationToken);
        var delivery = await db.Deliveries.Where(d => d.SubscriptionId == subscription.Id).FindByIdAsync("WebhookDelivery", request.Id, "id", context.CancellationToken);
        if (delivery.Status != DeliveryStatus.Dead || subscription.DeletedAt is not null)
        {
            throw new RuleViolationException(new RuleViolation("NT-5", $"webhookSubscriptions/{subscription.Id}/deliveries/{delivery.Id}",
                subscription.DeletedAt is not null ? "The subscription was deleted." : $"Only a dead-lettered delivery can be replayed; this one is {delivery.Status}."));
        }

        return await work.ExecuteAsync(context.Method, "", d => null, _ =>
        {
            // Same id and body: a receiver that did get an earlier attempt recognises it.
            delivery.Status = DeliveryStatus.Pending;
            delivery.Attempts = 0;
            delivery.FirstAttemptAt = null;
            delivery.NextAttemptAt = clock.GetUtcNow();
            delivery.LastError = "";
            return Task.FromResult(NotificationMapping.ToProto(delivery));
        }, context.CancellationToken);
    }

    private Task<WebhookSubscriptionEntity> FindSubscriptionAsync(string id, string field, CancellationToken cancellationToken) =>
        Visible(db.Subscriptions.AsNoTracking()).FindByIdAsync("WebhookSubscription", id, field, cancellationToken);

    /// <summary>The admin account administers every subscription; an integrator sees only its own (another's is NOT_FOUND).</summary>
    private IQueryable<WebhookSubscriptionEntity> Visible(IQueryable<WebhookSubscriptionEntity> subscriptions)
    {
        var owner = user.Id;
        return user.IsInRole(Roles.Admin) ? subscriptions : subscriptions.Where(s => s.OwnerId == owner);
    }
}
