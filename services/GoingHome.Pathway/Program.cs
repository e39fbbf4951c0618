using GoingHome.Messaging;
using GoingHome.Pathway;
using GoingHome.Pathway.Data;
using GoingHome.Pathway.Grpc;
using GoingHome.Persistence;
using GoingHome.ServiceDefaults;
using GoingHome.ServiceDefaults.Grpc;
using GoingHome.Time;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults(PathwayExtensions.Topic);
builder.AddGoingHomeDatabase<PathwayDbContext>(PathwayExtensions.Database);
builder.AddGoingHomeMessaging<PathwayDbContext>(PathwayExtensions.Topic);
builder.AddWorkingDayCalendar();
builder.AddPathway();

var app = builder.Build();
if (await app.MigrateAsync<PathwayDbContext>(args))
{
    return;
}

app.MapDefaultEndpoints();
app.MapGoingHomeGrpcService<PathwayGrpcService>();
app.MapGoingHomeGrpcService<AccessLogGrpcService<PathwayDbContext>>();
await app.RunAsync();

/// <summary>Entry point, visible to the integration tests' host factory.</summary>
public partial class Program;
