using GoingHome.Approvals.V1;
using GoingHome.Case.V1;
using GoingHome.LastingHomes.V1;
using GoingHome.Notifications.V1;
using GoingHome.Pathway.V1;
using GoingHome.ServiceDefaults.Auth;
using Grpc.Core;
using Grpc.Net.Client;

namespace GoingHome.Benchmarks;

/// <summary>
/// The screens' mix over the whole suite for many children at once: list my tasks, get the child, record a visit,
/// decide an approval, read the inbox, with live notification streams open throughout. Bounded by time and by the
/// approvals prepared; beside it, the same run's no-op gRPC call (health Check) on the same hosts.
/// </summary>
public sealed class SuiteLoadBenchmark(IReadOnlyDictionary<string, Uri> services, string signingKey, int children, int concurrency, int streams, TimeSpan duration,
    IReadOnlyList<SuiteProcess> serviceProcesses, IReadOnlyList<string> otherPatterns, int floodConcurrency = 0)
{
    private static readonly TimeSpan Warmup = TimeSpan.FromSeconds(3);

    public async Task<IReadOnlyList<string>> RunAsync()
    {
        var channels = services.ToDictionary(s => s.Key, s => GrpcChannel.ForAddress(s.Value, new GrpcChannelOptions
        {
            HttpHandler = new SocketsHttpHandler { EnableMultipleHttp2Connections = true },
        }));
        try
        {
            return await RunAsync(channels);
        }
        finally
        {
            foreach (var channel in channels.Values)
            {
                channel.Dispose();
            }
        }
    }

    private Metadata As(string user, string role) =>
        new() { { "authorization", $"Bearer {DevelopmentTokens.Mint(signingKey, user, user, [role], TimeSpan.FromHours(1), DateTimeOffset.UtcNow)}" } };

    private async Task<IReadOnlyList<string>> RunAsync(Dictionary<string, GrpcChannel> channels)
    {
        var cases = new CaseService.CaseServiceClient(channels["case"]);
        var pathway = new PathwayService.PathwayServiceClient(channels["pathway"]);
        var approvals = new ApprovalsService.ApprovalsServiceClient(channels["approvals"]);
        var notifications = new NotificationsService.NotificationsServiceClient(channels["notifications"]);
        var lastingHomes = new LastingHomesService.LastingHomesServiceClient(channels["lastinghomes"]);
        var (sw, tm, hos) = (As("load-sw", Roles.SocialWorker), As("load-tm", Roles.TeamManager), As("load-hos", Roles.HeadOfService));
        var today = DateOnly.FromDateTime(DateTime.UtcNow);

        // Children in care with the social worker and an IRO allocated: each opens a pathway with its Stage 1 tasks, and
        // a lasting home the approval requests are about (a request's subject must exist).
        var ids = new List<string>();
        var homes = new List<string>();
        for (var i = 0; i < children; i++)
        {
            var child = await cases.CreateChildAsync(new CreateChildRequest
            {
                RequestId = Guid.NewGuid().ToString(),
                Child = new Child { GivenName = "Load", FamilyName = $"Child {i}", DateOfBirth = Date(today.AddYears(-8)), Gender = Gender.NotKnown },
            }, sw);
            await cases.AllocateWorkerAsync(new AllocateWorkerRequest
            {
                ChildId = child.Id, RequestId = Guid.NewGuid().ToString(), Allocation = new Allocation { Role = WorkerRole.SocialWorker, WorkerId = "load-sw", TeamId = "north" },
            }, tm);
            await cases.StartCareEpisodeAsync(new StartCareEpisodeRequest
            {
                ChildId = child.Id, LegalStatus = LegalStatus.InterimCareOrder, StartDate = Date(today), RequestId = Guid.NewGuid().ToString(),
            }, sw);
            await cases.AllocateWorkerAsync(new AllocateWorkerRequest
            {
                ChildId = child.Id, RequestId = Guid.NewGuid().ToString(), Allocation = new Allocation { Role = WorkerRole.IndependentReviewingOfficer, WorkerId = "load-iro", TeamId = "north" },
            }, tm);
            ids.Add(child.Id);
            homes.Add((await lastingHomes.StartLastingHomeAsync(new StartLastingHomeRequest
            {
                ChildId = child.Id, CarerType = CarerType.Foster, CarerName = "Load carers", IroId = "load-iro", IroAgreedOn = Date(today), RequestId = Guid.NewGuid().ToString(),
            }, tm)).Id);
        }

        // Approval requests waiting for the HoS (AP-6 needs no readiness): one decided per "decide" operation.
        var pending = new System.Collections.Concurrent.ConcurrentQueue<string>();
        for (var i = 0; i < children * 4; i++)
        {
            pending.Enqueue((await approvals.CreateApprovalRequestAsync(new CreateApprovalRequestRequest
            {
                RequestId = Guid.NewGuid().ToString(), ChildId = ids[i % ids.Count], Action = "lasting-home-recommendation", Subject = $"lastingHomes/{homes[i % homes.Count]}", Summary = "Load test",
            }, sw)).Id);
        }

        var lines = new List<string>();
        lines.Add((await LoadRun.RunAsync("baseline: " + NoOpCall.Name, concurrency, Warmup, duration, _ => NoOpCall.ListServicesAsync(channels["case"]))).ToString());

        using var stop = new CancellationTokenSource();
        var received = new long[1];
        var listeners = Enumerable.Range(0, streams).Select(_ => ListenAsync(notifications, sw, received, stop.Token)).ToList();
        IReadOnlyList<SuiteProcess> processes = serviceProcesses;
        var cpuBefore = Array.Empty<double>();
        var (machineBefore, clientBefore) = (0.0, TimeSpan.Zero);
        void Measuring()
        {
            var readings = serviceProcesses.Concat(otherPatterns.SelectMany(SuiteProcess.Matching))
                .Select(p => (Process: p, Cpu: p.CpuSeconds())).Where(r => r.Cpu is not null).ToList();
            (machineBefore, clientBefore) = (SuiteProcess.MachineBusySeconds(), Environment.CpuUsage.TotalTime);
            processes = [.. readings.Select(r => r.Process)];
            cpuBefore = [.. readings.Select(r => r.Cpu!.Value)];
        }

        async Task Mixed(int i)
        {
            var child = ids[i % ids.Count];
            switch (i % 10)
            {
                case 0 or 1 or 2:
                    await Timed("ListTasks (my tasks)", () => pathway.ListTasksAsync(new ListTasksRequest { OwnerId = "load-sw", PageSize = 50 }, sw).ResponseAsync);
                    break;
                case 3 or 4 or 5:
                    await Timed("GetChild", () => cases.GetChildAsync(new GetChildRequest { Id = child }, sw).ResponseAsync);
                    break;
                case 6 or 7:
                    await Timed("CreateCaseNote (visit)", () => cases.CreateCaseNoteAsync(new CreateCaseNoteRequest
                    {
                        ChildId = child, RequestId = Guid.NewGuid().ToString(), Note = new CaseNote { Type = CaseNoteType.Visit, Subject = "Visit", Body = "Seen at home; safe and well." },
                    }, sw).ResponseAsync);
                    break;
                case 8 when pending.TryDequeue(out var request):
                    await Timed("DecideApprovalStep", async () =>
                    {
                        var current = await approvals.GetApprovalRequestAsync(new GetApprovalRequestRequest { Id = request }, hos);
                        return await approvals.DecideApprovalStepAsync(new DecideApprovalStepRequest
                        {
                            RequestId = Guid.NewGuid().ToString(), ApprovalRequestId = request, StepIndex = 0, Decision = Decision.Approve, Rationale = "Load test", Etag = current.Etag,
                        }, hos);
                    });
                    break;
                default:
                    await Timed("ListNotifications (inbox)", () => notifications.ListNotificationsAsync(new ListNotificationsRequest { PageSize = 20 }, sw).ResponseAsync);
                    break;
            }
        }

        var mix = await LoadRun.RunAsync("mixed screens (per operation below)", concurrency, Warmup, duration, Mixed, Measuring);
        var cpu = processes.Select((p, index) => (p.Name, Seconds: (p.CpuSeconds() ?? cpuBefore[index]) - cpuBefore[index]))
            .Append(("this client", (Environment.CpuUsage.TotalTime - clientBefore).TotalSeconds))
            .GroupBy(c => c.Item1, c => c.Item2).Select(g => (Name: g.Key, Seconds: g.Sum())).ToList();
        var machine = SuiteProcess.MachineBusySeconds() - machineBefore;
        await stop.CancelAsync();
        await Task.WhenAll(listeners);

        lines.Add(mix.ToString());
        lines.AddRange(_perOperation.OrderBy(p => p.Key).Select(p =>
        {
            var sorted = p.Value.Order().ToArray();
            return $"  {p.Key,-32} {sorted.Length / (duration + Warmup).TotalSeconds,10:F0} ops/s   p50 {LoadRun.Percentile(sorted, 0.5),7:F2} ms   p99 {LoadRun.Percentile(sorted, 0.99),7:F2} ms";
        }));
        lines.Add($"{streams} live notification streams open throughout: {received[0]} notifications received");
        lines.Add($"CPU per mixed operation, {machine / mix.Elapsed.TotalSeconds * 100:F0}% of one core busy on average over {Environment.ProcessorCount}:");
        lines.AddRange(cpu.Select(c => $"  {c.Name,-32} {c.Seconds * 1000 / mix.Operations,6:F2} ms"));
        lines.Add($"  {"all of these",-32} {cpu.Sum(c => c.Seconds) * 1000 / mix.Operations,6:F2} ms");
        if (floodConcurrency > 0)
        {
            lines.AddRange(await FloodComparisonAsync(Mixed, ids[0]));
        }

        return lines;
    }

    /// <summary>
    /// The screens' mix without and with one client ("floodclient", an integrator's runaway loop) calling Case's
    /// GetChild from <c>floodConcurrency</c> loops as fast as answers come back, twice each, alternating.
    /// </summary>
    private async Task<IEnumerable<string>> FloodComparisonAsync(Func<int, Task> mixed, string childId)
    {
        var lines = new List<string> { $"Flood: the mix alone, then with floodclient calling case from {floodConcurrency} loops (alternating, twice each)" };
        var (alone, flooded) = (new List<LoadResult>(), new List<LoadResult>());
        for (var round = 1; round <= 2; round++)
        {
            alone.Add(await LoadRun.RunAsync($"mix alone, round {round}", concurrency, Warmup, duration, mixed));
            lines.Add(alone[^1].ToString());

            using var stop = new CancellationTokenSource();
            var counts = new long[3];
            var flood = FloodAsync(childId, counts, stop.Token);
            flooded.Add(await LoadRun.RunAsync($"mix while flooded, round {round}", concurrency, Warmup, duration, mixed));
            await stop.CancelAsync();
            await flood;
            lines.Add(flooded[^1].ToString());
            var seconds = (duration + Warmup).TotalSeconds;
            lines.Add($"  floodclient: {counts.Sum() / seconds:F0} calls/s, {counts[0] / seconds:F0}/s served, {counts[1] / seconds:F0}/s RESOURCE_EXHAUSTED, {counts[2]} other errors");
        }

        var ratio = flooded.Average(r => r.P99Ms) / alone.Average(r => r.P99Ms);
        lines.Add($"mix p99 while flooded / alone: {ratio:F2} (aim <= 1.20); p50 {flooded.Average(r => r.P50Ms) / alone.Average(r => r.P50Ms):F2}; ops/s {flooded.Average(r => r.PerSecond) / alone.Average(r => r.PerSecond):F2}");
        return lines;
    }

    private async Task FloodAsync(string childId, long[] counts, CancellationToken stop)
    {
        using var channel = GrpcChannel.ForAddress(services["case"], new GrpcChannelOptions { HttpHandler = new SocketsHttpHandler { EnableMultipleHttp2Connections = true } });
        var client = new CaseService.CaseServiceClient(channel);
        var flooder = As("floodclient", Roles.SocialWorker);
        await Task.WhenAll(Enumerable.Range(0, floodConcurrency).Select(_ => Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                try
                {
                    await client.GetChildAsync(new GetChildRequest { Id = childId }, flooder, cancellationToken: stop);
                    Interlocked.Increment(ref counts[0]);
                }
                catch (RpcException e) when (e.StatusCode == StatusCode.ResourceExhausted)
                {
                    Interlocked.Increment(ref counts[1]);
                }
                catch (RpcException) when (!stop.IsCancellationRequested)
                {
                    Interlocked.Increment(ref counts[2]);
                }
                catch (RpcException)
                {
                    // The run is over.
                }
            }
        })));
    }

    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, System.Collections.Concurrent.ConcurrentBag<double>> _perOperation = new();

    private async Task Timed<T>(string name, Func<Task<T>> call)
    {
        var start = System.Diagnostics.Stopwatch.GetTimestamp();
        await call();
        _perOperation.GetOrAdd(name, _ => []).Add(System.Diagnostics.Stopwatch.GetElapsedTime(start).TotalMilliseconds);
    }

    private static async Task ListenAsync(NotificationsService.NotificationsServiceClient notifications, Metadata who, long[] received, CancellationToken stop)
    {
        try
        {
            using var stream = notifications.StreamNotifications(new StreamNotificationsRequest(), who, cancellationToken: stop);
            await foreach (var _ in stream.ResponseStream.ReadAllAsync(stop))
            {
                Interlocked.Increment(ref received[0]);
            }
        }
        catch (RpcException e) when (e.StatusCode == StatusCode.Cancelled)
        {
            // The run is over.
        }
        catch (OperationCanceledException)
        {
            // The run is over.
        }
    }

    private static Google.Type.Date Date(DateOnly d) => new() { Year = d.Year, Month = d.Month, Day = d.Day };
}
