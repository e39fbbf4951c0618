using GoingHome.ServiceDefaults.Telemetry;
using GoingHome.Web;

var builder = WebApplication.CreateBuilder(args);
builder.AddGoingHomeTelemetry("web");
builder.Services.AddHealthChecks();
builder.Services.AddWebApp(builder.Configuration);

var app = builder.Build();
app.MapHealthChecks("/health");
app.MapClientConfiguration();
app.MapDevelopmentSignIn();
app.UseWebAppFiles();
await app.RunAsync();

/// <summary>Entry point, visible to the integration tests' host factory.</summary>
public partial class Program;
