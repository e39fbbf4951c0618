using GoingHome.Approvals.V1;
using GoingHome.Audit.V1;
using GoingHome.Case.Data;
using GoingHome.Case.Events;
using GoingHome.Case.Features;
using GoingHome.Events.V1;
using GoingHome.Messaging;
using GoingHome.ServiceDefaults.Auth;
using GoingHome.ServiceDefaults.Clients;

namespace GoingHome.Case;

public static class CaseExtensions
{
    /// <summary>The topic this service's events go out on; other services subscribe to it by this name.</summary>
    public const string Topic = "case";

    public const string Database = "casedb";

    /// <summary>
    /// The use cases; the Approvals client Case proves a return home with before it ends a care episode (AP-1..AP-5,
    /// AP-8); every other service's access log, which Case gathers for the data protection officer; and the approvals
    /// the seeds put on the child's file, heard from Approvals' events.
    /// </summary>
    public static WebApplicationBuilder AddCase(this WebApplicationBuilder builder)
    {
        builder.Services.AddGoingHomeGrpcClient<ApprovalsService.ApprovalsServiceClient>("approvals");
        builder.Services.AddScoped<ReturnHomeGate>();
        builder.Services.AddScoped<ChildFiles>();
        builder.Services.AddScoped<IntegratorSources>();
        builder.Services.AddScoped<IChildRelationshipCheck, ChildRelationshipCheck>();
        builder.Services.AddScoped<ChildRecordChanges>();
        builder.Services.AddScoped<ChildSync>();
        builder.Services.AddScoped<Children>();
        builder.Services.AddScoped<CareEpisodes>();
        builder.Services.AddScoped<ChildNetwork>();
        builder.Services.AddScoped<CaseFileEntries>();
        builder.Services.AddScoped<ChildRestrictions>();
        builder.Services.AddScoped<Ssda903Return>();
        foreach (var other in SuiteAccessLog.OtherServices)
        {
            builder.Services.AddGoingHomeGrpcClient<AccessLogService.AccessLogServiceClient>(other, clientName: other);
        }

        builder.Services.AddScoped<SuiteAccessLog>();
        builder.Services.AddEventHandler<CaseDbContext, ApprovalStepDecided, ApprovalsOnChildFile>("approvals", "case");
        builder.Services.AddEventHandler<CaseDbContext, CommitmentVisitRecorded, CommitmentVisitsOnChildFile>("lastinghomes", "case");
        return builder;
    }
}
