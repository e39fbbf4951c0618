using GoingHome.Assessment.Data;
using GoingHome.Assessment.Domain;
using GoingHome.Assessment.Events;
using GoingHome.Assessment.Features;
using GoingHome.Events.V1;
using GoingHome.Messaging;
using GoingHome.ServiceClients;

namespace GoingHome.Assessment;

public static class AssessmentExtensions
{
    /// <summary>The topic this service's events go out on; other services subscribe to it by this name.</summary>
    public const string Topic = "assessment";

    public const string Database = "assessmentdb";

    /// <summary>
    /// The use cases; the Case reader; how recent a return's evidence must be (<c>Assessment:Readiness:AssessmentValidMonths</c>,
    /// <c>DbsValidMonths</c>; NS-1, S20-5), validated now so a bad setting stops the service; the consumer of Approvals'
    /// decisions that records the HoS's agreement on the checklist (RH-4).
    /// </summary>
    public static WebApplicationBuilder AddAssessment(this WebApplicationBuilder builder)
    {
        builder.Services.AddCaseChildReader();
        var readiness = builder.Configuration.GetSection("Assessment:Readiness").Get<ReadinessPolicy>() ?? new ReadinessPolicy();
        if (readiness.AssessmentValidMonths is < 1 or > 24 || readiness.DbsValidMonths is < 1 or > 36)
        {
            throw new InvalidOperationException("Assessment:Readiness: AssessmentValidMonths must be 1-24 and DbsValidMonths 1-36.");
        }

        builder.Services.AddSingleton(readiness);
        builder.Services.AddScoped<AssessmentEvents>();
        builder.Services.AddScoped<Assessments>();
        builder.Services.AddScoped<RiskClassifications>();
        builder.Services.AddScoped<Checklists>();
        builder.Services.AddScoped<Households>();
        builder.Services.AddEventHandler<AssessmentDbContext, ApprovalStepDecided, HeadOfServiceAgreementHandler>("approvals", "assessment");
        return builder;
    }
}
