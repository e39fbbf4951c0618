using GoingHome.Approvals.V1;
using GoingHome.Events.V1;
using GoingHome.LastingHomes.Data;
using GoingHome.LastingHomes.Events;
using GoingHome.LastingHomes.Features;
using GoingHome.Messaging;
using GoingHome.ServiceClients;
using GoingHome.ServiceDefaults.Clients;

namespace GoingHome.LastingHomes;

public static class LastingHomesExtensions
{
    /// <summary>The topic this service's events go out on; other services subscribe to it by this name.</summary>
    public const string Topic = "lastinghomes";

    public const string Database = "lastinghomesdb";

    /// <summary>The use cases; Case (facts, the child's file) and Approvals (ratification) clients, and the consumers of their results.</summary>
    public static WebApplicationBuilder AddLastingHomes(this WebApplicationBuilder builder)
    {
        builder.Services.AddCaseChildReader();
        builder.Services.AddGoingHomeGrpcClient<ApprovalsService.ApprovalsServiceClient>("approvals");
        builder.Services.AddScoped<LastingHomeStages>();
        builder.Services.AddScoped<LastingHomeJourney>();
        builder.Services.AddScoped<LastingHomeTracker>();
        builder.Services.AddEventHandler<LastingHomesDbContext, ApprovalGranted, LastingHomeEventHandler>("approvals", "lastinghomes");
        builder.Services.AddEventHandler<LastingHomesDbContext, ApprovalRejected, LastingHomeEventHandler>("approvals", "lastinghomes");
        builder.Services.AddEventHandler<LastingHomesDbContext, CarePlanRevisionOpened, LastingHomeEventHandler>("pathway", "lastinghomes");
        return builder;
    }
}
