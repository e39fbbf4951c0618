using GoingHome.Assessment.Data;
using GoingHome.Assessment.V1;
using GoingHome.Testing;

namespace GoingHome.Assessment.Tests;

/// <summary>Assessment and Risk in-process, reading the child's facts from a fake Case over real gRPC.</summary>
public sealed class AssessmentFixture() : GrpcServiceFixture<Program, AssessmentDbContext>("assessmentdb")
{
    public AssessmentService.AssessmentServiceClient Client(string userId, params string[] roles) => new(Invoker(userId, roles));
}

[CollectionDefinition(Name)]
public sealed class AssessmentCollection : ICollectionFixture<AssessmentFixture>
{
    public const string Name = "assessment";
}
