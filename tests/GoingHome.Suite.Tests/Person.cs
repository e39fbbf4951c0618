using GoingHome.Approvals.V1;
using GoingHome.Assessment.V1;
using GoingHome.Case.V1;
using GoingHome.LastingHomes.V1;
using GoingHome.Notifications.V1;
using GoingHome.Pathway.V1;
using GoingHome.Testing;
using Grpc.Core;
using Grpc.Core.Interceptors;

namespace GoingHome.Suite.Tests;

/// <summary>Someone signed in with one role, calling each service's public gRPC API with their own token.</summary>
public sealed class Person(Suite suite, string id, string role, int instance)
{
    private readonly string _token = TestTokens.For(id, role);

    public string Id => id;

    public string Role => role;

    public CaseService.CaseServiceClient Case => new(Invoker("case"));

    public ApprovalsService.ApprovalsServiceClient Approvals => new(Invoker("approvals"));

    public AssessmentService.AssessmentServiceClient Assessment => new(Invoker("assessment"));

    public NotificationsService.NotificationsServiceClient Notifications => new(Invoker("notifications"));

    public PathwayService.PathwayServiceClient Pathway => new(Invoker("pathway"));

    public LastingHomesService.LastingHomesServiceClient LastingHomes => new(Invoker("lastinghomes"));

    /// <summary>One service's own access log.</summary>
    public Audit.V1.AccessLogService.AccessLogServiceClient AccessLog(string service) => new(Invoker(service));

    /// <summary>The suite's access log, which Case gathers.</summary>
    public Audit.V1.SuiteAccessLogService.SuiteAccessLogServiceClient SuiteAccessLog => new(Invoker("case"));

    /// <summary>Every notification in this person's inbox (their own and their role's) about one child.</summary>
    public async Task<List<Notification>> InboxAsync(string childId) =>
        [.. (await Notifications.ListNotificationsAsync(new ListNotificationsRequest { ChildId = childId, PageSize = 100 })).Notifications];

    private CallInvoker Invoker(string service) =>
        suite.Channel(service, instance).Intercept(metadata =>
        {
            metadata.Add("authorization", $"Bearer {_token}");
            return metadata;
        });
}
