// The Aspire AppHost: the same resources, names and configuration as ./run.sh (see run.sh's SERVICES), for teams
// that have the Aspire SDK and dashboard. Written against the Aspire 13 API; not built in CI (no Aspire packages there).

var builder = DistributedApplication.CreateBuilder(args);

// Secrets come from the AppHost's parameters (user secrets or environment), never from the repo.
var signingKey = builder.AddParameter("auth-signing-key", secret: true);

var postgres = builder.AddPostgres("postgres").WithDataVolume();
var casedb = postgres.AddDatabase("casedb");
var approvalsdb = postgres.AddDatabase("approvalsdb");
var assessmentdb = postgres.AddDatabase("assessmentdb");
var notificationsdb = postgres.AddDatabase("notificationsdb");
var pathwaydb = postgres.AddDatabase("pathwaydb");
var lastinghomesdb = postgres.AddDatabase("lastinghomesdb");

// The runner runs Redis append-only with fsync always; here the data volume and a one-second snapshot keep streams
// across restarts of the container. Production Redis is the authority's managed offering, configured for AOF.
var redis = builder.AddRedis("redis").WithDataVolume().WithPersistence(TimeSpan.FromSeconds(1), 1);

// Each service listens on two ports: "http" speaks HTTP/2 for gRPC (and is what other services discover as
// services:<name>:http:0); "web" speaks HTTP/1.1 for gRPC-Web, JSON and health.
IResourceBuilder<ProjectResource> AddService<TProject>(string name, IResourceBuilder<PostgresDatabaseResource> database, int grpcPort, int webPort)
    where TProject : IProjectMetadata, new() =>
    builder.AddProject<TProject>(name, launchProfileName: null)
        .WithHttpEndpoint(port: grpcPort, name: "http", env: "GRPC_PORT")
        .WithHttpEndpoint(port: webPort, name: "web", env: "WEB_PORT")
        .WithReference(database).WaitFor(database)
        .WithReference(redis).WaitFor(redis)
        .WithEnvironment("Auth__SigningKey", signingKey)
        .WithEnvironment("Database__MigrateOnStartup", "true")
        .WithHttpHealthCheck("/health", endpointName: "web");

var caseService = AddService<Projects.GoingHome_Case>("case", casedb, 5101, 5201);
var assessment = AddService<Projects.GoingHome_Assessment>("assessment", assessmentdb, 5103, 5203)
    .WithReference(caseService).WaitFor(caseService);
var approvals = AddService<Projects.GoingHome_Approvals>("approvals", approvalsdb, 5102, 5202)
    .WithReference(caseService).WaitFor(caseService)
    .WithReference(assessment).WaitFor(assessment);
// Case proves a return home with Approvals before it ends an episode (AP-1..AP-5); a reference without a wait, since
// Approvals waits for Case.
caseService.WithReference(approvals);
AddService<Projects.GoingHome_Notifications>("notifications", notificationsdb, 5104, 5204)
    .WithReference(caseService).WaitFor(caseService);
var lastingHomes = AddService<Projects.GoingHome_LastingHomes>("lastinghomes", lastinghomesdb, 5106, 5206)
    .WithReference(caseService).WaitFor(caseService)
    .WithReference(approvals).WaitFor(approvals);
var pathway = AddService<Projects.GoingHome_Pathway>("pathway", pathwaydb, 5105, 5205)
    .WithReference(caseService).WaitFor(caseService)
    .WithReference(approvals).WaitFor(approvals)
    .WithReference(assessment).WaitFor(assessment);

// Approvals confirms a request's subject with the service that holds it; references without waits, as both wait for it.
approvals.WithReference(pathway).WithReference(lastingHomes);

builder.Build().Run();
