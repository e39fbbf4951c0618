using GoingHome.Assessment.Data;
using GoingHome.Assessment.Grpc;
using GoingHome.Messaging;
using GoingHome.ServiceDefaults.Clients;

await GoingHomeServiceHost.RunAsync<AssessmentDbContext, AssessmentGrpcService>(
    args, AssessmentGrpcService.Topic, "assessmentdb", builder => builder.Services.AddCaseChildReader());

/// <summary>Entry point, visible to the integration tests' host factory.</summary>
public partial class Program;
