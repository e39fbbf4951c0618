using GoingHome.Notifications.Data;
using GoingHome.Notifications.Delivery;
using GoingHome.Notifications.Domain;
using GoingHome.Notifications.V1;
using GoingHome.ServiceDefaults.Auth;
using GoingHome.ServiceDefaults.Errors;
using GoingHome.ServiceDefaults.Grpc;
using GoingHome.ServiceDefaults.Persistence;
using Grpc.Core;
using Microsoft.AspNetCore.Authorization;
using Microsoft.EntityFrameworkCore;

namespace GoingHome.Notifications.Grpc;

/// <summary>The Notifications API: inboxes and live streams (NT-5) and integrators' webhooks.</summary>
public sealed class NotificationsGrpcService(
    NotificationsDbContext db,
    UnitOfWork<NotificationsDbContext> work,
    NotificationHub hub,
    Auditor auditor,
    CurrentUser user,
    WebhookPolicy webhooks,
    WebhookSubscribers subscribers,
    TimeProvider clock) : NotificationsService.NotificationsServiceBase
{
    public const string Topic = "notifications";

    private string[] Inboxes => RecipientKeys.InboxesOf(user.Id, user.Roles);

    [Authorize(Policy = Policies.CaseReader)]
    public override async Task<ListNotificationsResponse> ListNotifications(ListNotificationsRequest request, ServerCallContext context)
    {
        var v = new Violations();
        v.RequireText(request.ChildId, "child_id", 64, required: false);
        var pageSize = PageTokens.PageSize(v, request.PageSize);
        var query = PageTokens.Query(request, user.Id);
        var before = PageTokens.DecodeKey(v, request.PageToken, query);
        v.ThrowIfAny();

        var ct = context.CancellationToken;
        var streamCursor = await db.Notifications.MaxAsync(n => (long?)n.Sequence, ct) ?? 0;
        var inbox = InboxQuery(request.ChildId);
        var unread = await inbox.CountAsync(x => x.ReadAt == null, ct);
        if (request.UnreadOnly)
        {
            inbox = inbox.Where(x => x.ReadAt == null);
        }

        if (before is { } key)
        {
            inbox = inbox.Where(x => x.Notification.Sequence < key);
        }

        // NT-5: newest first; the page token is the last sequence returned, so arrivals at the top never shift pages.
        var page = await inbox.OrderByDescending(x => x.Notification.Sequence).Take(pageSize + 1).ToListAsync(ct);
        var response = new ListNotificationsResponse
        {
            Notifications = { page.Take(pageSize).Select(x => NotificationMapping.ToProto(x.Notification, x.ReadAt)) },
            NextPageToken = page.Count > pageSize ? PageTokens.Encode(page[pageSize - 1].Notification.Sequence, query) : "",
            UnreadCount = unread,
            StreamCursor = StreamCursor.Encode(streamCursor),
        };
        auditor.Read(context.Method, response.Notifications.Select(n => n.ChildId));
        return response;
    }

    [Authorize(Policy = Policies.CaseReader)]
    public override async Task<ListChildNotificationsResponse> ListChildNotifications(ListChildNotificationsRequest request, ServerCallContext context)
    {
        var v = new Violations().RequireText(request.ChildId, "child_id", 64);
        var pageSize = PageTokens.PageSize(v, request.PageSize);
        var query = PageTokens.Query(request);
        var before = PageTokens.DecodeKey(v, request.PageToken, query);
        v.ThrowIfAny();

        var notifications = db.Notifications.AsNoTracking().Where(n => n.ChildId == request.ChildId);
        if (before is { } key)
        {
            notifications = notifications.Where(n => n.Sequence < key);
        }

        var page = await notifications.OrderByDescending(n => n.Sequence).Take(pageSize + 1).ToListAsync(context.CancellationToken);
        auditor.Read(context.Method, request.ChildId);
        return new ListChildNotificationsResponse
        {
            Notifications = { page.Take(pageSize).Select(NotificationMapping.ToProto) },
            NextPageToken = page.Count > pageSize ? PageTokens.Encode(page[pageSize - 1].Sequence, query) : "",
        };
    }

    [Authorize(Policy = Policies.CaseReader)]
    public override async Task<GetUnreadCountResponse> GetUnreadCount(GetUnreadCountRequest request, ServerCallContext context) =>
        new() { UnreadCount = await InboxQuery("").CountAsync(x => x.ReadAt == null, context.CancellationToken) };

    [Authorize(Policy = Policies.CaseReader)]
    public override async Task<Notification> MarkNotificationRead(MarkNotificationReadRequest request, ServerCallContext context)
    {
        var notification = await db.Notifications.AsNoTracking().FindByIdAsync("Notification", request.Id, "id", context.CancellationToken);
        var id = notification.Id;
        if (!Inboxes.Contains(notification.RecipientKey))
        {
            throw new AccessDeniedException("This notification is not in your inbox or your roles' inboxes; only its recipients can mark it read.", "NT-5");
        }

        return await work.ExecuteAsync(context.Method, "", n => n.ChildId, async ct =>
        {
            var read = await db.Reads.AsNoTracking().FirstOrDefaultAsync(r => r.NotificationId == id && r.ReaderId == user.Id, ct);
            if (read is null)
            {
                read = new NotificationReadRecord { NotificationId = id, ReaderId = user.Id, ReadAt = clock.GetUtcNow() };
                db.Reads.Add(read);
            }

            return NotificationMapping.ToProto(notification, read.ReadAt);
        }, context.CancellationToken);
    }

    [Authorize(Policy = Policies.CaseReader)]
    public override async Task StreamNotifications(
        StreamNotificationsRequest request, IServerStreamWriter<StreamNotificationsResponse> responseStream, ServerCallContext context)
    {
        var v = new Violations();
        var cursor = StreamCursor.Decode(v, request.Cursor);
        v.ThrowIfAny();

        var ct = context.CancellationToken;
        var inboxes = Inboxes;
        using var subscription = hub.Subscribe(inboxes);
        var last = cursor ?? await db.Notifications.MaxAsync(n => (long?)n.Sequence, ct) ?? 0;
        last = await CatchUpAsync(inboxes, last, responseStream, context);
        try
        {
            await foreach (var notification in subscription.Reader.ReadAllAsync(ct))
            {
                if (subscription.TakeLagging())
                {
                    last = await CatchUpAsync(inboxes, last, responseStream, context);
                }

                if (notification.Sequence > last)
                {
                    await SendAsync(notification, responseStream, context);
                    last = notification.Sequence;
                }
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // The client went away; it resumes from the last cursor it received.
        }
    }

    [Authorize(Policy = Policies.Administrator)]
    public override async Task<WebhookSubscription> CreateWebhookSubscription(CreateWebhookSubscriptionRequest request, ServerCallContext context)
    {
        var input = request.Subscription ?? new WebhookSubscription();
        var v = new Violations().RequireRequestId(request.RequestId);
        webhooks.Check(v, input);
        v.ThrowIfAny();

        var created = await work.ExecuteAsync(context.Method, request.RequestId, _ => null, _ =>
        {
            var record = new WebhookSubscriptionRecord
            {
                Id = Guid.CreateVersion7(),
                Url = input.Url,
                EventTypes = [.. input.EventTypes.Distinct()],
                Secret = input.Secret,
                Description = input.Description,
                OwnerId = user.Id,
                CreatedAt = clock.GetUtcNow(),
            };
            db.Subscriptions.Add(record);
            return Task.FromResult(NotificationMapping.ToProto(record));
        }, context.CancellationToken);
        subscribers.Invalidate();
        return created;
    }

    [Authorize(Policy = Policies.Administrator)]
    public override async Task<WebhookSubscription> GetWebhookSubscription(GetWebhookSubscriptionRequest request, ServerCallContext context) =>
        NotificationMapping.ToProto(await FindSubscriptionAsync(request.Id, "id", context.CancellationToken));

    [Authorize(Policy = Policies.Administrator)]
    public override async Task<ListWebhookSubscriptionsResponse> ListWebhookSubscriptions(ListWebhookSubscriptionsRequest request, ServerCallContext context)
    {
        var v = new Violations();
        var pageSize = PageTokens.PageSize(v, request.PageSize);
        var offset = PageTokens.Decode(v, request.PageToken, PageTokens.Query(request));
        v.ThrowIfAny();

        var all = db.Subscriptions.AsNoTracking().Where(s => s.DeletedAt == null);
        var total = await all.CountAsync(context.CancellationToken);
        var page = await all.OrderBy(s => s.CreatedAt).Skip(offset).Take(pageSize).ToListAsync(context.CancellationToken);
        return new ListWebhookSubscriptionsResponse
        {
            Subscriptions = { page.Select(NotificationMapping.ToProto) },
            NextPageToken = PageTokens.Next(offset, pageSize, page.Count, total, PageTokens.Query(request)),
        };
    }

    [Authorize(Policy = Policies.Administrator)]
    public override async Task<DeleteWebhookSubscriptionResponse> DeleteWebhookSubscription(DeleteWebhookSubscriptionRequest request, ServerCallContext context)
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

    [Authorize(Policy = Policies.Administrator)]
    public override async Task<ListWebhookDeliveriesResponse> ListWebhookDeliveries(ListWebhookDeliveriesRequest request, ServerCallContext context)
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

        var total = await deliveries.CountAsync(context.CancellationToken);
        var page = await deliveries.OrderByDescending(d => d.CreatedAt).ThenByDescending(d => d.Id).Skip(offset).Take(pageSize).ToListAsync(context.CancellationToken);
        return new ListWebhookDeliveriesResponse
        {
            Deliveries = { page.Select(NotificationMapping.ToProto) },
            NextPageToken = PageTokens.Next(offset, pageSize, page.Count, total, query),
        };
    }

    [Authorize(Policy = Policies.Administrator)]
    public override async Task<WebhookDelivery> ReplayWebhookDelivery(ReplayWebhookDeliveryRequest request, ServerCallContext context)
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

    /// <summary>The caller's inboxes (theirs and their roles'), each notification with when the caller read it.</summary>
    private IQueryable<InboxRow> InboxQuery(string childId)
    {
        var inboxes = Inboxes;
        var notifications = db.Notifications.AsNoTracking().Where(n => inboxes.Contains(n.RecipientKey));
        if (childId.Length > 0)
        {
            notifications = notifications.Where(n => n.ChildId == childId);
        }

        var readerId = user.Id;
        return notifications.Select(n => new InboxRow
        {
            Notification = n,
            ReadAt = db.Reads.Where(r => r.NotificationId == n.Id && r.ReaderId == readerId).Select(r => (DateTimeOffset?)r.ReadAt).FirstOrDefault(),
        });
    }

    private async Task<long> CatchUpAsync(string[] inboxes, long after, IServerStreamWriter<StreamNotificationsResponse> stream, ServerCallContext context)
    {
        while (true)
        {
            var page = await db.Notifications.AsNoTracking()
                .Where(n => n.Sequence > after && inboxes.Contains(n.RecipientKey))
                .OrderBy(n => n.Sequence).Take(500).ToListAsync(context.CancellationToken);
            foreach (var notification in page)
            {
                await SendAsync(notification, stream, context);
                after = notification.Sequence;
            }

            if (page.Count < 500)
            {
                return after;
            }
        }
    }

    private async Task SendAsync(NotificationRecord notification, IServerStreamWriter<StreamNotificationsResponse> stream, ServerCallContext context)
    {
        await stream.WriteAsync(new StreamNotificationsResponse
        {
            Notification = NotificationMapping.ToProto(notification),
            Cursor = StreamCursor.Encode(notification.Sequence),
        }, context.CancellationToken);
        if (notification.ChildId.Length > 0)
        {
            auditor.Read(context.Method, notification.ChildId);
        }
    }

    private Task<WebhookSubscriptionRecord> FindSubscriptionAsync(string id, string field, CancellationToken cancellationToken) =>
        db.Subscriptions.AsNoTracking().FindByIdAsync("WebhookSubscription", id, field, cancellationToken);

    private sealed class InboxRow
    {
        public required NotificationRecord Notification { get; init; }

        public DateTimeOffset? ReadAt { get; init; }
    }
}
