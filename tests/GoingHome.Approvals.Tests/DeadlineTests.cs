using GoingHome.Approvals.Jobs;
using GoingHome.Approvals.V1;
using GoingHome.Case.V1;
using GoingHome.Events.V1;
using Microsoft.Extensions.DependencyInjection;

namespace GoingHome.Approvals.Tests;

/// <summary>Moves its own clock (T-4), so it has its own service rather than the shared one.</summary>
public sealed class DeadlineTests(ApprovalsFixture service) : IClassFixture<ApprovalsFixture>
{
    private async Task<List<T>> EventsAsync<T>(string childId)
        where T : Google.Protobuf.IMessage<T>, new()
    {
        var descriptor = new T().Descriptor;
        return (await service.EventsAsync(childId)).Where(e => e.Payload.Is(descriptor)).Select(e => e.Payload.Unpack<T>()).ToList();
    }

    /// <summary>
    /// Scans until a scan ran to the end (the service's own timer may hold the lock when the clock moves), then once
    /// more, so a second pass at the same time can be seen to raise nothing new.
    /// </summary>
    private async Task ScanTwiceAsync()
    {
        var scanner = service.Services.GetRequiredService<DeadlineScanner>();
        for (var completed = 0; completed < 2;)
        {
            if (await scanner.ScanOnceAsync(CancellationToken.None) is not null)
            {
                completed++;
            }
            else
            {
                await Task.Delay(20);
            }
        }
    }

    [Fact(DisplayName = "LH-5: a ratification step gets one reminder before its deadline, then one lapse escalated to the AD")]
    public async Task LH5_reminder_then_lapse_and_escalation()
    {
        var child = service.Case.AddChild(service.Today, 7, LegalStatus.CareOrder, 400);
        var request = await service.Client("tm-1", "TM").CreateApprovalRequestAsync(new CreateApprovalRequestRequest
        {
            RequestId = Guid.NewGuid().ToString(), ChildId = child, Action = "lasting-home-recommendation", Subject = service.SubjectFor("lasting-home-recommendation", child),
        });

        await ScanTwiceAsync();
        Assert.Empty(await EventsAsync<ApprovalStepReminderDue>(child));

        // Thursday 3 December 2026, 09:00: two working days before the deadline.
        service.Clock.SetUtcNow(new DateTimeOffset(2026, 12, 3, 9, 0, 0, TimeSpan.Zero));
        await ScanTwiceAsync();
        var reminder = Assert.Single(await EventsAsync<ApprovalStepReminderDue>(child));
        Assert.Equal(("AP-6", "HoS"), (reminder.RuleId, reminder.OwnerRole));
        Assert.Empty(await EventsAsync<ApprovalStepLapsed>(child));

        // Tuesday 8 December: the two weeks have passed undecided.
        service.Clock.SetUtcNow(new DateTimeOffset(2026, 12, 8, 0, 0, 1, TimeSpan.Zero));
        await ScanTwiceAsync();
        var lapse = Assert.Single(await EventsAsync<ApprovalStepLapsed>(child));
        Assert.Equal("AD", lapse.EscalateToRole);
        Assert.Equal(request.Steps[0].DueTime, lapse.DueTime);
        Assert.Single(await EventsAsync<ApprovalStepReminderDue>(child));
    }
}
