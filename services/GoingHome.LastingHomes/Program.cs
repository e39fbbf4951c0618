using GoingHome.LastingHomes;
using GoingHome.LastingHomes.Data;
using GoingHome.LastingHomes.Domain;
using GoingHome.LastingHomes.Grpc;
using GoingHome.Messaging;

await GoingHomeServiceHost.RunAsync<LastingHomesDbContext, LastingHomesGrpcService>(
    args, LastingHomeStages.Topic, LastingHomesExtensions.Database, builder => builder.AddLastingHomes());

/// <summary>Entry point, visible to the integration tests' host factory.</summary>
public partial class Program;
