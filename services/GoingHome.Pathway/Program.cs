using GoingHome.Messaging;
using GoingHome.Pathway;
using GoingHome.Pathway.Data;
using GoingHome.Pathway.Domain;
using GoingHome.Pathway.Grpc;

await GoingHomeServiceHost.RunAsync<PathwayDbContext, PathwayGrpcService>(
    args, PathwayWorkflow.Topic, PathwayExtensions.Database, builder => builder.AddPathway());

/// <summary>Entry point, visible to the integration tests' host factory.</summary>
public partial class Program;
