using System.Diagnostics;
using GoingHome.Case.V1;
using GoingHome.ServiceDefaults.Auth;
using Grpc.Core;
using Grpc.Net.Client;
using Npgsql;

namespace GoingHome.Benchmarks;

/// <summary>
/// SyncChildren from a system of record, as a first load and as an unchanged re-load, in records (children) a second,
/// beside PostgreSQL's binary COPY of the same rows into bare copies of Case's tables in the same run: the ceiling of
/// writing those rows at all. Shape "v1": each child an episode, a placement and three allocations; shape "ssda903":
/// each child's whole synthetic 903 history (several periods, moves, legal status changes, ends).
/// </summary>
public sealed class SyncBenchmark(Uri caseAddress, string signingKey, string caseDb, int children, int batchSize, int concurrency, string shape)
{
    public async Task<IReadOnlyList<string>> RunAsync()
    {
        using var channel = GrpcChannel.ForAddress(caseAddress, new GrpcChannelOptions { HttpHandler = new SocketsHttpHandler { EnableMultipleHttp2Connections = true } });
        var client = new CaseService.CaseServiceClient(channel);
        var integrator = new Metadata { { "authorization", $"Bearer {DevelopmentTokens.Mint(signingKey, "bench-lcs", "bench-lcs", [Roles.Integrator], TimeSpan.FromHours(2), DateTimeOffset.UtcNow)}" } };
        var run = Guid.NewGuid().ToString("N")[..8];
        var sources = shape == "ssda903"
            ? new GoingHome.Ssda903.SyntheticReturn(903, DateOnly.FromDateTime(DateTime.UtcNow).AddDays(-1)).Children(children, $"{run}-")
            : [.. Enumerable.Range(0, children).Select(i => Source($"{run}-{i}", i))];

        var copy = await CopyAsync(sources);
        var (first, firstOutcomes) = await SyncAsync(client, integrator, sources);
        var (again, againOutcomes) = await SyncAsync(client, integrator, sources);
        return
        [
            $"raw COPY of the same rows (children, episodes, placements, allocations; shape {shape}): {children / copy.TotalSeconds,8:F0} children/s ({copy.TotalSeconds:F2} s)",
            $"SyncChildren first load:    {children / first.TotalSeconds,8:F0} children/s ({first.TotalSeconds:F2} s; {firstOutcomes})   ratio to COPY {copy.TotalSeconds / first.TotalSeconds:F3} (aim >= 0.2)",
            $"SyncChildren unchanged:     {children / again.TotalSeconds,8:F0} children/s ({again.TotalSeconds:F2} s; {againOutcomes})   ratio to COPY {copy.TotalSeconds / again.TotalSeconds:F3} (aim >= 0.5)",
        ];
    }

