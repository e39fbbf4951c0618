using GoingHome.Approvals.V1;
using GoingHome.LastingHomes.V1;
using GoingHome.Notifications.V1;
using GoingHome.ServiceDefaults.Auth;
using GoingHome.ServiceDefaults.Grpc;
using GoingHome.Testing;
using Grpc.Core;
using Grpc.Net.Client;
using Microsoft.AspNetCore.Hosting;

namespace GoingHome.LastingHomes.Tests;

/// <summary>Seed 002 from start to celebration, with the real Approvals and Notifications services running as processes.</summary>
public sealed class LastingHomeJourneyTests(LastingHomeJourneyTests.Fixture fixture) : IClassFixture<LastingHomeJourneyTests.Fixture>
{
    private static Metadata As(string user, string role) => new() { { "authorization", $"Bearer {TestTokens.For(user, role)}" } };

    [Fact(DisplayName = "LH-1..LH-9 / AP-6 / NT-5: a child from start to celebration through real Approvals and Notifications")]
    public async Task LH_StartToCelebration()
    {
        var childId = fixture.AddChild();
        var home = await fixture.StartAsync(childId);
        fixture.LastingHomes.Homes[home.Id] = home;
        await fixture.PrepareFullyAsync(home.Id);
        var recommended = await fixture.MatchingMeetingAsync(home.Id);
        Assert.Equal(LastingHomeStage.AwaitingRatification, recommended.Stage);

        using var approvalsChannel = GrpcChannel.ForAddress(fixture.ApprovalsProcess.GrpcAddress);
        using var notificationsChannel = GrpcChannel.ForAddress(fixture.NotificationsProcess.GrpcAddress);
        var approvals = new ApprovalsService.ApprovalsServiceClient(approvalsChannel);
        var notifications = new NotificationsService.NotificationsServiceClient(notificationsChannel);

        // AP-6: the real policy makes it a HoS ratification with a two-week deadline.
        var request = await approvals.GetApprovalRequestAsync(new GetApprovalRequestRequest { Id = recommended.ApprovalRequestId }, As("hos-1", Roles.HeadOfService));
        var step = Assert.Single(request.Steps);
        Assert.Equal(("AP-6", "HoS"), (step.RuleId, step.RequiredRole));
        Assert.NotNull(step.DueTime);

        // LH-5 / NT-5: the HoS hears of it in the role's inbox.
        await LocalProcess.WaitUntilAsync(async () => (await notifications.ListNotificationsAsync(new ListNotificationsRequest { ChildId = childId }, As("hos-1", Roles.HeadOfService)))
            .Notifications.Any(n => n.Kind == "approval-awaiting" && n.RuleId == "AP-6"), TimeSpan.FromSeconds(60), "the HoS's notification");

        await approvals.DecideApprovalStepAsync(new DecideApprovalStepRequest
        {
            RequestId = Guid.NewGuid().ToString(), ApprovalRequestId = request.Id, StepIndex = 0, Decision = Decision.Approve,
            Rationale = "Strong match; the child's wishes are clear.", Etag = request.Etag,
        }, As("hos-1", Roles.HeadOfService));

        // The ratification flows back by event.
        await LocalProcess.WaitUntilAsync(async () => (await fixture.SocialWorker.GetLastingHomeAsync(new GetLastingHomeRequest { Id = home.Id })).Stage == LastingHomeStage.Ratified,
            TimeSpan.FromSeconds(60), "the ratification to reach Lasting Homes");
        await LocalProcess.WaitUntilAsync(async () => (await notifications.ListNotificationsAsync(new ListNotificationsRequest { ChildId = childId }, As("sw-1", Roles.SocialWorker)))
            .Notifications.Any(n => n.Kind == "approval-granted"), TimeSpan.FromSeconds(60), "the social worker's notification");

        await fixture.TeamManager.RecordCommitmentVisitAsync(fixture.CommitmentVisit(home.Id));
        await fixture.Ssw.RecordOnCarersRecordAsync(new RecordOnCarersRecordRequest { Id = home.Id, RequestId = Guid.NewGuid().ToString() });
        var celebrated = await fixture.SocialWorker.RecordCelebrationAsync(new RecordCelebrationRequest
        {
            Id = home.Id, HeldOn = fixture.LondonToday.ToProto(), Event = "Pizza and bowling", ContributionPaid = true, PhotographsRequested = true, RequestId = Guid.NewGuid().ToString(),
        });
        Assert.Equal(LastingHomeStage.Celebrated, celebrated.Stage);
        var tracker = await fixture.SocialWorker.ListTrackerEntriesAsync(new ListTrackerEntriesRequest { Stage = LastingHomeStage.Celebrated });
        Assert.Contains(tracker.Entries, e => e.LastingHomeId == home.Id && e.RatifiedOn is not null && e.VisitOn is not null);
    }

    /// <summary>Lasting Homes in-process; Approvals and Notifications as real processes on the same PostgreSQL and Redis.</summary>
    public sealed class Fixture : LastingHomesFixture
    {
        public ServiceProcess ApprovalsProcess { get; private set; } = null!;

        public ServiceProcess NotificationsProcess { get; private set; } = null!;

        public override async Task InitializeAsync()
        {
            await base.InitializeAsync();
            var common = new Dictionary<string, string>
            {
                ["ConnectionStrings__redis"] = Redis.ConnectionString,
                ["services__case__http__0"] = FakeServicesAddress,
                ["services__assessment__http__0"] = FakeServicesAddress,
                // The home under test runs in-process, out of the real Approvals' reach: it confirms the AP-6 subject
                // with the fake Lasting Homes, which the test tells of the home.
                ["services__lastinghomes__http__0"] = FakeServicesAddress,
                ["Auth__SigningKey"] = TestTokens.SigningKey,
                ["Database__MigrateOnStartup"] = "true",
                ["Messaging__MaxPollDelay"] = "00:00:00.200",
            };
            ApprovalsProcess = new ServiceProcess("GoingHome.Approvals",
                new Dictionary<string, string>(common) { ["ConnectionStrings__approvalsdb"] = await CreateDatabaseAsync("approvalsdb") });
            NotificationsProcess = new ServiceProcess("GoingHome.Notifications",
                new Dictionary<string, string>(common) { ["ConnectionStrings__notificationsdb"] = await CreateDatabaseAsync("notificationsdb") });
            await Task.WhenAll(ApprovalsProcess.StartAsync(), NotificationsProcess.StartAsync());
        }

        public override async ValueTask DisposeAsync()
        {
            await ApprovalsProcess.DisposeAsync();
            await NotificationsProcess.DisposeAsync();
            await base.DisposeAsync();
        }

        protected override void AddSettings(IWebHostBuilder builder)
        {
            base.AddSettings(builder);
            builder.UseSetting("services:approvals:http:0", ApprovalsProcess.GrpcAddress);
        }
    }
}
