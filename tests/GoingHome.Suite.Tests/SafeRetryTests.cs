using System.Security.Cryptography;
using GoingHome.Testing;
using Google.Protobuf;
using Google.Protobuf.Reflection;
using Google.Rpc;
using Grpc.Core;
using Xunit.Abstractions;

namespace GoingHome.Suite.Tests;

/// <summary>
/// Safe retries, for every write in the contracts (every unary RPC whose request carries a request_id): the answer
/// kept under a request_id is given again to the same request, and a different request under that id is refused as
/// INVALID_ARGUMENT on request_id, before any validation or rule runs. The kept answer is written into the service's
/// database as a first call would have left it, so one test reaches every write whatever its preconditions.
/// </summary>
[Collection(SuiteCollection.Name)]
public sealed class SafeRetryTests(SharedSuite suite, ITestOutputHelper output)
{
    [Fact(DisplayName = "Trust: every write method gives a retry its first answer and refuses a different request under a used request_id")]
    public async Task Every_write_is_safe_to_retry()
    {
        var writes = RoleTableTests.Table()
            .Select(row => (Row: row, Service: RoleTableTests.ServicesByName[row.Service], Method: RoleTableTests.ServicesByName[row.Service].Descriptor.FindMethodByName(row.Rpc)))
            .Where(w => !w.Method.IsServerStreaming && w.Method.InputType.FindFieldByName("request_id") is not null)
            .ToList();
        var wrong = new List<string>();
        foreach (var (row, (process, descriptor), method) in writes)
        {
            var role = row.Roles.First();
            var caller = $"retry-{role}";
            var database = Suite.Services.Single(s => s.Name == process).Database;
            var path = $"/{descriptor.FullName}/{method.Name}";

            // The same request again: the kept answer, not a second change.
            var request = Request(method.InputType, Guid.NewGuid().ToString());
            var answer = Answer(method.OutputType);
            await KeepAsync(database, path, request, caller, answer.ToByteArray(), SHA256.HashData(request.ToByteArray()));
            var again = await CallAsync(process, descriptor, method, caller, role, request);
            if (!again.Equals(answer))
            {
                wrong.Add($"{row.Service}.{row.Rpc}: a retry got {again}, not the kept answer {answer}");
            }

            // Another request under a used request_id.
            var other = Request(method.InputType, Guid.NewGuid().ToString());
            await KeepAsync(database, path, other, caller, answer.ToByteArray(), SHA256.HashData(other.ToByteArray().Append((byte)1).ToArray()));
            try
            {
                await CallAsync(process, descriptor, method, caller, role, other);
                wrong.Add($"{row.Service}.{row.Rpc}: a different request under a used request_id was answered");
            }
            catch (RpcException ex) when (ex.StatusCode == StatusCode.InvalidArgument
                && ex.GetRpcStatus()?.GetDetail<BadRequest>()?.FieldViolations.Any(f => f.Field == "request_id") == true)
            {
                // Refused, naming request_id.
            }
            catch (RpcException ex)
            {
                wrong.Add($"{row.Service}.{row.Rpc}: a different request under a used request_id got {ex.Status}");
            }
        }

        output.WriteLine($"{writes.Count} write methods, each retried and re-used: {wrong.Count} wrong");
        Assert.True(writes.Count >= 40, $"only {writes.Count} write methods found");
        Assert.Empty(wrong);
    }

    private static IMessage Request(MessageDescriptor type, string requestId)
    {
        var request = ContractCalls.Empty(type);
        type.FindFieldByName("request_id").Accessor.SetValue(request, requestId);
        return request;
    }

    /// <summary>An answer a first call could have given, told apart from an empty one by its first text field.</summary>
    private static IMessage Answer(MessageDescriptor type)
    {
        var answer = ContractCalls.Empty(type);
        if (type.Fields.InFieldNumberOrder().FirstOrDefault(f => f.FieldType == FieldType.String && !f.IsRepeated && f.ContainingOneof is null) is { } text)
        {
            text.Accessor.SetValue(answer, "kept-answer");
        }

        return answer;
    }

    private Task<long> KeepAsync(string database, string method, IMessage request, string caller, byte[] response, byte[] requestHash) =>
        suite.CountAsync(database,
            """INSERT INTO idempotency_records ("Method", "RequestId", "UserId", "Response", "RequestHash", "CreatedAt") VALUES (@method, @id, @user, @response, @hash, now()) RETURNING 1""",
            ("method", method), ("id", (string)request.Descriptor.FindFieldByName("request_id").Accessor.GetValue(request)), ("user", caller), ("response", response), ("hash", requestHash));

    private async Task<IMessage> CallAsync(string process, ServiceDescriptor service, MethodDescriptor method, string caller, string role, IMessage request)
    {
        var options = new CallOptions(new Metadata { { "authorization", $"Bearer {TestTokens.For(caller, role)}" } }, DateTime.UtcNow.AddSeconds(20));
        return (await ContractCalls.CallAsync(suite.Channel(process).CreateCallInvoker(), service, method, options, request))!;
    }
}
