using GoingHome.Approvals;
using GoingHome.Approvals.Data;
using GoingHome.Approvals.Grpc;
using GoingHome.Messaging;
using GoingHome.Persistence;
using GoingHome.ServiceDefaults;
using GoingHome.ServiceDefaults.Grpc;
using GoingHome.Time;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults(ApprovalsExtensions.Topic);
builder.AddGoingHomeDatabase<ApprovalsDbContext>(ApprovalsExtensions.Database);
builder.AddGoingHomeMessaging<ApprovalsDbContext>(ApprovalsExtensions.Topic);
builder.AddWorkingDayCalendar();
builder.AddApprovals();

var app = builder.Build();
if (await app.MigrateAsync<ApprovalsDbContext>(args))
{
    return;
}

app.MapDefaultEndpoints();
app.MapGoingHomeGrpcService<ApprovalsGrpcService>();
app.MapGoingHomeGrpcService<AccessLogGrpcService<ApprovalsDbContext>>();
await app.RunAsync();

/// <summary>Entry point, visible to the integration tests' host factory.</summary>
public partial class Program;
