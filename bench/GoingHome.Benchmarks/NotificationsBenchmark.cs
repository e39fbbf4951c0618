using System.Collections.Concurrent;
using System.Diagnostics;
using GoingHome.Case.V1;
using GoingHome.Events.V1;
using GoingHome.Notifications.V1;
using GoingHome.ServiceDefaults.Auth;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Grpc.Net.Client;
using StackExchange.Redis;

namespace GoingHome.Benchmarks;

/// <summary>
/// Notifications under load, against a running suite: (1) event-to-inbox latency, measured as the time from an event
/// entering its stream (as another service's relay would put it) to its notification arriving on a live stream, at a
/// steady rate; (2) many concurrent live streams on one instance, with the service's resident memory. The baseline from
/// the same run is a no-op gRPC call to the same service.
/// </summary>
public sealed class NotificationsBenchmark(
    Uri notificationsAddress, Uri caseAddress, string redisConnection, string signingKey, int rate, TimeSpan duration, int streams,
    Func<string> residentMemory)
{
    private const string Topic = "pathway";

    public async Task<IReadOnlyList<string>> RunAsync()
    {
        using var channel = GrpcChannel.ForAddress(notificationsAddress, new GrpcChannelOptions
        {
            HttpHandler = new SocketsHttpHandler { EnableMultipleHttp2Connections = true },
        });
        await using var redis = await ConnectionMultiplexer.ConnectAsync(redisConnection);
        var noop = await LoadRun.RunAsync(NoOpCall.Name, 1, TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(5), _ => NoOpCall.ListServicesAsync(channel));

        var lines = new List<string> { noop.ToString() };
        lines.AddRange(await LatencyAsync(channel, redis, noop));
        lines.AddRange(await ManyStreamsAsync(channel, redis));
        return lines;
    }

    private async Task<IEnumerable<string>> LatencyAsync(GrpcChannel channel, ConnectionMultiplexer redis, LoadResult noop)
    {
        // Children in Case with this user as IRO: half the events need the child's allocations (Case, then the cache).
        var user = $"bench-iro-{Guid.NewGuid():N}";
        var children = await CreateChildrenAsync(user, 20);
        var client = new NotificationsService.NotificationsServiceClient(channel);
        var headers = Headers(user, Roles.IndependentReviewingOfficer, Roles.ServiceManager);
        var cursor = (await client.ListNotificationsAsync(new ListNotificationsRequest { PageSize = 1 }, headers)).StreamCursor;

        var sentAt = new ConcurrentDictionary<string, long>();
        var latencies = new ConcurrentBag<double>();
        var duplicates = 0;
        using var stop = new CancellationTokenSource();
        using var stream = client.StreamNotifications(new StreamNotificationsRequest { Cursor = cursor }, headers, cancellationToken: stop.Token);
        var seen = new ConcurrentDictionary<string, byte>();
        var receiving = Task.Run(async () =>
        {
            try
            {
                await foreach (var message in stream.ResponseStream.ReadAllAsync(stop.Token))
                {
                    var now = Stopwatch.GetTimestamp();
                    if (!seen.TryAdd(message.Notification.Id, 0))
                    {
                        Interlocked.Increment(ref duplicates);
                    }
                    else if (sentAt.TryGetValue(message.Notification.SourceId, out var sent))
                    {
                        latencies.Add(Stopwatch.GetElapsedTime(sent, now).TotalMilliseconds);
                    }
                }
            }
            catch (RpcException ex) when (ex.StatusCode == StatusCode.Cancelled)
            {
                // Stopped by us.
            }
        });

        var database = redis.GetDatabase();
        var total = (int)(rate * duration.TotalSeconds);
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < total; i++)
        {
            // Open-loop at a steady rate: event i is due at i / rate seconds, whatever the service is doing.
            var due = TimeSpan.FromSeconds((double)i / rate);
            if (due > clock.Elapsed)
            {
                await Task.Delay(due - clock.Elapsed);
            }

            var childId = children[i % children.Count];
            IMessage payload = i % 2 == 0
                ? new Section20ReturnRequested { ChildId = childId, ReturnId = $"bench-{i}", Trigger = "PARENT_REQUEST" }
                : new ApprovalStepAwaiting { ChildId = childId, ApprovalRequestId = $"bench-{i}", RequiredRole = Roles.ServiceManager, RuleId = "AP-2" };
            var envelope = new EventEnvelope
            {
                Id = Guid.NewGuid().ToString(), Type = payload.Descriptor.FullName, Source = "bench", ChildId = childId,
                OccurTime = Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow), Payload = Any.Pack(payload),
            };
            sentAt[envelope.Id] = Stopwatch.GetTimestamp();
            _ = database.StreamAddAsync($"goinghome.{Topic}",
                [new NameValueEntry("id", envelope.Id), new NameValueEntry("type", envelope.Type), new NameValueEntry("payload", envelope.ToByteArray())],
                flags: CommandFlags.FireAndForget);
            if (i % 50 == 0)
            {
                _ = redis.GetSubscriber().PublishAsync(RedisChannel.Literal($"goinghome.{Topic}.wake"), "1", CommandFlags.FireAndForget);
            }
        }

        var published = clock.Elapsed;
        var drainUntil = Stopwatch.GetTimestamp() + (30 * Stopwatch.Frequency);
        while (latencies.Count < total && Stopwatch.GetTimestamp() < drainUntil)
        {
            await Task.Delay(100);
        }

        await stop.CancelAsync();
        await receiving;
        var sorted = latencies.Order().ToArray();
        return
        [
            $"event -> live inbox at {total / published.TotalSeconds:F0} events/s for {published.TotalSeconds:F0}s: received {sorted.Length}/{total}, " +
                $"duplicates {duplicates}, p50 {LoadRun.Percentile(sorted, 0.5):F1} ms, p99 {LoadRun.Percentile(sorted, 0.99):F1} ms (aim p99 < 1000 ms)",
            $"  p99 / no-op gRPC p99           ratio {LoadRun.Percentile(sorted, 0.99) / noop.P99Ms:F1}",
        ];
    }

    private async Task<IEnumerable<string>> ManyStreamsAsync(GrpcChannel channel, ConnectionMultiplexer redis)
    {
        var client = new NotificationsService.NotificationsServiceClient(channel);
        var role = Roles.DeputyDirector;
        var cursor = (await client.ListNotificationsAsync(new ListNotificationsRequest { PageSize = 1 }, Headers("bench-dd", role))).StreamCursor;
        using var stop = new CancellationTokenSource();
        var received = new int[streams];
        var calls = Enumerable.Range(0, streams)
            .Select(i => client.StreamNotifications(new StreamNotificationsRequest { Cursor = cursor }, Headers($"bench-dd-{i}", role), cancellationToken: stop.Token))
            .ToList();
        var readers = calls.Select((call, i) => Task.Run(async () =>
        {
            try
            {
                await foreach (var _ in call.ResponseStream.ReadAllAsync(stop.Token))
                {
                    Interlocked.Increment(ref received[i]);
                }
            }
            catch (RpcException ex) when (ex.StatusCode == StatusCode.Cancelled)
            {
                // Stopped by us.
            }
        })).ToList();

        const int Events = 10;
        var database = redis.GetDatabase();
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < Events; i++)
        {
            var payload = new ApprovalStepAwaiting { ChildId = "bench-streams", ApprovalRequestId = $"streams-{i}", RequiredRole = role, RuleId = "AP-4" };
            var envelope = new EventEnvelope { Id = Guid.NewGuid().ToString(), Type = ApprovalStepAwaiting.Descriptor.FullName, Source = "bench", Payload = Any.Pack(payload) };
            await database.StreamAddAsync("goinghome.approvals",
                [new NameValueEntry("id", envelope.Id), new NameValueEntry("type", envelope.Type), new NameValueEntry("payload", envelope.ToByteArray())]);
        }

        await redis.GetSubscriber().PublishAsync(RedisChannel.Literal("goinghome.approvals.wake"), "1");
        var until = Stopwatch.GetTimestamp() + (60 * Stopwatch.Frequency);
        while (received.Any(r => r < Events) && Stopwatch.GetTimestamp() < until)
        {
            await Task.Delay(50);
        }

        var fanOut = clock.Elapsed;
        var memoryWhileOpen = residentMemory();
        var complete = received.Count(r => r == Events);
        await stop.CancelAsync();
        await Task.WhenAll(readers);
        calls.ForEach(c => c.Dispose());
        return
        [
            $"{streams} concurrent live streams: {complete} received all {Events} notifications (none twice: {received.All(r => r <= Events)}) in {fanOut.TotalMilliseconds:F0} ms",
            $"  resident memory with the streams open: {memoryWhileOpen} (aim < 256 MiB)",
        ];
    }

    private async Task<List<string>> CreateChildrenAsync(string iro, int count)
    {
        using var channel = GrpcChannel.ForAddress(caseAddress);
        var cases = new CaseService.CaseServiceClient(channel);
        var headers = Headers("bench-tm", Roles.TeamManager);
        var ids = new List<string>();
        for (var i = 0; i < count; i++)
        {
            var child = await cases.CreateChildAsync(new CreateChildRequest
            {
                RequestId = Guid.NewGuid().ToString(),
                Child = new Child { GivenName = "Bench", FamilyName = "Notify", DateOfBirth = new Google.Type.Date { Year = 2012, Month = 1, Day = 1 } },
            }, headers);
            await cases.AllocateWorkerAsync(new AllocateWorkerRequest
            {
                ChildId = child.Id, RequestId = Guid.NewGuid().ToString(),
                Allocation = new Allocation { Role = WorkerRole.IndependentReviewingOfficer, WorkerId = iro, TeamId = "bench" },
            }, headers);
            ids.Add(child.Id);
        }

        return ids;
    }

    private Metadata Headers(string user, params string[] roles) =>
        new() { { "authorization", $"Bearer {DevelopmentTokens.Mint(signingKey, user, user, roles, TimeSpan.FromHours(1), DateTimeOffset.UtcNow)}" } };
}
