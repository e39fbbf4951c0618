using GoingHome.Case;
using GoingHome.Case.Data;
using GoingHome.Case.Grpc;
using GoingHome.Messaging;

await GoingHomeServiceHost.RunAsync<CaseDbContext, CaseGrpcService>(args, CaseGrpcService.Topic, CaseExtensions.Database, builder => builder.AddCase());

/// <summary>Entry point, visible to the integration tests' host factory.</summary>
public partial class Program;
