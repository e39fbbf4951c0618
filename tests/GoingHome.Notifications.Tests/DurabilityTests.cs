using GoingHome.Case.V1;
using GoingHome.Events.V1;
using GoingHome.Notifications.V1;
using GoingHome.ServiceDefaults.Auth;
using GoingHome.Testing;
using Grpc.Core;
using Grpc.Net.Client;
using Npgsql;
using StackExchange.Redis;

namespace GoingHome.Notifications.Tests;

/// <summary>
/// NT-5 "none is lost when Redis or a service restarts, and none is shown twice": the service runs as a real process
/// that is killed without warning mid-stream, and Redis is killed and restarted from its append-only file.
/// </summary>
public sealed class DurabilityTests(DurabilityTests.Fixture fixture) : IClassFixture<DurabilityTests.Fixture>
{
    private const int Events = 1000;
    private const string Iro = "iro-durable";

    [Fact(DisplayName = "NT-5: 1,000 events across a service kill -9 and a Redis restart reach the inbox exactly once each")]
    public async Task NT5_NothingLostNothingDoubled()
    {
        var children = Enumerable.Range(0, 10).Select(_ =>
        {
            var id = fixture.Case.AddChild(fixture.Today, 15, LegalStatus.Section20, 30);
            fixture.Case.Children[id].Allocations.Add(new Allocation { Role = WorkerRole.IndependentReviewingOfficer, WorkerId = Iro, TeamId = "north" });
            return id;
        }).ToList();

        await using var service = new ServiceProcess("GoingHome.Notifications", new Dictionary<string, string>
        {
            ["ConnectionStrings__notificationsdb"] = fixture.DatabaseConnectionString,
            ["ConnectionStrings__redis"] = fixture.Redis.ConnectionString,
            ["services__case__http__0"] = fixture.FakeServicesAddress,
            ["Auth__SigningKey"] = TestTokens.SigningKey,
            ["Database__MigrateOnStartup"] = "true",
            ["Messaging__ClaimIdleTime"] = "00:00:02",
            ["Messaging__MaxPollDelay"] = "00:00:00.200",
        });
        await service.StartAsync();

        await using var redis = await ConnectionMultiplexer.ConnectAsync(fixture.Redis.ConnectionString);
        var publisher = new EventPublisher(redis, "pathway");
        var published = new List<string>();
        for (var i = 0; i < Events; i++)
        {
            if (i == 250)
            {
                await service.KillAsync();
            }
            else if (i == 500)
            {
                await service.StartAsync();
            }
            else if (i == 750)
            {
                await fixture.Redis.KillAndRestartAsync();
            }

            var childId = children[i % children.Count];
            published.Add(await PublishWithRetryAsync(publisher, new Section20ReturnRequested { ChildId = childId, ReturnId = $"r{i}", Trigger = "PARENT_REQUEST" }, childId));
        }

        await using var db = NpgsqlDataSource.Create(fixture.DatabaseConnectionString);
        (long Rows, long Distinct) counts = (0, 0);
        await LocalProcess.WaitUntilAsync(async () => (counts = await CountAsync(db)).Rows >= Events, TimeSpan.FromSeconds(120),
            $"{Events} notifications (service output:\n{service.RecentOutput})");

        // A little longer, to catch a late duplicate.
        await Task.Delay(TimeSpan.FromSeconds(2));
        counts = await CountAsync(db);
        Assert.Equal((Events, Events), counts);
        await using var ids = db.CreateCommand("""SELECT "SourceId" FROM notifications WHERE "RecipientKey" = 'user:iro-durable'""");
        var stored = new HashSet<string>();
        await using (var reader = await ids.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                stored.Add(reader.GetString(0));
            }
        }

        Assert.Equal(published.ToHashSet(), stored);

        // And the inbox over gRPC says the same.
        using var channel = GrpcChannel.ForAddress(service.GrpcAddress);
        var client = new NotificationsService.NotificationsServiceClient(channel);
        var unread = await client.GetUnreadCountAsync(new GetUnreadCountRequest(),
            new Metadata { { "authorization", $"Bearer {TestTokens.For(Iro, Roles.IndependentReviewingOfficer)}" } });
        Assert.Equal(Events, unread.UnreadCount);
    }

    private static async Task<(long, long)> CountAsync(NpgsqlDataSource db)
    {
        await using var command = db.CreateCommand(
            """SELECT count(*), count(DISTINCT "SourceId") FROM notifications WHERE "RecipientKey" = 'user:iro-durable'""");
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();
        return (reader.GetInt64(0), reader.GetInt64(1));
    }

    /// <summary>The publisher's own outbox would retry the same way; a retried append may repeat an event, which the inbox absorbs.</summary>
    private async Task<string> PublishWithRetryAsync(EventPublisher publisher, Google.Protobuf.IMessage payload, string childId)
    {
        var envelope = EventPublisher.Envelope("pathway", payload, childId, fixture.Clock.GetUtcNow());
        var bytes = Google.Protobuf.MessageExtensions.ToByteArray(envelope);
        await LocalProcess.WaitUntilAsync(async () =>
        {
            await publisher.AppendAsync("pathway", envelope.Id, envelope.Type, bytes);
            return true;
        }, TimeSpan.FromSeconds(30), "Redis to take the event");
        return envelope.Id;
    }

    /// <summary>PostgreSQL, Redis and a fake Case; the service itself is started by the test as a process.</summary>
    public sealed class Fixture : NotificationsFixture;
}
