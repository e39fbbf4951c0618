using GoingHome.Approvals;
using GoingHome.Approvals.Data;
using GoingHome.Approvals.Grpc;
using GoingHome.Messaging;

await GoingHomeServiceHost.RunAsync<ApprovalsDbContext, ApprovalsGrpcService>(
    args, ApprovalsGrpcService.Topic, "approvalsdb", builder => builder.AddApprovalPolicyAndCase());

/// <summary>Entry point, visible to the integration tests' host factory.</summary>
public partial class Program;
