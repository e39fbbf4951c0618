using GoingHome.Case.V1;
using GoingHome.Events.V1;
using GoingHome.ServiceDefaults.Auth;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Grpc.Net.Client;
using Npgsql;

namespace GoingHome.Benchmarks;

/// <summary>
/// GetChild against a no-op gRPC call on the same host (the health check), and CreateChild against raw Npgsql writing
/// the same rows (child, outbox event, audit, idempotency record) in one transaction.
/// </summary>
public sealed class CaseBenchmark(Uri grpcAddress, string signingKey, string caseDb, int concurrency, TimeSpan duration)
{
    private static readonly TimeSpan Warmup = TimeSpan.FromSeconds(3);

    public async Task<IReadOnlyList<string>> RunAsync()
    {
        using var channel = GrpcChannel.ForAddress(grpcAddress, new GrpcChannelOptions
        {
            HttpHandler = new SocketsHttpHandler { EnableMultipleHttp2Connections = true },
        });
        var token = DevelopmentTokens.Mint(signingKey, "bench-sw", "Benchmark", [Roles.SocialWorker], TimeSpan.FromHours(1), DateTimeOffset.UtcNow);
        var headers = new Metadata { { "authorization", $"Bearer {token}" } };
        var cases = new CaseService.CaseServiceClient(channel);

        var ids = new List<string>();
        for (var i = 0; i < 200; i++)
        {
            ids.Add((await cases.CreateChildAsync(NewChild(), headers)).Id);
        }

        var noop = await LoadRun.RunAsync(NoOpCall.Name, concurrency, Warmup, duration, _ => NoOpCall.ListServicesAsync(channel));
        var get = await LoadRun.RunAsync("GetChild", concurrency, Warmup, duration,
            async i => await cases.GetChildAsync(new GetChildRequest { Id = ids[i % ids.Count] }, headers));

        await using var dataSource = NpgsqlDataSource.Create(caseDb);
        var raw = await LoadRun.RunAsync("raw Npgsql (child+outbox+audit)", concurrency, Warmup, duration,
            async _ => await InsertLikeCreateChildAsync(dataSource));
        var create = await LoadRun.RunAsync("CreateChild", concurrency, Warmup, duration,
            async _ => await cases.CreateChildAsync(NewChild(), headers));

        return
        [
            noop.ToString(),
            get.ToString(),
            $"  GetChild / no-op               ratio {get.PerSecond / noop.PerSecond:F2}   (aim >= 0.25)",
            raw.ToString(),
            create.ToString(),
            $"  CreateChild / raw Npgsql       ratio {create.PerSecond / raw.PerSecond:F2}   (aim >= 0.70)",
        ];
    }

    private static CreateChildRequest NewChild() => new()
    {
        RequestId = Guid.NewGuid().ToString(),
        Child = new Child
        {
            GivenName = "Bench",
            FamilyName = "Mark",
            DateOfBirth = new Google.Type.Date { Year = 2015, Month = 6, Day = 1 },
            NhsNumber = "9434765919",
        },
    };

    /// <summary>The rows CreateChild commits, written directly: the floor no service can beat.</summary>
    private static async Task InsertLikeCreateChildAsync(NpgsqlDataSource dataSource)
    {
        var id = Guid.CreateVersion7();
        var now = DateTimeOffset.UtcNow;
        var requestId = Guid.NewGuid().ToString();
        var child = new Child { Id = id.ToString(), GivenName = "Bench", FamilyName = "Raw" };
        var envelope = new EventEnvelope { Id = Guid.CreateVersion7().ToString(), Type = ChildCreated.Descriptor.FullName, Payload = Any.Pack(new ChildCreated { ChildId = id.ToString() }) };

        await using var connection = await dataSource.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        await using var batch = new NpgsqlBatch(connection, transaction)
        {
            BatchCommands =
            {
                Command("""INSERT INTO children ("Id","Version","GivenName","FamilyName","DateOfBirth","Gender","NhsNumber","CreatedAt","UpdatedAt") VALUES ($1,1,'Bench','Raw','2015-06-01','Unspecified','9434765919',$2,$2)""", id, now),
                Command("""INSERT INTO outbox_messages ("EventId","Topic","Type","Envelope","CreatedAt","SentAt") VALUES ($1,'bench',$2,$3,$4,$4)""", envelope.Id, envelope.Type, envelope.ToByteArray(), now),
                Command("""INSERT INTO audit_log ("OccurredAt","UserId","Role","Method","ChildId","RequestId","Access") VALUES ($1,'bench-sw','SW','/bench/Raw',$2,$3,'write')""", now, id.ToString(), requestId),
                Command("""INSERT INTO idempotency_records ("Method","RequestId","UserId","Response","CreatedAt") VALUES ('/bench/Raw',$1,'bench-sw',$2,$3)""", requestId, child.ToByteArray(), now),
            },
        };
        await batch.ExecuteNonQueryAsync();
        await transaction.CommitAsync();
    }

    private static NpgsqlBatchCommand Command(string sql, params object[] values)
    {
        var command = new NpgsqlBatchCommand(sql);
        foreach (var value in values)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = value });
        }

        return command;
    }
}
