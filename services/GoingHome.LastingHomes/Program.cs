using GoingHome.LastingHomes;
using GoingHome.LastingHomes.Data;
using GoingHome.LastingHomes.Grpc;
using GoingHome.Messaging;
using GoingHome.Persistence;
using GoingHome.ServiceDefaults;
using GoingHome.ServiceDefaults.Grpc;
using GoingHome.Time;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults(LastingHomesExtensions.Topic);
builder.AddGoingHomeDatabase<LastingHomesDbContext>(LastingHomesExtensions.Database);
builder.AddGoingHomeMessaging<LastingHomesDbContext>(LastingHomesExtensions.Topic);
builder.AddWorkingDayCalendar();
builder.AddLastingHomes();

var app = builder.Build();
if (await app.MigrateAsync<LastingHomesDbContext>(args))
{
    return;
}

app.MapDefaultEndpoints();
app.MapGoingHomeGrpcService<LastingHomesGrpcService>();
app.MapGoingHomeGrpcService<AccessLogGrpcService<LastingHomesDbContext>>();
await app.RunAsync();

/// <summary>Entry point, visible to the integration tests' host factory.</summary>
public partial class Program;
