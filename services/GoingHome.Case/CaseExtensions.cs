using GoingHome.Approvals.V1;
using GoingHome.Case.Grpc;
using GoingHome.ServiceDefaults.Clients;

namespace GoingHome.Case;

public static class CaseExtensions
{
    public const string Database = "casedb";

    /// <summary>The Approvals client Case proves a return home with before it ends a care episode (AP-1..AP-5, AP-8).</summary>
    public static WebApplicationBuilder AddCase(this WebApplicationBuilder builder)
    {
        builder.Services.AddGoingHomeGrpcClient<ApprovalsService.ApprovalsServiceClient>("approvals");
        builder.Services.AddScoped<ReturnHomeGate>();
        return builder;
    }
}
