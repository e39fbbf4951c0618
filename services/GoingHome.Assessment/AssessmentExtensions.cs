using GoingHome.Assessment.Grpc;
using GoingHome.Case.V1;
using GoingHome.ServiceDefaults.Clients;

namespace GoingHome.Assessment;

public static class AssessmentExtensions
{
    /// <summary>The Case client the service reads ages, episodes, siblings and household members through.</summary>
    public static WebApplicationBuilder AddCaseFacts(this WebApplicationBuilder builder)
    {
        builder.Services.AddGoingHomeGrpcClient<CaseService.CaseServiceClient>("case");
        builder.Services.AddScoped<ChildFactsReader>();
        return builder;
    }
}
