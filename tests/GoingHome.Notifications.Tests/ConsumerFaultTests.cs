using GoingHome.Events.V1;
using GoingHome.Messaging;
using GoingHome.Testing;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;

namespace GoingHome.Notifications.Tests;

[Collection(NotificationsCollection.Name)]
public sealed class ConsumerFaultTests(NotificationsFixture fixture)
{
    [Fact(DisplayName = "NT-5: a malformed event goes to the dead-letter stream with its reason and the consumer keeps going")]
    public async Task NT5_MalformedEventIsDeadLettered()
    {
        _ = fixture.Server;
        var childId = fixture.AddChild();
        var wrongPayload = EventPublisher.Envelope("pathway", new Section20ReturnRequested { ChildId = childId }, childId, fixture.Clock.GetUtcNow());
        wrongPayload.Type = Section20ReturnNotViable.Descriptor.FullName;
        var garbage = EventPublisher.Envelope("pathway", new Section20ReturnRequested { ChildId = childId }, childId, fixture.Clock.GetUtcNow());
        garbage.Payload = new Any { TypeUrl = "type.googleapis.com/" + Section20ReturnRequested.Descriptor.FullName, Value = ByteString.CopyFrom(0xff, 0xff, 0xff) };

        await fixture.Events.AppendAsync("pathway", wrongPayload.Id, wrongPayload.Type, wrongPayload.ToByteArray());
        await fixture.Events.AppendAsync("pathway", garbage.Id, garbage.Type, garbage.ToByteArray());
        await fixture.Events.AppendAsync("pathway", "not-an-envelope", "x", [0xff, 0x01]);
        await fixture.PublishAsync("pathway", new Section20ReturnRequested { ChildId = childId, Trigger = "PARENT_REQUEST" }, childId);

        Assert.Single(await fixture.WaitForAsync(childId, 1));
        var dead = await fixture.RedisClient.GetDatabase().StreamRangeAsync(Streams.DeadLetter("pathway"));
        var reasons = dead.Where(e => e["group"] == "notifications").Select(e => (Id: (string?)e[Streams.IdField], Reason: (string?)e["reason"])).ToList();
        Assert.Contains(reasons, r => r.Id == wrongPayload.Id && r.Reason!.Contains("is not a", StringComparison.Ordinal));
        Assert.Contains(reasons, r => r.Id == garbage.Id && r.Reason!.Contains("cannot be read", StringComparison.Ordinal));
        Assert.Contains(reasons, r => r.Id == "not-an-envelope" && r.Reason!.Contains("unreadable envelope", StringComparison.Ordinal));
    }

    [Fact(DisplayName = "NT-1: while Case is down, events wait (never dead-lettered) and are routed once it is back")]
    public async Task NT1_CaseOutagePostponesEvents()
    {
        _ = fixture.Server;
        var childId = fixture.AddChild();
        fixture.Case.Down = true;
        try
        {
            var envelope = await fixture.PublishAsync("pathway", new Section20ReturnRequested { ChildId = childId, Trigger = "UNPLANNED_RETURN" }, childId);
            // Long enough for many more attempts than the dead-letter limit at the consumer's fastest pace.
            await Task.Delay(TimeSpan.FromSeconds(3));
            Assert.Empty(await fixture.StoredAsync(childId));
            var dead = await fixture.RedisClient.GetDatabase().StreamRangeAsync(Streams.DeadLetter("pathway"));
            Assert.DoesNotContain(dead, e => e[Streams.IdField] == envelope.Id);
        }
        finally
        {
            fixture.Case.Down = false;
        }

        var stored = Assert.Single(await fixture.WaitForAsync(childId, 1));
        Assert.Equal("user:iro-1", stored.RecipientKey);
    }
}
