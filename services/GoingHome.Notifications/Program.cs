using GoingHome.Messaging;
using GoingHome.Notifications;
using GoingHome.Notifications.Data;
using GoingHome.Notifications.Grpc;
using GoingHome.Persistence;
using GoingHome.ServiceDefaults;
using GoingHome.ServiceDefaults.Grpc;
using GoingHome.Time;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults(NotificationsExtensions.Topic);
builder.AddGoingHomeDatabase<NotificationsDbContext>(NotificationsExtensions.Database);
builder.AddGoingHomeMessaging<NotificationsDbContext>(NotificationsExtensions.Topic);
builder.AddWorkingDayCalendar();
builder.AddNotifications();

var app = builder.Build();
if (await app.MigrateAsync<NotificationsDbContext>(args))
{
    return;
}

app.MapDefaultEndpoints();
app.MapGoingHomeGrpcService<NotificationsGrpcService>();
app.MapGoingHomeGrpcService<AccessLogGrpcService<NotificationsDbContext>>();
await app.RunAsync();

/// <summary>Entry point, visible to the integration tests' host factory.</summary>
public partial class Program;
