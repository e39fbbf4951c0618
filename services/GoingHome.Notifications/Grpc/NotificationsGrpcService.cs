using GoingHome.Notifications.Features;
using GoingHome.Notifications.V1;
using GoingHome.ServiceDefaults.Auth;
using Grpc.Core;
using Microsoft.AspNetCore.Authorization;

namespace GoingHome.Notifications.Grpc;

/// <summary>
/// The Notifications API as gRPC: each method names who may call it and hands the call to its use case in Features/.
/// </summary>
public sealed class NotificationsGrpcService(
    NotificationInbox notificationInbox,
    Webhooks webhooks,
    IntegrationFeed integrationFeed) : NotificationsService.NotificationsServiceBase
{
    [Authorize(Policy = Policies.CaseReader)]
    public override Task<ListNotificationsResponse> ListNotifications(ListNotificationsRequest request, ServerCallContext context) =>
        notificationInbox.ListNotifications(request, context);

    [Authorize(Policy = Policies.CaseReader)]
    public override Task<ListChildNotificationsResponse> ListChildNotifications(ListChildNotificationsRequest request, ServerCallContext context) =>
        notificationInbox.ListChildNotifications(request, context);

    [Authorize(Policy = Policies.CaseReader)]
    public override Task<GetUnreadCountResponse> GetUnreadCount(GetUnreadCountRequest request, ServerCallContext context) =>
        notificationInbox.GetUnreadCount(request, context);

    [Authorize(Policy = Policies.CaseReader)]
    public override Task<Notification> MarkNotificationRead(MarkNotificationReadRequest request, ServerCallContext context) =>
        notificationInbox.MarkNotificationRead(request, context);

    [Authorize(Policy = Policies.CaseReader)]
    public override Task<MarkAllNotificationsReadResponse> MarkAllNotificationsRead(MarkAllNotificationsReadRequest request, ServerCallContext context) =>
        notificationInbox.MarkAllNotificationsRead(request, context);

    [Authorize(Policy = Policies.CaseReader)]
    public override Task StreamNotifications(
        StreamNotificationsRequest request, IServerStreamWriter<StreamNotificationsResponse> responseStream, ServerCallContext context) =>
        notificationInbox.StreamNotifications(request, responseStream, context);

    [Authorize(Policy = Policies.WebhookOwner)]
    public override Task<WebhookSubscription> CreateWebhookSubscription(CreateWebhookSubscriptionRequest request, ServerCallContext context) =>
        webhooks.CreateWebhookSubscription(request, context);

    [Authorize(Policy = Policies.WebhookOwner)]
    public override Task<WebhookSubscription> GetWebhookSubscription(GetWebhookSubscriptionRequest request, ServerCallContext context) =>
        webhooks.GetWebhookSubscription(request, context);

    [Authorize(Policy = Policies.WebhookOwner)]
    public override Task<ListWebhookSubscriptionsResponse> ListWebhookSubscriptions(ListWebhookSubscriptionsRequest request, ServerCallContext context) =>
        webhooks.ListWebhookSubscriptions(request, context);

    [Authorize(Policy = Policies.WebhookOwner)]
    public override Task<DeleteWebhookSubscriptionResponse> DeleteWebhookSubscription(DeleteWebhookSubscriptionRequest request, ServerCallContext context) =>
        webhooks.DeleteWebhookSubscription(request, context);

    [Authorize(Policy = Policies.WebhookOwner)]
    public override Task<ListWebhookDeliveriesResponse> ListWebhookDeliveries(ListWebhookDeliveriesRequest request, ServerCallContext context) =>
        webhooks.ListWebhookDeliveries(request, context);

    [Authorize(Policy = Policies.WebhookOwner)]
    public override Task<WebhookDelivery> ReplayWebhookDelivery(ReplayWebhookDeliveryRequest request, ServerCallContext context) =>
        webhooks.ReplayWebhookDelivery(request, context);

    [Authorize(Policy = Policies.IntegratorOnly)]
    public override Task<ListIntegrationEventsResponse> ListIntegrationEvents(ListIntegrationEventsRequest request, ServerCallContext context) =>
        integrationFeed.ListIntegrationEvents(request, context);

    [Authorize(Policy = Policies.IntegratorOnly)]
    public override Task StreamIntegrationEvents(
        StreamIntegrationEventsRequest request, IServerStreamWriter<IntegrationEvent> responseStream, ServerCallContext context) =>
        integrationFeed.StreamIntegrationEvents(request, responseStream, context);
}
