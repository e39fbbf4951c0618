using GoingHome.Case.V1;
using GoingHome.LastingHomes.Data;
using GoingHome.LastingHomes.V1;
using GoingHome.ServiceDefaults.Auth;
using GoingHome.ServiceDefaults.Grpc;
using GoingHome.Time;
using GoingHome.Testing;
using Microsoft.AspNetCore.Hosting;

namespace GoingHome.LastingHomes.Tests;

/// <summary>Lasting Homes in-process on real PostgreSQL and Redis, with Case and Approvals faked over real gRPC.</summary>
public class LastingHomesFixture() : GrpcServiceFixture<Program, LastingHomesDbContext>("lastinghomesdb")
{
    public LastingHomesService.LastingHomesServiceClient Client(string userId, params string[] roles) => new(Invoker(userId, roles));

    public LastingHomesService.LastingHomesServiceClient TeamManager => Client("tm-1", Roles.TeamManager);

    public LastingHomesService.LastingHomesServiceClient SocialWorker => Client("sw-1", Roles.SocialWorker);

    public LastingHomesService.LastingHomesServiceClient Ssw => Client("ssw-1", Roles.SupervisingSocialWorker);

    public DateOnly LondonToday => Clock.LondonToday();

    /// <summary>A fostered child with SW, TM (tm-1), IRO (iro-1) and SSW (ssw-1) allocated and a school in the network.</summary>
    public string AddChild(int daysInPlacement = 400)
    {
        var id = Case.AddChild(LondonToday, 9, LegalStatus.CareOrder, daysInPlacement, "north",
            new NetworkMember { Id = "school-1", Relationship = Relationship.School, Name = "Oak Primary" });
        Case.Children[id].Allocations.Add(new Allocation { Role = WorkerRole.TeamManager, WorkerId = "tm-1", TeamId = "north" });
        Case.Children[id].Allocations.Add(new Allocation { Role = WorkerRole.IndependentReviewingOfficer, WorkerId = "iro-1", TeamId = "north" });
        Case.Children[id].Allocations.Add(new Allocation { Role = WorkerRole.SupervisingSocialWorker, WorkerId = "ssw-1", TeamId = "north" });
        return id;
    }

    public Task<LastingHome> StartAsync(string childId, CarerType carer = CarerType.Foster, string evidence = "", bool timeLimited = false) =>
        TeamManager.StartLastingHomeAsync(new StartLastingHomeRequest
        {
            ChildId = childId, CarerType = carer, CarerName = "The Browns", ResidentialExceptionEvidence = evidence, KinshipTimeLimited = timeLimited,
            IroId = "iro-1", IroAgreedOn = LondonToday.ToProto(), RequestId = Guid.NewGuid().ToString(),
        }).ResponseAsync;

    public Task<LastingHome> PrepareAsync(string id, PreparationItem item, string subject = "", LastingHomesService.LastingHomesServiceClient? by = null) =>
        (by ?? SocialWorker).RecordPreparationAsync(new RecordPreparationRequest
        {
            Id = id, Item = item, Subject = subject, Notes = "done", DoneOn = LondonToday.ToProto(), RequestId = Guid.NewGuid().ToString(),
        }).ResponseAsync;

    /// <summary>Every LH-3 item for a child from <see cref="AddChild"/>.</summary>
    public async Task PrepareFullyAsync(string id)
    {
        await PrepareAsync(id, PreparationItem.CarersCommitmentWork, by: Ssw);
        await PrepareAsync(id, PreparationItem.CarersInformation, by: Ssw);
        await PrepareAsync(id, PreparationItem.ChildDirectWork);
        await PrepareAsync(id, PreparationItem.ParentsSupportedWithGuide);
        await PrepareAsync(id, PreparationItem.ParentsInvited);
        foreach (var professional in new[] { "sw-1", "iro-1", "ssw-1", "school-1" })
        {
            await PrepareAsync(id, PreparationItem.ProfessionalInvited, professional);
        }
    }

    public Task<LastingHome> MatchingMeetingAsync(string id, LastingHomesService.LastingHomesServiceClient? chair = null, long contribution = 25_000) =>
        (chair ?? TeamManager).RecordMatchingMeetingAsync(new RecordMatchingMeetingRequest
        {
            Id = id, HeldOn = LondonToday.ToProto(), Strengths = "Secure attachment", Concerns = "Contact with birth father", Recommendation = "Lasting home with the Browns",
            CelebrationWish = "Pizza and bowling", ContributionPence = contribution, RequestId = Guid.NewGuid().ToString(),
        }).ResponseAsync;

    /// <summary>LH-6: the commitment visit with the child's TM and SW, the carers' commitment and what it means for the child.</summary>
    public RecordCommitmentVisitRequest CommitmentVisit(string id, bool card = true, params string[] attendees) => new()
    {
        Id = id, VisitOn = LondonToday.ToProto(), Place = "The bowling alley", Attendees = { attendees.Length > 0 ? attendees : ["Amy", "the Browns", "tm-1", "sw-1"] },
        CardGiven = card, CertificateGiven = true, OutcomeToldDuringVisit = true, CarersCommitment = "Amy is part of our family for good.",
        MeaningForChild = "Amy asked her nan to come and talk about what it means.", RequestId = Guid.NewGuid().ToString(),
    };

    protected override void AddSettings(IWebHostBuilder builder) => builder.UseSetting("Messaging:MaxPollDelay", "00:00:00.200");

}
