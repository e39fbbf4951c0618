// The suite as Aspire runs it: PostgreSQL with a database per service, Redis, the six services from suite.json, each
// with its two endpoints, its references and a health check, and the reference web app. `./run.sh` starts this; the
// whole-suite tests start it through Aspire.Hosting.Testing.
using GoingHome.AppHost;
using GoingHome.AppHost.Local;
using Microsoft.Extensions.Configuration;

var builder = DistributedApplication.CreateBuilder(args);
// The development integration clients' bindings (ACC-3); given to every service below with the client limits.
builder.Configuration.AddJsonFile(Path.Combine(builder.AppHostDirectory, "integrators.json"), optional: false);
var suite = SuiteModel.Load(builder.AppHostDirectory);

// Secrets come from the AppHost's parameters (user secrets, environment or ./run.sh's .run/signing-key), never the repo.
var signingKey = builder.AddParameter("auth-signing-key", secret: true);
var corsOrigin = builder.AddParameter("cors-origin", "http://localhost:5173");

var infrastructure = InfrastructureModes.Choose(builder.Configuration["GoingHome:Infrastructure"]);
var dataFolder = builder.Configuration["GoingHome:DataFolder"] ?? Path.GetFullPath(Path.Combine(builder.AppHostDirectory, "..", "..", ".run"));
var databases = new Dictionary<string, IResourceBuilder<IResourceWithConnectionString>>();
IResourceBuilder<IResource> redis;
Func<EnvironmentCallbackContext, ReferenceExpression> redisConnection;
if (infrastructure == InfrastructureMode.Containers)
{
    var postgres = builder.AddPostgres(suite.Postgres.Name, port: suite.Postgres.Port).WithDataVolume();
    foreach (var service in suite.Services)
    {
        databases[service.Name] = postgres.AddDatabase(service.Database);
    }

    // Append-only, as the local Redis runs: the outbox counts an event sent once Redis has it.
    var container = builder.AddRedis(suite.Redis.Name, port: suite.Redis.Port).WithDataVolume().WithArgs("--appendonly", "yes", "--appendfsync", "always");
    redis = container;
    redisConnection = _ => container.Resource.ConnectionStringExpression;
}
else
{
    var postgres = builder.AddLocalPostgres(suite.Postgres.Name, dataFolder, suite.Postgres.Port);
    foreach (var service in suite.Services)
    {
        databases[service.Name] = postgres.AddLocalDatabase(service.Database);
    }

    var local = builder.AddLocalRedis(suite.Redis.Name, dataFolder, suite.Redis.Port);
    redis = local;
    redisConnection = _ => local.RedisConnectionString();
}

// The reference web app: its host serves the Vite build and /config.json with each service's web address (the
// references below), and in development mints tokens with the same key. Every service allows its origin.
var webApp = builder.AddProject(suite.WebApp.Name, Path.Combine(builder.AppHostDirectory, "..", "..", "web", "GoingHome.Web", "GoingHome.Web.csproj"), launchProfileName: null)
    .WithHttpEndpoint(port: suite.WebApp.Port, name: "http")
    .WithEnvironment("Auth__SigningKey", signingKey)
    .WithEnvironment("ASPNETCORE_ENVIRONMENT", builder.Environment.EnvironmentName)
    .WithHttpHealthCheck("/health")
    .WithUrlForEndpoint("http", url => url.DisplayText = "GoingHome web app");
var webAppOrigin = webApp.GetEndpoint("http");

var projects = new Dictionary<string, IResourceBuilder<ProjectResource>>();
foreach (var service in suite.Services)
{
    var database = databases[service.Name];
    // "http" speaks HTTP/2 for gRPC and is what other services discover as services:<name>:http:0; "web" speaks
    // HTTP/1.1 for gRPC-Web, JSON and health.
    projects[service.Name] = builder.AddProject(service.Name, Path.Combine(builder.AppHostDirectory, "..", "..", "services", service.Project, $"{service.Project}.csproj"), launchProfileName: null)
        .WithHttpEndpoint(port: service.GrpcPort, name: "http", env: "GRPC_PORT")
        .WithHttpEndpoint(port: service.WebPort, name: "web", env: "WEB_PORT")
        .WithReference(database).WaitFor(database)
        .WithEnvironment(context => context.EnvironmentVariables["ConnectionStrings__redis"] = redisConnection(context))
        .WaitFor(redis)
        .WithEnvironment("Auth__SigningKey", signingKey)
        .WithEnvironment("Cors__AllowedOrigins__0", corsOrigin)
        .WithEnvironment("Cors__AllowedOrigins__1", webAppOrigin)
        .WithEnvironment("Database__MigrateOnStartup", "true")
        .WithEnvironment("ASPNETCORE_ENVIRONMENT", builder.Environment.EnvironmentName)
        .WithEnvironment(context =>
        {
            // Client limits set where the suite is started (Limits__Clients__mosaicsync__PermitsPerSecond=50 ./run.sh;
            // bench/flood.sh) and the integration clients' source systems (integrators.json) hold in every service.
            foreach (var (key, value) in new[] { "Limits", "Integrators" }.SelectMany(section => builder.Configuration.GetSection(section).AsEnumerable())
                         .Where(setting => setting.Value is not null))
            {
                context.EnvironmentVariables[key.Replace(":", "__", StringComparison.Ordinal)] = value!;
            }
        })
        .WithHttpHealthCheck("/health", endpointName: "web")
        // Instances behind the service's one address (DCP's proxy spreads calls over them); bench/load.sh scales by it.
        .WithReplicas(int.TryParse(builder.Configuration[$"GoingHome:Replicas:{service.Name}"], out var replicas) ? replicas : 1);
}

foreach (var service in suite.Services)
{
    webApp.WithReference(projects[service.Name]);
    foreach (var callee in service.Calls)
    {
        projects[service.Name].WithReference(projects[callee]);
        if (projects.Keys.ToList().IndexOf(callee) < projects.Keys.ToList().IndexOf(service.Name))
        {
            projects[service.Name].WaitFor(projects[callee]);
        }
    }
}

builder.Build().Run();
