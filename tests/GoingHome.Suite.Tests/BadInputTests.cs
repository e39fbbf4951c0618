using System.Text;
using GoingHome.ServiceDefaults.Auth;
using GoingHome.Testing;
using Google.Protobuf;
using Google.Protobuf.Reflection;
using Grpc.Core;
using Xunit.Abstractions;

namespace GoingHome.Suite.Tests;

/// <summary>
/// Bad input, systematically: every RPC in the contracts, called as an attacker or a careless integrator would, gets a
/// typed status (never UNKNOWN or INTERNAL), no stack trace or SQL in anything it says, and every service stays healthy.
/// </summary>
[Collection(SuiteCollection.Name)]
public sealed class BadInputTests(SharedSuite suite, ITestOutputHelper output)
{
    private static readonly string[] Leaks = ["   at ", "Exception", "Npgsql", "SELECT ", "INSERT ", "UPDATE ", "syntax error", "StackExchange"];

    [Fact(DisplayName = "Trust: every RPC refuses bad tokens as UNAUTHENTICATED and answers bad input with a typed status, leaking nothing")]
    public async Task Every_rpc_meets_bad_input_with_a_typed_status()
    {
        var rows = RoleTableTests.Table();
        var probes = new List<Probe>();
        foreach (var row in rows)
        {
            var role = row.Roles.First();
            var user = $"bad-input-{role}";
            probes.Add(new(row, "no token", null, Empty, [StatusCode.Unauthenticated]));
            probes.Add(new(row, "another key", DevelopmentTokens.Mint(new string('k', 48), user, user, [role], TimeSpan.FromHours(1), DateTimeOffset.UtcNow), Empty, [StatusCode.Unauthenticated]));
            probes.Add(new(row, "alg none", Unsigned(TestTokens.For(user, role)), Empty, [StatusCode.Unauthenticated]));
            probes.Add(new(row, "token over 16 KB", TestTokens.For(user, role) + new string('A', AuthExtensions.MaxTokenBytes), Empty, [StatusCode.Unauthenticated]));
            probes.Add(new(row, "no subject", TestTokens.For(" ", role), Empty, [StatusCode.Unauthenticated]));
            probes.Add(new(row, "every field missing", TestTokens.For(user, role), Empty, null));
            probes.Add(new(row, "oversize strings", TestTokens.For(user, role), d => Filled(d, _ => new string('x', 100_000), null), null));
            probes.Add(new(row, "impossible dates", TestTokens.For(user, role), d => Filled(d, f => f.Name == "request_id" ? Guid.NewGuid().ToString() : "x", new Google.Type.Date { Year = 2026, Month = 2, Day = 30 }), null));
            probes.Add(new(row, "garbage page token and filters", TestTokens.For(user, role), d => Filled(d, f => f.Name == "page_token" ? "!!not-a-token!!" : "' OR 1=1 --", null), null));
            probes.Add(new(row, "body not protobuf", TestTokens.For(user, role), Empty, [StatusCode.InvalidArgument], Body: [0x0A, 0xFF]));
        }

        var wrong = new List<string>();
        using var gate = new SemaphoreSlim(8);
        await Task.WhenAll(probes.Select(async probe =>
        {
            await gate.WaitAsync();
            try
            {
                if (await ProbeAsync(probe) is { } problem)
                {
                    lock (wrong)
                    {
                        wrong.Add($"{probe.Row.Service}.{probe.Row.Rpc}, {probe.Name}: {problem}");
                    }
                }
            }
            finally
            {
                gate.Release();
            }
        }));

        var unhealthy = new List<string>();
        foreach (var service in Suite.Services.Select(s => s.Name))
        {
            var health = new Grpc.Health.V1.Health.HealthClient(suite.Channel(service));
            var status = (await health.CheckAsync(new Grpc.Health.V1.HealthCheckRequest())).Status;
            if (status != Grpc.Health.V1.HealthCheckResponse.Types.ServingStatus.Serving)
            {
                unhealthy.Add($"{service}: {status}");
            }
        }

        output.WriteLine($"{rows.Count} RPCs, {probes.Count} calls tried: {probes.Count - wrong.Count} answered as they should, {wrong.Count} wrong; services unhealthy after: {unhealthy.Count}");
        wrong.Sort(StringComparer.Ordinal);
        foreach (var line in wrong)
        {
            output.WriteLine(line);
        }

        Assert.Empty(wrong);
        Assert.Empty(unhealthy);
    }

    /// <summary>One call: <paramref name="Body"/>, when given, is sent as the request's bytes in place of the message.</summary>
    private sealed record Probe(RoleTableTests.Row Row, string Name, string? Token, Func<MessageDescriptor, IMessage> Request, StatusCode[]? Expected, byte[]? Body = null);

    private async Task<string?> ProbeAsync(Probe probe)
    {
        var (process, descriptor) = RoleTableTests.ServicesByName[probe.Row.Service];
        var method = descriptor.FindMethodByName(probe.Row.Rpc);
        var headers = probe.Token is null ? new Metadata() : new Metadata { { "authorization", $"Bearer {probe.Token}" } };
        var options = new CallOptions(headers, DateTime.UtcNow.AddSeconds(method.IsServerStreaming ? 2 : 20));
        var expected = probe.Expected;
        try
        {
            await ContractCalls.CallAsync(suite.Channel(process).CreateCallInvoker(), descriptor, method, options, probe.Request(method.InputType), probe.Body);
            return expected is null ? null : $"answered, expected {string.Join(" or ", expected)}";
        }
        catch (RpcException ex)
        {
            var said = $"{ex.Status.Detail} {ex.GetRpcStatus()}";
            if (ex.StatusCode is StatusCode.Unknown or StatusCode.Internal)
            {
                return $"{ex.StatusCode}: {ex.Status.Detail}";
            }

            if (Leaks.FirstOrDefault(leak => said.Contains(leak, StringComparison.Ordinal)) is { } leak)
            {
                return $"{ex.StatusCode} says \"{leak}\": {said}";
            }

            // Any other typed status is an answer (a stream open and quiet until the deadline included).
            return expected is null || expected.Contains(ex.StatusCode) ? null : $"{ex.StatusCode}, expected {string.Join(" or ", expected)}";
        }
    }

    private static IMessage Empty(MessageDescriptor type) => ContractCalls.Empty(type);

    /// <summary>Every top-level text field set by <paramref name="text"/>, every date field to <paramref name="date"/> (when given).</summary>
    private static IMessage Filled(MessageDescriptor type, Func<FieldDescriptor, string> text, Google.Type.Date? date)
    {
        var message = Empty(type);
        foreach (var field in type.Fields.InFieldNumberOrder().Where(f => !f.IsRepeated && !f.IsMap))
        {
            if (field.FieldType == FieldType.String)
            {
                field.Accessor.SetValue(message, text(field));
            }
            else if (date is not null && field.FieldType == FieldType.Message && field.MessageType.FullName == Google.Type.Date.Descriptor.FullName)
            {
                field.Accessor.SetValue(message, date.Clone());
            }
        }

        return message;
    }

    /// <summary>A valid token's claims under an "alg": "none" header and no signature.</summary>
    private static string Unsigned(string token)
    {
        var header = Convert.ToBase64String(Encoding.UTF8.GetBytes("""{"alg":"none","typ":"JWT"}""")).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        return $"{header}.{token.Split('.')[1]}.";
    }
}
