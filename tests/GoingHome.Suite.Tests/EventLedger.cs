using GoingHome.Messaging;
using StackExchange.Redis;

namespace GoingHome.Suite.Tests;

/// <summary>
/// What happened to every event in the suite, read from the services' own tables and Redis: each outbox row is an
/// event sent; each consumer's inbox row an event received; an event sent on a topic a consumer reads but missing from
/// its inbox is lost; a stream entry repeating an event id is a duplicate delivered (and absorbed by the inbox); a
/// second notification or task or pathway for the same thing is a duplicate applied.
/// </summary>
public sealed record EventLedger(
    long Sent, long Unrelayed, long Received, long Lost, long DeadLettered, long DuplicatesDelivered, long DuplicatesApplied,
    IReadOnlyList<string> Lines)
{
    /// <summary>Who reads which topics, as the services register their consumers.</summary>
    private static readonly (string Group, string Database, string[] Topics)[] Subscriptions =
    [
        ("notifications", "notificationsdb", [.. Suite.Services.Select(s => s.Name)]),
        ("pathway", "pathwaydb", ["case"]),
        ("lastinghomes", "lastinghomesdb", ["approvals", "pathway"]),
    ];

    private static readonly (string Database, string What, string Sql)[] DuplicateQueries =
    [
        ("notificationsdb", "notifications for the same event, kind and recipient",
            """SELECT count(*) FROM (SELECT 1 FROM notifications GROUP BY "SourceId", "Kind", "RecipientKey" HAVING count(*) > 1) d"""),
        ("pathwaydb", "pathways for the same care episode",
            """SELECT count(*) FROM (SELECT 1 FROM pathways GROUP BY "ChildId", "EpisodeId" HAVING count(*) > 1) d"""),
        ("pathwaydb", "tasks opened twice",
            """SELECT count(*) FROM (SELECT 1 FROM pathway_tasks GROUP BY "PathwayId", "TemplateKey", "DueAt" HAVING count(*) > 1) d"""),
    ];

    public bool Settled => Unrelayed == 0 && Lost == 0;

    public override string ToString() =>
        $"sent {Sent}, received {Received}, lost {Lost}, dead-lettered {DeadLettered}, unrelayed {Unrelayed}, " +
        $"duplicates delivered {DuplicatesDelivered} (absorbed), duplicates applied {DuplicatesApplied}\n{string.Join('\n', Lines)}";

    /// <summary>The ledger once every event has been relayed and received (or the wait's two minutes are up).</summary>
    public static async Task<EventLedger> SettledAsync(ProcessSuite suite)
    {
        EventLedger? ledger = null;
        await Testing.LocalProcess.WaitUntilAsync(async () => (ledger = await ReadAsync(suite)).Settled, TimeSpan.FromSeconds(120), "every event to be relayed and received");
        return ledger!;
    }

    public static async Task<EventLedger> ReadAsync(ProcessSuite suite)
    {
        var sent = new Dictionary<string, List<string>>();
        long unrelayed = 0;
        foreach (var (_, _, database) in Suite.Services)
        {
            foreach (var (id, topic, relayed) in await suite.QueryAsync(database, """SELECT "EventId", "Topic", "SentAt" IS NOT NULL FROM outbox_messages""", ReadOutbox))
            {
                (sent.TryGetValue(topic, out var ids) ? ids : sent[topic] = []).Add(id);
                unrelayed += relayed ? 0 : 1;
            }
        }

        var lines = new List<string>();
        long received = 0, lost = 0;
        foreach (var (group, database, topics) in Subscriptions)
        {
            var inbox = (await suite.QueryAsync(database, """SELECT "EventId" FROM inbox_messages WHERE "Consumer" = @group""", ReadIds, ("group", group))).ToHashSet(StringComparer.Ordinal);
            foreach (var topic in topics)
            {
                var ids = sent.GetValueOrDefault(topic) ?? [];
                var got = ids.Count(inbox.Contains);
                received += got;
                lost += ids.Count - got;
                lines.Add($"{topic} -> {group}: sent {ids.Count}, received {got}, lost {ids.Count - got}");
            }
        }

        var redis = await ConnectionMultiplexer.ConnectAsync(suite.Redis.ConnectionString);
        await using (redis)
        {
            var database = redis.GetDatabase();
            long deliveredTwice = 0, deadLettered = 0;
            foreach (var topic in sent.Keys)
            {
                var entries = await database.StreamRangeAsync(Streams.ForTopic(topic));
                deliveredTwice += entries.Length - entries.Select(e => (string?)e[Streams.IdField]).Distinct(StringComparer.Ordinal).Count();
                deadLettered += await database.StreamLengthAsync(Streams.DeadLetter(topic));
            }

            long appliedTwice = 0;
            foreach (var (db, what, sql) in DuplicateQueries)
            {
                var count = await suite.CountAsync(db, sql);
                appliedTwice += count;
                lines.Add($"{what}: {count}");
            }

            return new EventLedger(sent.Values.Sum(v => v.Count), unrelayed, received, lost, deadLettered, deliveredTwice, appliedTwice, lines);
        }
    }

    private static async Task<List<(string Id, string Topic, bool Relayed)>> ReadOutbox(Npgsql.NpgsqlDataReader reader)
    {
        var rows = new List<(string, string, bool)>();
        while (await reader.ReadAsync())
        {
            rows.Add((reader.GetString(0), reader.GetString(1), reader.GetBoolean(2)));
        }

        return rows;
    }

    private static async Task<List<string>> ReadIds(Npgsql.NpgsqlDataReader reader)
    {
        var ids = new List<string>();
        while (await reader.ReadAsync())
        {
            ids.Add(reader.GetString(0));
        }

        return ids;
    }
}