    private async Task<(TimeSpan Elapsed, string Outcomes)> SyncAsync(CaseService.CaseServiceClient client, Metadata integrator, List<SourceChild> sources)
    {
        var batches = sources.Chunk(batchSize).ToList();
        var outcomes = new System.Collections.Concurrent.ConcurrentDictionary<SyncOutcome, int>();
        var next = -1;
        var stopwatch = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(_ => Task.Run(async () =>
        {
            while (Interlocked.Increment(ref next) is var index && index < batches.Count)
            {
                var response = await client.SyncChildrenAsync(new SyncChildrenRequest { SourceSystem = "bench", RequestId = Guid.NewGuid().ToString(), Children = { batches[index] } },
                    integrator, deadline: DateTime.UtcNow.AddMinutes(10));
                foreach (var result in response.Results)
                {
                    outcomes.AddOrUpdate(result.Outcome, 1, (_, n) => n + 1);
                }
            }
        })));
        stopwatch.Stop();
        return (stopwatch.Elapsed, string.Join(", ", outcomes.OrderBy(o => o.Key).Select(o => $"{o.Value} {o.Key.ToString().ToLowerInvariant()}")));
    }

    /// <summary>The rows a first load writes for the children themselves, by binary COPY into unindexed copies of the tables.</summary>
    private async Task<TimeSpan> CopyAsync(List<SourceChild> sources)
    {
        await using var dataSource = NpgsqlDataSource.Create(caseDb);
        await using var connection = await dataSource.OpenConnectionAsync();
        foreach (var table in new[] { "children", "care_episodes", "placements", "allocations" })
        {
            await using var create = new NpgsqlCommand($"CREATE TEMP TABLE bench_{table} (LIKE {table} INCLUDING DEFAULTS)", connection);
            await create.ExecuteNonQueryAsync();
        }

        var now = DateTimeOffset.UtcNow;
        var stopwatch = Stopwatch.StartNew();
        var ids = sources.Select(_ => Guid.CreateVersion7()).ToList();
        var episodes = sources.Select(EpisodesOf).ToList();
        await using (var writer = await connection.BeginBinaryImportAsync("""COPY bench_children ("Id","Version","GivenName","FamilyName","DateOfBirth","Gender","SourceSystem","SourceId","CreatedAt","UpdatedAt") FROM STDIN (FORMAT BINARY)"""))
        {
            for (var i = 0; i < sources.Count; i++)
            {
                var c = sources[i].Child;
                var born = c.DateOfBirth ?? sources[i].Ssda903.Header.Dob;
                await writer.WriteRowAsync(default, ids[i], 1, c.GivenName, c.FamilyName, new DateOnly(born.Year, born.Month, born.Day), "NotKnown", "bench", sources[i].SourceId, now, now);
            }

            await writer.CompleteAsync();
        }

        var episodeIds = episodes.Select(list => list.Select(_ => Guid.CreateVersion7()).ToList()).ToList();
        await using (var writer = await connection.BeginBinaryImportAsync("""COPY bench_care_episodes ("Id","ChildId","LegalStatus","Ls","StartDate","EndDate","Rec","EndReason") FROM STDIN (FORMAT BINARY)"""))
        {
            for (var i = 0; i < sources.Count; i++)
            {
                for (var e = 0; e < episodes[i].Count; e++)
                {
                    var (ls, start, end, rec, _) = episodes[i][e];
                    await writer.WriteRowAsync(default, episodeIds[i][e], ids[i], "InterimCareOrder", ls, start, end, rec, "Unspecified");
                }
            }

            await writer.CompleteAsync();
        }

        await using (var writer = await connection.BeginBinaryImportAsync("""COPY bench_placements ("Id","EpisodeId","CarerType","Pl","Rne","CarerName","StartDate","EndDate") FROM STDIN (FORMAT BINARY)"""))
        {
            for (var i = 0; i < sources.Count; i++)
            {
                for (var e = 0; e < episodes[i].Count; e++)
                {
                    foreach (var (pl, rne, start, end) in episodes[i][e].Placements)
                    {
                        await writer.WriteRowAsync(default, Guid.CreateVersion7(), episodeIds[i][e], "Foster", pl, rne, "Bench carers", start, end);
                    }
                }
            }

            await writer.CompleteAsync();
        }

        await using (var writer = await connection.BeginBinaryImportAsync("""COPY bench_allocations ("Id","ChildId","Role","WorkerId","WorkerName","TeamId","StartedAt") FROM STDIN (FORMAT BINARY)"""))
        {
            for (var i = 0; i < sources.Count; i++)
            {
                foreach (var allocation in sources[i].Allocations)
                {
                    await writer.WriteRowAsync(default, Guid.CreateVersion7(), ids[i], allocation.Role.ToString(), allocation.WorkerId, allocation.WorkerName, allocation.TeamId, now);
                }
            }

            await writer.CompleteAsync();
        }

        stopwatch.Stop();
        return stopwatch.Elapsed;
    }

    /// <summary>The episode and placement rows a child's history makes in Case: a legal-status run each, a 903 row each.</summary>
    private static List<(string Ls, DateOnly Start, DateOnly? End, string? Rec, List<(string Pl, string Rne, DateOnly Start, DateOnly? End)> Placements)> EpisodesOf(SourceChild source)
    {
        static DateOnly? Day(Google.Type.Date? d) => d is null ? null : new DateOnly(d.Year, d.Month, d.Day);
        var episodes = new List<(string Ls, DateOnly Start, DateOnly? End, string? Rec, List<(string, string, DateOnly, DateOnly?)> Placements)>();
        if (source.Ssda903 is null)
        {
            return [.. source.CareEpisodes.Select(e => ("C1", Day(e.StartDate)!.Value, Day(e.EndDate), (string?)null,
                e.Placements.Select(p => ("U6", "S", Day(p.StartDate)!.Value, Day(p.EndDate))).ToList()))];
        }

        foreach (var row in source.Ssda903.Episodes)
        {
            var decom = Day(row.Decom)!.Value;
            if (episodes.Count == 0 || row.Rne == "S" || row.Ls != episodes[^1].Ls)
            {
                episodes.Add((row.Ls, decom, null, null, []));
            }

            var current = episodes[^1];
            current.Placements.Add((row.Pl, row.Rne, decom, Day(row.Dec)));
            episodes[^1] = current with { End = Day(row.Dec), Rec = row.Rec.Length > 0 ? row.Rec : null };
        }

        return episodes;
    }

    private static SourceChild Source(string sourceId, int i) => new()
    {
        SourceId = sourceId,
        Child = new Child { GivenName = "Bench", FamilyName = $"Synced {i}", DateOfBirth = new Google.Type.Date { Year = 2015, Month = 6, Day = 1 }, Gender = Gender.NotKnown },
        CareEpisodes =
        {
            new CareEpisode
            {
                LegalStatus = LegalStatus.InterimCareOrder, StartDate = new Google.Type.Date { Year = 2026, Month = 9, Day = 1 },
                Placements = { new Placement { CarerType = CarerType.Foster, CarerName = "Bench carers", StartDate = new Google.Type.Date { Year = 2026, Month = 9, Day = 1 } } },
            },
        },
        Allocations =
        {
            new Allocation { Role = WorkerRole.SocialWorker, WorkerId = "bench-sw", WorkerName = "Bench worker", TeamId = "north" },
            new Allocation { Role = WorkerRole.TeamManager, WorkerId = "bench-tm", WorkerName = "Bench worker", TeamId = "north" },
            new Allocation { Role = WorkerRole.IndependentReviewingOfficer, WorkerId = "bench-iro", WorkerName = "Bench worker", TeamId = "north" },
        },
    };
}
