using GoingHome.Case.V1;
using GoingHome.Events.V1;
using GoingHome.Pathway.Data;
using GoingHome.Pathway.V1;
using GoingHome.ServiceDefaults.Auth;
using GoingHome.ServiceDefaults.Grpc;
using GoingHome.Testing;
using GoingHome.Time;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;

namespace GoingHome.Pathway.Tests;

/// <summary>Pathway in-process on real PostgreSQL and Redis, with Case, Assessment and Approvals faked over real gRPC.</summary>
public class PathwayFixture() : GrpcServiceFixture<Program, PathwayDbContext>("pathwaydb")
{
    public PathwayService.PathwayServiceClient Client(string userId, params string[] roles) => new(Invoker(userId, roles));

    public PathwayService.PathwayServiceClient SocialWorker => Client("sw-1", Roles.SocialWorker);

    public PathwayService.PathwayServiceClient TeamManager => Client("tm-1", Roles.TeamManager);

    /// <summary>
    /// A child in Case who entered care <paramref name="daysInCare"/> days ago (placement the same day), and Case's
    /// CareEpisodeStarted on the stream; returns once the pathway is open.
    /// </summary>
    public async Task<string> ChildEntersCareAsync(int ageYears = 8, int daysInCare = 0, LegalStatus status = LegalStatus.InterimCareOrder, params NetworkMember[] network)
    {
        var today = Clock.LondonToday();
        var childId = Case.AddChild(today, ageYears, status, daysInCare, "north", network);
        var started = Case.Children[childId].CareEpisodes[0];
        started.Placements.Add(new Placement { Id = "p1", CarerType = CarerType.Foster, StartDate = started.StartDate });
        await PublishCaseEventAsync(new CareEpisodeStarted { ChildId = childId, EpisodeId = started.Id, LegalStatus = status, StartDate = started.StartDate }, childId);
        await LocalProcess.WaitUntilAsync(() => WithDbAsync(db => db.Pathways.AnyAsync(p => p.ChildId == childId)), TimeSpan.FromSeconds(60), "the pathway to open");
        return childId;
    }

    /// <summary>An event on Case's topic, as Case's relay would publish it.</summary>
    public Task PublishCaseEventAsync(Google.Protobuf.IMessage payload, string childId) => PublishAsync("case", payload, childId);

    public async Task<List<PathwayTask>> TasksAsync(string childId, TaskState state = TaskState.Unspecified) =>
        [.. (await SocialWorker.ListTasksAsync(new ListTasksRequest { ChildId = childId, State = state, PageSize = 200 })).Tasks];

    /// <summary>S20-6 / S20-8: what goes to the HoS with a viable return: the IRO's views (by the IRO) and a step-down plan.</summary>
    public async Task RecordIroViewsAndStepDownPlanAsync(string childId)
    {
        await RecordAsync(childId, RecordKind.IroViews, notes: "The IRO supports the return with a CIN plan.", by: Client("iro-1", Roles.IndependentReviewingOfficer));
        await RecordAsync(childId, RecordKind.StepDownPlan, "CIN meeting", notes: "Aim: a team around the family for six months.");
    }

    /// <summary>A record as its author makes it: a statutory review by the IRO who chaired it, with who attended (GH-2).</summary>
    public Task<PathwayRecord> RecordAsync(string childId, RecordKind kind, string subject = "", string status = "", string notes = "", DateOnly? on = null, PathwayService.PathwayServiceClient? by = null) =>
        (by ?? (kind == RecordKind.Review ? Client("iro-1", Roles.IndependentReviewingOfficer) : SocialWorker)).AddPathwayRecordAsync(new AddPathwayRecordRequest
        {
            ChildId = childId, RequestId = Guid.NewGuid().ToString(),
            Record = new PathwayRecord
            {
                Kind = kind, Subject = subject, Status = status, Notes = notes, Outcome = "recorded by the test",
                OccurredOn = (on ?? DateOnly.FromDateTime(Clock.GetUtcNow().UtcDateTime)).ToProto(),
                Attendees = { kind == RecordKind.Review ? ["iro-1", "sw-1", "parents"] : [] },
            },
        }).ResponseAsync;

    public Task<V1.Pathway> MoveAsync(string childId, Stage to, PlanDecision decision = PlanDecision.Unspecified, CareOrderOutcome careOrder = CareOrderOutcome.Unspecified) =>
        SocialWorker.TransitionPathwayAsync(new TransitionPathwayRequest
        {
            ChildId = childId, ToStage = to, PlanDecision = decision, CareOrderOutcome = careOrder, RequestId = Guid.NewGuid().ToString(),
        }).ResponseAsync;

    /// <summary>The events Pathway raised about a child, by payload type.</summary>
    public async Task<List<T>> RaisedAsync<T>(string childId)
        where T : Google.Protobuf.IMessage<T>, new() =>
        [.. (await EventsAsync(childId)).Where(e => e.Payload.Is(new T().Descriptor)).Select(e => e.Payload.Unpack<T>())];

    protected override void AddSettings(IWebHostBuilder builder) => builder.UseSetting("Messaging:MaxPollDelay", "00:00:00.200");

}
