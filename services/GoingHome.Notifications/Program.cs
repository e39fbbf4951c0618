using GoingHome.Messaging;
using GoingHome.Notifications;
using GoingHome.Notifications.Data;
using GoingHome.Notifications.Grpc;

await GoingHomeServiceHost.RunAsync<NotificationsDbContext, NotificationsGrpcService>(
    args, NotificationsGrpcService.Topic, NotificationsExtensions.Database, builder => builder.AddNotifications());

/// <summary>Entry point, visible to the integration tests' host factory.</summary>
public partial class Program;
