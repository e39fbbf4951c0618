using GoingHome.Assessment;
using GoingHome.Assessment.Data;
using GoingHome.Assessment.Grpc;
using GoingHome.Messaging;

await GoingHomeServiceHost.RunAsync<AssessmentDbContext, AssessmentGrpcService>(
    args, AssessmentGrpcService.Topic, AssessmentExtensions.Database, builder => builder.AddAssessment());

/// <summary>Entry point, visible to the integration tests' host factory.</summary>
public partial class Program;
