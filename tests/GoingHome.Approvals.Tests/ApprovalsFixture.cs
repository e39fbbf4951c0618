using GoingHome.Approvals.Data;
using GoingHome.Approvals.V1;
using GoingHome.Testing;
using Microsoft.AspNetCore.Hosting;

namespace GoingHome.Approvals.Tests;

/// <summary>Approvals in-process, reading facts from a fake Case over real gRPC.</summary>
public sealed class ApprovalsFixture() : GrpcServiceFixture<Program, ApprovalsDbContext>("approvalsdb")
{
    public string? PolicyPath { get; init; }

    public ApprovalsService.ApprovalsServiceClient Client(string userId, params string[] roles) => new(Invoker(userId, roles));

    protected override void AddSettings(IWebHostBuilder builder)
    {
        if (PolicyPath is not null)
        {
            builder.UseSetting("Approvals:PolicyPath", PolicyPath);
        }
    }
}

[CollectionDefinition(Name)]
public sealed class ApprovalsCollection : ICollectionFixture<ApprovalsFixture>
{
    public const string Name = "approvals";
}
