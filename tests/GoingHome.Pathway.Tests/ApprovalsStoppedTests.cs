using GoingHome.Pathway.V1;
using GoingHome.ServiceDefaults.Auth;
using GoingHome.ServiceDefaults.Grpc;
using GoingHome.Testing;
using Grpc.Core;
using Microsoft.AspNetCore.Hosting;

namespace GoingHome.Pathway.Tests;

/// <summary>AP-8 with Approvals not running at all: its address answers nothing.</summary>
public sealed class ApprovalsStoppedTests(ApprovalsStoppedTests.Fixture fixture) : IClassFixture<ApprovalsStoppedTests.Fixture>
{
    [Fact(DisplayName = "AP-8 / GH-14 / S20-6: with Approvals stopped, gates refuse UNAVAILABLE and nothing moves")]
    public async Task AP8_GatesFailClosedWithApprovalsStopped()
    {
        var childId = await fixture.ChildEntersCareAsync();
        await fixture.MoveAsync(childId, Stage.Stage2, PlanDecision.HomeWithin6To12Months);
        await fixture.SocialWorker.SetPlannedReturnDateAsync(new SetPlannedReturnDateRequest
        {
            ChildId = childId, PlannedReturnDate = DateOnly.FromDateTime(fixture.Clock.GetUtcNow().UtcDateTime).AddDays(30).ToProto(), RequestId = Guid.NewGuid().ToString(),
        });
        await fixture.RecordAsync(childId, RecordKind.ContingencyPlan, status: "agreed");

        var move = await Assert.ThrowsAsync<RpcException>(() => fixture.MoveAsync(childId, Stage.Stage3));
        Assert.Equal(StatusCode.Unavailable, move.StatusCode);
        Assert.Contains("AP-8", move.Status.Detail, StringComparison.Ordinal);
        var pathway = await fixture.SocialWorker.GetPathwayAsync(new GetPathwayRequest { ChildId = childId });
        Assert.Equal(Stage.Stage2, pathway.Stage);
        Assert.DoesNotContain(await fixture.TasksAsync(childId), t => t.Stage == Stage.Stage3);

        var s20Child = await fixture.ChildEntersCareAsync(ageYears: 11, status: Case.V1.LegalStatus.Section20);
        var s20 = await fixture.SocialWorker.RecordSection20TriggerAsync(new RecordSection20TriggerRequest
        {
            ChildId = s20Child, Trigger = Section20Trigger.ParentRequest, RaisedBy = "Father", ChildViews = "Wants to go home", ParentsConsulted = "Father asked; mother agrees.",
            TriggerDate = DateOnly.FromDateTime(fixture.Clock.GetUtcNow().UtcDateTime).ToProto(), RequestId = Guid.NewGuid().ToString(),
        });
        await fixture.RecordIroViewsAndStepDownPlanAsync(s20Child);
        var decide = await Assert.ThrowsAsync<RpcException>(() => fixture.Client("hos-1", Roles.HeadOfService).DecideSection20ReturnAsync(new DecideSection20ReturnRequest
        {
            ReturnId = s20.Id, Viable = true, Reason = "viable", PlanDocumentId = fixture.Case.AddDocument(s20Child), RequestId = Guid.NewGuid().ToString(),
            PlannedReturnDate = DateOnly.FromDateTime(fixture.Clock.GetUtcNow().UtcDateTime).AddDays(14).ToProto(),
        }).ResponseAsync);
        Assert.Equal(StatusCode.Unavailable, decide.StatusCode);
        var after = await fixture.WithDbAsync(db => Task.FromResult(db.Section20Returns.Single(r => r.ChildId == s20Child)));
        Assert.Equal(Section20State.Assessing, after.State);
    }

    /// <summary>Approvals' address is a port nothing listens on.</summary>
    public sealed class Fixture : PathwayFixture
    {
        protected override void AddSettings(IWebHostBuilder builder)
        {
            base.AddSettings(builder);
            builder.UseSetting("services:approvals:http:0", $"http://127.0.0.1:{LocalProcess.FreePort()}");
        }
    }
}
