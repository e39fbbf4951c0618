using GoingHome.Approvals.V1;
using GoingHome.Case.V1;
using GoingHome.Pathway.V1;
using GoingHome.ServiceDefaults.Errors;
using Google.Rpc;
using Grpc.Core;
using static GoingHome.Suite.Tests.Team;

namespace GoingHome.Suite.Tests;

/// <summary>
/// An approval request is about something that exists: Approvals asks the service that holds the subject, for this
/// child, before it creates the request, so a grant can never be dead-lettered by the service that should act on it.
/// </summary>
[Collection(SuiteCollection.Name)]
public sealed class ApprovalSubjectTests(SharedSuite suite)
{
    [Fact(DisplayName = "Least privilege: CreateApprovalRequest refuses a subject its owning service does not hold for the child, as INVALID_ARGUMENT on subject")]
    public async Task Subjects_are_confirmed_with_their_owner()
    {
        var team = new Team(suite, "subjects");
        var child = await team.ChildEntersCareAsync(8, LegalStatus.InterimCareOrder, 30, JourneyTests.Family());
        var other = await team.ChildEntersCareAsync(9, LegalStatus.InterimCareOrder, 30, JourneyTests.Family());
        var pathway = await team.SocialWorker.Pathway.GetPathwayAsync(new GetPathwayRequest { ChildId = child.Id });
        var othersPathway = await team.SocialWorker.Pathway.GetPathwayAsync(new GetPathwayRequest { ChildId = other.Id });

        foreach (var (action, subject) in new[]
                 {
                     ("lasting-home-recommendation", "lastingHomes/does-not-exist"),
                     ("lasting-home-recommendation", $"lastingHomes/{Guid.NewGuid()}"),
                     ("return-home", $"pathways/{Guid.NewGuid()}"),
                     ("return-home", $"pathways/{othersPathway.Id}"),
                     ("return-home", $"lastingHomes/{pathway.Id}"),
                     ("return-home", pathway.Id),
                     ("end-care-episode-after-s20-return", $"section20Returns/{Guid.NewGuid()}"),
                 })
        {
            var error = await Assert.ThrowsAsync<RpcException>(() => team.SocialWorker.Approvals.CreateApprovalRequestAsync(
                new CreateApprovalRequestRequest { ChildId = child.Id, Action = action, Subject = subject, RequestId = NewId() }).ResponseAsync);
            Assert.True(error.StatusCode == StatusCode.InvalidArgument, $"{action} on {subject}: {error.Status}");
            Assert.Equal("subject", Assert.Single(error.GetStatusDetail<BadRequest>()!.FieldViolations).Field);
        }

        // The child's own pathway passes the subject check and meets the next rule: the return is not ready (NS-1).
        var real = await Assert.ThrowsAsync<RpcException>(() => team.SocialWorker.Approvals.CreateApprovalRequestAsync(
            new CreateApprovalRequestRequest { ChildId = child.Id, Action = "return-home", Subject = $"pathways/{pathway.Id}", RequestId = NewId() }).ResponseAsync);
        Assert.Equal(StatusCode.FailedPrecondition, real.StatusCode);
        Assert.Equal(0, await suite.CountAsync("approvalsdb", """SELECT count(*) FROM approval_requests WHERE "ChildId" = @child""", ("child", child.Id)));
    }
}
