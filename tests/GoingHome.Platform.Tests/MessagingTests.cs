using GoingHome.Events.V1;
using GoingHome.Messaging;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using StackExchange.Redis;

namespace GoingHome.Platform.Tests;

[Collection(InfrastructureCollection.Name)]
public sealed class MessagingTests(InfrastructureFixture infrastructure)
{
    private readonly string _topic = $"t{Guid.NewGuid():N}";

    private Task<string> NewDatabaseAsync() => infrastructure.Postgres.CreateDatabaseAsync("messaging");

    private static void AssertEachOnce(IEnumerable<AppliedEffect> effects, IEnumerable<string> expectedSubjects)
    {
        var list = effects.ToList();
        Assert.Equal(expectedSubjects.Order(), list.Select(e => e.Subject).Order());
        Assert.Equal(list.Count, list.Select(e => e.EventId).Distinct().Count());
    }

    [Fact]
    public async Task Committed_events_reach_the_consumer_once_and_rolled_back_ones_never()
    {
        using var host = await MessagingHost.StartAsync(await NewDatabaseAsync(), infrastructure.Redis.ConnectionString, _topic);
        var subjects = Enumerable.Range(0, 50).Select(i => $"child-{i}").ToList();
        foreach (var subject in subjects)
        {
            await MessagingHost.PublishAsync(host, _topic, subject);
        }

        await MessagingHost.PublishAsync(host, _topic, "rolled-back", commit: false);

        var effects = await MessagingHost.WaitForEffectsAsync(host, subjects.Count);
        await Task.Delay(300);
        AssertEachOnce(await MessagingHost.EffectsAsync(host), subjects);
        Assert.Equal(subjects.Count, effects.Count);
        await host.StopAsync();
    }

    [Fact]
    public async Task A_crash_between_publish_and_mark_sent_republishes_and_the_consumer_applies_once()
    {
        var database = await NewDatabaseAsync();
        using var host = await MessagingHost.StartAsync(database, infrastructure.Redis.ConnectionString, _topic);
        var subjects = Enumerable.Range(0, 20).Select(i => $"child-{i}").ToList();
        foreach (var subject in subjects)
        {
            await MessagingHost.PublishAsync(host, _topic, subject);
        }

        await MessagingHost.WaitForEffectsAsync(host, subjects.Count);

        // The state a relay crash leaves behind: entries are on the stream but the rows still say unsent.
        await using (var scope = host.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<MessagingTestDbContext>();
            Assert.Equal(subjects.Count, await db.Set<OutboxMessage>().ExecuteUpdateAsync(s => s.SetProperty(m => m.SentAt, (DateTimeOffset?)null)));
        }

        host.Services.GetRequiredService<OutboxSignal>().Notify();
        var redis = host.Services.GetRequiredService<IConnectionMultiplexer>().GetDatabase();
        await WaitUntilAsync(async () => await redis.StreamLengthAsync(Streams.ForTopic(_topic)) == 2 * subjects.Count
            && (await redis.StreamPendingAsync(Streams.ForTopic(_topic), MessagingHost.Group)).PendingMessageCount == 0);

        AssertEachOnce(await MessagingHost.EffectsAsync(host), subjects);
        await host.StopAsync();
    }

    [Fact]
    public async Task Redis_killed_and_restarted_mid_flow_loses_nothing()
    {
        Assert.True(infrastructure.Redis.CanRestart, "This test restarts its own Redis; unset GOINGHOME_TEST_REDIS.");
        using var host = await MessagingHost.StartAsync(await NewDatabaseAsync(), infrastructure.Redis.ConnectionString, _topic);
        var subjects = Enumerable.Range(0, 200).Select(i => $"child-{i}").ToList();
        foreach (var subject in subjects.Take(100))
        {
            await MessagingHost.PublishAsync(host, _topic, subject);
        }

        await infrastructure.Redis.KillAndRestartAsync();
        foreach (var subject in subjects.Skip(100))
        {
            await MessagingHost.PublishAsync(host, _topic, subject);
        }

        var effects = await MessagingHost.WaitForEffectsAsync(host, subjects.Count, TimeSpan.FromSeconds(90));
        AssertEachOnce(effects, subjects);
        await host.StopAsync();
    }

    [Fact]
    public async Task A_poison_event_goes_to_the_dead_letter_stream_after_max_deliveries_and_the_rest_flow_on()
    {
        using var host = await MessagingHost.StartAsync(await NewDatabaseAsync(), infrastructure.Redis.ConnectionString, _topic);
        await MessagingHost.PublishAsync(host, _topic, "poison-1");
        await MessagingHost.PublishAsync(host, _topic, "child-ok");

        var redis = host.Services.GetRequiredService<IConnectionMultiplexer>().GetDatabase();
        await WaitUntilAsync(async () => await redis.StreamLengthAsync(Streams.DeadLetter(_topic)) == 1);

        var dead = (await redis.StreamRangeAsync(Streams.DeadLetter(_topic))).Single();
        Assert.Equal(MessagingHost.Group, (string?)dead["group"]);
        Assert.Contains("poison", (string?)dead["reason"], StringComparison.Ordinal);
        AssertEachOnce(await MessagingHost.WaitForEffectsAsync(host, 1), ["child-ok"]);
        await host.StopAsync();
    }

    [Fact]
    public async Task Entries_left_pending_by_a_dead_consumer_are_claimed_and_applied()
    {
        using var host = await MessagingHost.StartAsync(await NewDatabaseAsync(), infrastructure.Redis.ConnectionString, _topic, consume: false);
        var redis = host.Services.GetRequiredService<IConnectionMultiplexer>().GetDatabase();
        var stream = Streams.ForTopic(_topic);
        var envelope = new EventEnvelope { Id = Guid.NewGuid().ToString(), Type = ChildCreated.Descriptor.FullName, Payload = Any.Pack(new ChildCreated { ChildId = "orphan" }) };
        await redis.StreamCreateConsumerGroupAsync(stream, MessagingHost.Group, "0-0", createStream: true);
        await redis.StreamAddAsync(stream, [new NameValueEntry(Streams.IdField, envelope.Id), new NameValueEntry(Streams.PayloadField, envelope.ToByteArray())]);
        // A consumer reads the entry and dies before acknowledging it.
        Assert.Single(await redis.StreamReadGroupAsync(stream, MessagingHost.Group, "dead-consumer", ">"));
        await host.StopAsync();

        using var survivor = await MessagingHost.StartAsync(await NewDatabaseAsync(), infrastructure.Redis.ConnectionString, _topic);
        AssertEachOnce(await MessagingHost.WaitForEffectsAsync(survivor, 1), ["orphan"]);
        await WaitUntilAsync(async () => (await redis.StreamPendingAsync(stream, MessagingHost.Group)).PendingMessageCount == 0);
        await survivor.StopAsync();
    }

    private static async Task WaitUntilAsync(Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "condition not met within 60s");
            await Task.Delay(50);
        }
    }
}
