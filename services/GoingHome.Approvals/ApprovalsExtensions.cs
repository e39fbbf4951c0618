using GoingHome.Approvals.Domain;
using GoingHome.Approvals.Features;
using GoingHome.Approvals.Jobs;
using GoingHome.Assessment.V1;
using GoingHome.LastingHomes.V1;
using GoingHome.Pathway.V1;
using GoingHome.ServiceClients;
using GoingHome.ServiceDefaults.Clients;

namespace GoingHome.Approvals;

public static class ApprovalsExtensions
{
    /// <summary>The topic this service's events go out on; other services subscribe to it by this name.</summary>
    public const string Topic = "approvals";

    public const string Database = "approvalsdb";

    /// <summary>
    /// The use cases; the authority's policy (Rule AP-9) from <c>Approvals:PolicyPath</c> (default Policies/default.json), read and
    /// validated now, so a bad file stops the service at start-up; the Case client that supplies the facts; the Pathway and Lasting Homes clients that confirm a request's subject; and the
    /// scan that raises deadline reminders and lapses.
    /// </summary>
    public static WebApplicationBuilder AddApprovals(this WebApplicationBuilder builder)
    {
        var path = builder.Configuration["Approvals:PolicyPath"] ?? Path.Combine(AppContext.BaseDirectory, "Policies", "default.json");
        builder.Services.AddSingleton(PolicyLoader.Load(path));
        builder.Services.AddCaseChildReader();
        builder.Services.AddGoingHomeGrpcClient<AssessmentService.AssessmentServiceClient>("assessment");
        builder.Services.AddGoingHomeGrpcClient<PathwayService.PathwayServiceClient>("pathway");
        builder.Services.AddGoingHomeGrpcClient<LastingHomesService.LastingHomesServiceClient>("lastinghomes");
        builder.Services.AddScoped<ApprovalSubjects>();
        builder.Services.AddScoped<ApprovalRequestStore>();
        builder.Services.AddScoped<ReturnReadinessCheck>();
        builder.Services.AddScoped<ApprovalRequests>();
        builder.Services.AddScoped<ApprovalDecisions>();
        builder.Services.AddScoped<ApprovalGates>();
        builder.Services.AddSingleton<DeadlineScanner>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<DeadlineScanner>());
        return builder;
    }
}
