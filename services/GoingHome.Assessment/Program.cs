using GoingHome.Assessment;
using GoingHome.Assessment.Data;
using GoingHome.Assessment.Grpc;
using GoingHome.Messaging;
using GoingHome.Persistence;
using GoingHome.ServiceDefaults;
using GoingHome.ServiceDefaults.Grpc;
using GoingHome.Time;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults(AssessmentExtensions.Topic);
builder.AddGoingHomeDatabase<AssessmentDbContext>(AssessmentExtensions.Database);
builder.AddGoingHomeMessaging<AssessmentDbContext>(AssessmentExtensions.Topic);
builder.AddWorkingDayCalendar();
builder.AddAssessment();

var app = builder.Build();
if (await app.MigrateAsync<AssessmentDbContext>(args))
{
    return;
}

app.MapDefaultEndpoints();
app.MapGoingHomeGrpcService<AssessmentGrpcService>();
app.MapGoingHomeGrpcService<AccessLogGrpcService<AssessmentDbContext>>();
await app.RunAsync();

/// <summary>Entry point, visible to the integration tests' host factory.</summary>
public partial class Program;
