using GoingHome.Case;
using GoingHome.Case.Data;
using GoingHome.Case.Grpc;
using GoingHome.Messaging;
using GoingHome.Persistence;
using GoingHome.ServiceDefaults;
using GoingHome.ServiceDefaults.Grpc;
using GoingHome.Time;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults(CaseExtensions.Topic);
builder.AddGoingHomeDatabase<CaseDbContext>(CaseExtensions.Database);
builder.AddGoingHomeMessaging<CaseDbContext>(CaseExtensions.Topic);
builder.AddWorkingDayCalendar();
builder.AddCase();

var app = builder.Build();
if (await app.MigrateAsync<CaseDbContext>(args))
{
    return;
}

app.MapDefaultEndpoints();
app.MapGoingHomeGrpcService<CaseGrpcService>();
app.MapGoingHomeGrpcService<AccessLogGrpcService<CaseDbContext>>();
app.MapGoingHomeGrpcService<SuiteAccessLogGrpcService>();
await app.RunAsync();

/// <summary>Entry point, visible to the integration tests' host factory.</summary>
public partial class Program;
