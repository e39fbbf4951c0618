using GoingHome.Approvals.V1;
using GoingHome.Assessment.V1;
using GoingHome.Events.V1;
using GoingHome.Messaging;
using GoingHome.Pathway.Data;
using GoingHome.Pathway.Domain;
using GoingHome.Pathway.Events;
using GoingHome.Pathway.Features;
using GoingHome.ServiceClients;
using GoingHome.ServiceDefaults.Clients;

namespace GoingHome.Pathway;

public static class PathwayExtensions
{
    /// <summary>The topic this service's events go out on; other services subscribe to it by this name.</summary>
    public const string Topic = "pathway";

    public const string Database = "pathwaydb";

    /// <summary>
    /// The use cases; the authority's template from <c>Pathway:TemplatePath</c> (default Templates/default.json), validated now so a
    /// bad file stops the service; Case, Approvals and Assessment clients; the consumer that opens pathways.
    /// </summary>
    public static WebApplicationBuilder AddPathway(this WebApplicationBuilder builder)
    {
        var path = builder.Configuration["Pathway:TemplatePath"] ?? Path.Combine(AppContext.BaseDirectory, "Templates", "default.json");
        builder.Services.AddSingleton(TemplateLoader.Load(path));
        builder.Services.AddCaseChildReader();
        builder.Services.AddGoingHomeGrpcClient<ApprovalsService.ApprovalsServiceClient>("approvals");
        builder.Services.AddGoingHomeGrpcClient<AssessmentService.AssessmentServiceClient>("assessment");
        builder.Services.AddScoped<PathwayWorkflow>();
        builder.Services.AddScoped<PathwayStore>();
        builder.Services.AddScoped<PlannedReturns>();
        builder.Services.AddScoped<Pathways>();
        builder.Services.AddScoped<PathwayTasks>();
        builder.Services.AddScoped<PathwayRecords>();
        builder.Services.AddScoped<ReturnHomePlans>();
        builder.Services.AddScoped<Section20Returns>();
        builder.Services.AddEventHandler<PathwayDbContext, CareEpisodeStarted, CareEpisodeHandler>("case", "pathway");
        builder.Services.AddEventHandler<PathwayDbContext, PlacementAdded, CareEpisodeHandler>("case", "pathway");
        builder.Services.AddEventHandler<PathwayDbContext, AllocationChanged, CareEpisodeHandler>("case", "pathway");
        builder.Services.AddEventHandler<PathwayDbContext, CareEpisodeEnded, CareEpisodeHandler>("case", "pathway");
        return builder;
    }
}
