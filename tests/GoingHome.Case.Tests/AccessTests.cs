using GoingHome.Case.V1;
using GoingHome.Persistence;
using GoingHome.ServiceDefaults.Auth;
using GoingHome.ServiceDefaults.Errors;
using GoingHome.Testing;
using Google.Rpc;
using Grpc.Core;
using Microsoft.EntityFrameworkCore;
using static GoingHome.Case.Tests.Requests;

namespace GoingHome.Case.Tests;

[Collection(CaseCollection.Name)]
public sealed class AccessTests(CaseServiceFixture service)
{
    [Fact]
    public async Task A_call_without_a_token_is_unauthenticated()
    {
        var error = await Assert.ThrowsAsync<RpcException>(async () => await service.Client(null).ListChildrenAsync(new ListChildrenRequest()));
        Assert.Equal(StatusCode.Unauthenticated, error.StatusCode);
    }

    [Fact]
    public async Task A_token_signed_with_another_key_is_unauthenticated()
    {
        var forged = GoingHome.ServiceDefaults.Auth.DevelopmentTokens.Mint(
            new string('k', 48), "mallory", "Mallory", ["Director"], TimeSpan.FromHours(1), DateTimeOffset.UtcNow);
        var client = new CaseService.CaseServiceClient(service.Channel().CreateCallInvoker());
        var error = await Assert.ThrowsAsync<RpcException>(async () =>
            await client.ListChildrenAsync(new ListChildrenRequest(), new Metadata { { "authorization", $"Bearer {forged}" } }));
        Assert.Equal(StatusCode.Unauthenticated, error.StatusCode);
    }

    [Fact(DisplayName = "ACC-5: a bearer token over 16 KB is UNAUTHENTICATED (TOKEN_TOO_LARGE) without being parsed")]
    public async Task An_oversized_token_is_unauthenticated()
    {
        var token = TestTokens.For("sw-1", "SW");
        var padded = token + new string('A', GoingHome.ServiceDefaults.Auth.AuthExtensions.MaxTokenBytes);
        var client = new CaseService.CaseServiceClient(service.Channel().CreateCallInvoker());

        var error = await Assert.ThrowsAsync<RpcException>(async () =>
            await client.ListChildrenAsync(new ListChildrenRequest(), new Metadata { { "authorization", $"Bearer {padded}" } }));

        Assert.Equal(StatusCode.Unauthenticated, error.StatusCode);
        Assert.Equal("TOKEN_TOO_LARGE", error.GetStatusDetail<ErrorInfo>()!.Reason);
    }

    [Fact]
    public async Task A_social_worker_may_not_allocate_workers_or_end_episodes()
    {
        var sw = service.Client("sw-1", "SW");
        var child = await sw.CreateChildAsync(NewChild());

        var allocate = await Assert.ThrowsAsync<RpcException>(async () => await sw.AllocateWorkerAsync(new AllocateWorkerRequest
        {
            ChildId = child.Id,
            RequestId = NewId(),
            Allocation = new Allocation { Role = WorkerRole.SocialWorker, WorkerId = "sw-1", TeamId = "north" },
        }));
        var end = await Assert.ThrowsAsync<RpcException>(async () => await sw.EndCareEpisodeAsync(new EndCareEpisodeRequest
        {
            ChildId = child.Id,
            EpisodeId = NewId(),
            RequestId = NewId(),
        }));

        Assert.Equal(StatusCode.PermissionDenied, allocate.StatusCode);
        Assert.Equal(StatusCode.PermissionDenied, end.StatusCode);
    }

    [Theory(DisplayName = "Least privilege: a service or admin account takes no casework decision (allocation, ending an episode, management oversight)")]
    [InlineData("service")]
    [InlineData("admin")]
    public async Task Machine_and_admin_accounts_take_no_casework_decisions(string role)
    {
        var child = await service.Client("sw-1", "SW").CreateChildAsync(NewChild());
        var machine = service.Client($"{role}:probe", role);
        var calls = new Func<Task>[]
        {
            () => machine.AllocateWorkerAsync(new AllocateWorkerRequest
            {
                ChildId = child.Id, RequestId = NewId(), Allocation = new Allocation { Role = WorkerRole.SocialWorker, WorkerId = "sw-1", TeamId = "north" },
            }).ResponseAsync,
            () => machine.EndCareEpisodeAsync(new EndCareEpisodeRequest { ChildId = child.Id, EpisodeId = NewId(), RequestId = NewId() }).ResponseAsync,
            () => machine.CreateCaseNoteAsync(new CreateCaseNoteRequest
            {
                ChildId = child.Id, RequestId = NewId(), Note = new CaseNote { Type = CaseNoteType.ManagementOversight, Subject = "s", Body = "b" },
            }).ResponseAsync,
        };
        foreach (var call in calls)
        {
            Assert.Equal(StatusCode.PermissionDenied, (await Assert.ThrowsAsync<RpcException>(call)).StatusCode);
        }
    }

    [Fact(DisplayName = "Bad input: text PostgreSQL cannot store (NUL) is INVALID_ARGUMENT naming the field, never INTERNAL, and nothing is written")]
    public async Task Unstorable_text_is_a_field_violation()
    {
        var sw = service.Client("sw-1", "SW");
        var nul = NewChild("Ava\0Reed");
        var error = await Assert.ThrowsAsync<RpcException>(async () => await sw.CreateChildAsync(nul));
        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Equal("child.given_name", error.GetStatusDetail<BadRequest>()!.FieldViolations.Single().Field);
        Assert.Equal(0, await service.WithDbAsync(db => db.Children.CountAsync(c => c.GivenName.StartsWith("Ava") && c.FamilyName.StartsWith("Reed"))));
    }

    [Fact(DisplayName = "Bad input: a Timestamp outside protobuf's range is INVALID_ARGUMENT naming the field, never INTERNAL")]
    public async Task Out_of_range_timestamps_are_field_violations()
    {
        var dpo = new GoingHome.Audit.V1.SuiteAccessLogService.SuiteAccessLogServiceClient(service.Invoker("dpo-1", "DPO"));
        var error = await Assert.ThrowsAsync<RpcException>(async () => await dpo.ListChildAccessAsync(new GoingHome.Audit.V1.ListChildAccessRequest
        {
            ChildId = Guid.NewGuid().ToString(), StartTime = new Google.Protobuf.WellKnownTypes.Timestamp { Seconds = long.MaxValue },
        }));
        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Equal("start_time", error.GetStatusDetail<BadRequest>()!.FieldViolations.Single().Field);
    }

    [Fact(DisplayName = "Least privilege: only the issuer's algorithm (HS256) is accepted; case data is sent with no-store and nosniff")]
    public async Task Only_the_issuers_algorithm_and_no_caching()
    {
        var child = await service.Client("sw-1", "SW").CreateChildAsync(NewChild());
        using var http = service.CreateClient();
        using var hs512 = new HttpRequestMessage(HttpMethod.Get, $"/v1/children/{child.Id}");
        hs512.Headers.Authorization = new("Bearer", DevelopmentTokens.Mint(GoingHome.Testing.TestTokens.SigningKey, "sw-1", "Sam", ["SW"],
            TimeSpan.FromHours(1), DateTimeOffset.UtcNow, algorithm: Microsoft.IdentityModel.Tokens.SecurityAlgorithms.HmacSha512));
        Assert.Equal(System.Net.HttpStatusCode.Unauthorized, (await http.SendAsync(hs512)).StatusCode);

        using var read = new HttpRequestMessage(HttpMethod.Get, $"/v1/children/{child.Id}");
        read.Headers.Authorization = new("Bearer", GoingHome.Testing.TestTokens.For("sw-1", "SW"));
        var response = await http.SendAsync(read);
        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        Assert.True(response.Headers.CacheControl?.NoStore);
        Assert.Equal("nosniff", Assert.Single(response.Headers.GetValues("X-Content-Type-Options")));
    }

    [Fact(DisplayName = "Least privilege: refusals before any handler carry the error model: 401/403 with a google.rpc.Status body on JSON, ErrorInfo details on gRPC")]
    public async Task Refusals_before_the_handler_carry_the_error_model()
    {
        var anonymous = await Assert.ThrowsAsync<RpcException>(async () => await service.Client(null).ListChildrenAsync(new ListChildrenRequest()));
        Assert.Equal("MISSING_TOKEN", anonymous.GetStatusDetail<ErrorInfo>()!.Reason);
        var admin = await Assert.ThrowsAsync<RpcException>(async () => await service.Client("admin-1", Roles.Admin).ListChildrenAsync(new ListChildrenRequest()));
        Assert.Equal(StatusCode.PermissionDenied, admin.StatusCode);
        var denied = admin.GetStatusDetail<ErrorInfo>()!;
        Assert.Equal(("ROLE_NOT_ALLOWED", Policies.ChildRecordReader), (denied.Reason, denied.Metadata["policy"]));
        Assert.DoesNotContain(Roles.Admin, denied.Metadata["allowed_roles"].Split(','));

        using var http = service.CreateClient();
        var unauthenticated = await http.GetAsync("/v1/children");
        Assert.Equal(System.Net.HttpStatusCode.Unauthorized, unauthenticated.StatusCode);
        Assert.StartsWith("Bearer", unauthenticated.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);
        Assert.Equal((16, "MISSING_TOKEN"), await StatusBodyAsync(unauthenticated));
        using var forbidden = new HttpRequestMessage(HttpMethod.Get, "/v1/children");
        forbidden.Headers.Authorization = new("Bearer", GoingHome.Testing.TestTokens.For("admin-1", Roles.Admin));
        var refused = await http.SendAsync(forbidden);
        Assert.Equal(System.Net.HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Equal((7, "ROLE_NOT_ALLOWED"), await StatusBodyAsync(refused));
    }

    [Theory(DisplayName = "ACC-5 / Least privilege: a JSON body that is not JSON, whose field has the wrong shape or that the contract does not have, is INVALID_ARGUMENT naming the field")]
    [InlineData("""{"requestId":"r-1","child":{"givenName":"Ava",}""", "body")]
    [InlineData("""{"requestId":"r-1","child":{"givenName":5,"familyName":"Reed"}}""", "child.givenName")]
    [InlineData("""{"requestId":"r-1","child":{"givenName":"Ava","dateOfBirth":"2015-01-02"}}""", "child.dateOfBirth")]
    [InlineData("""{"requestId":"r-1","child":{"givenName":"Ava","gender":"PURPLE"}}""", "child.gender")]
    [InlineData("""{"requestId":"r-1","child":{"givenName":"Ava","dateOfBirth":{"year":"soon"}}}""", "child.dateOfBirth.year")]
    [InlineData("""[1,2]""", "body")]
    [InlineData("""{"requestId":"r-1","child":{"givenName":"Ava","familyNme":"Reed"}}""", "child.familyNme")]
    [InlineData("""{"requestId":"r-1","sourceSystem":"lcs","child":{"givenName":"Ava"}}""", "sourceSystem")]
    public async Task Json_parse_errors_name_the_field(string body, string field)
    {
        using var http = service.CreateClient();
        var response = await PostChildAsync(http, new StringContent(body, System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(System.Net.HttpStatusCode.BadRequest, response.StatusCode);
        using var json = System.Text.Json.JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(3, json.RootElement.GetProperty("code").GetInt32());
        var violations = json.RootElement.GetProperty("details").EnumerateArray()
            .Single(d => d.GetProperty("@type").GetString()!.EndsWith("google.rpc.BadRequest", StringComparison.Ordinal)).GetProperty("fieldViolations");
        Assert.Equal(field, Assert.Single(violations.EnumerateArray()).GetProperty("field").GetString());
    }

    [Theory(DisplayName = "Least privilege: a JSON body over gRPC's 4 MB is RESOURCE_EXHAUSTED (HTTP 413), refused before it is parsed, sized or streamed")]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Json_bodies_are_limited_like_grpc(bool declaresLength)
    {
        using var http = service.CreateClient();
        var padding = new string(' ', GoingHome.ServiceDefaults.Grpc.GrpcHostExtensions.MaxMessageBytes);
        HttpContent content = declaresLength
            ? new StringContent("{\"requestId\":\"r\"}" + padding, System.Text.Encoding.UTF8, "application/json")
            : new StreamContent(new MemoryStream(System.Text.Encoding.UTF8.GetBytes("{\"requestId\":\"r\"}" + padding)));
        content.Headers.ContentType = new("application/json");
        if (!declaresLength)
        {
            content.Headers.ContentLength = null;
        }

        var response = await PostChildAsync(http, content);

        Assert.Equal(System.Net.HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal((8, "MESSAGE_TOO_LARGE"), await StatusBodyAsync(response));
    }

    [Theory(DisplayName = "ACC-5: a gRPC body that is not a valid protobuf message is INVALID_ARGUMENT naming the body, never UNKNOWN")]
    [InlineData(new byte[] { 0x0A, 0xFF })]
    [InlineData(new byte[] { 0x0A, 0x05, 0x41 })]
    [InlineData(new byte[] { 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x01 })]
    public async Task Malformed_protobuf_is_invalid_argument(byte[] body)
    {
        var raw = Marshallers.Create<byte[]>(bytes => bytes, bytes => bytes);
        var getChild = new Method<byte[], byte[]>(MethodType.Unary, CaseService.Descriptor.FullName, "GetChild", raw, raw);
        var headers = new Metadata { { "authorization", $"Bearer {GoingHome.Testing.TestTokens.For("sw-1", "SW")}" } };

        var error = await Assert.ThrowsAsync<RpcException>(async () =>
            await service.Channel().CreateCallInvoker().AsyncUnaryCall(getChild, null, new CallOptions(headers), body));

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Equal("body", error.GetStatusDetail<BadRequest>()!.FieldViolations.Single().Field);
    }

    [Theory(DisplayName = "ACC-5: a JSON query parameter the contract cannot read is INVALID_ARGUMENT with the error model, naming the parameter")]
    [InlineData("pageSize=many", "pageSize")]
    [InlineData("pageSize=1e99", "pageSize")]
    [InlineData("pageSize=2147483648", "pageSize")]
    [InlineData("colour=blue", "colour")]
    public async Task Json_query_errors_name_the_parameter(string query, string field)
    {
        using var http = service.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/v1/children?" + query);
        request.Headers.Authorization = new("Bearer", GoingHome.Testing.TestTokens.For("sw-1", "SW"));
        var response = await http.SendAsync(request);

        Assert.Equal(System.Net.HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal((3, "INVALID_ARGUMENT"), await StatusBodyAsync(response));
        using var json = System.Text.Json.JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var violations = json.RootElement.GetProperty("details").EnumerateArray()
            .Single(d => d.GetProperty("@type").GetString()!.EndsWith("google.rpc.BadRequest", StringComparison.Ordinal)).GetProperty("fieldViolations");
        Assert.Equal(field, Assert.Single(violations.EnumerateArray()).GetProperty("field").GetString());
    }

    private static async Task<HttpResponseMessage> PostChildAsync(HttpClient http, HttpContent content)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/children") { Content = content };
        request.Headers.Authorization = new("Bearer", GoingHome.Testing.TestTokens.For("sw-1", "SW"));
        return await http.SendAsync(request);
    }

    private static async Task<(int Code, string? Reason)> StatusBodyAsync(HttpResponseMessage response)
    {
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        using var json = System.Text.Json.JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var info = json.RootElement.GetProperty("details").EnumerateArray()
            .Single(d => d.GetProperty("@type").GetString()!.EndsWith("google.rpc.ErrorInfo", StringComparison.Ordinal));
        return (json.RootElement.GetProperty("code").GetInt32(), info.GetProperty("reason").GetString());
    }

    [Fact]
    public async Task A_token_without_a_known_role_may_not_read()
    {
        var error = await Assert.ThrowsAsync<RpcException>(async () =>
            await service.Client("visitor", "Guest").ListChildrenAsync(new ListChildrenRequest()));
        Assert.Equal(StatusCode.PermissionDenied, error.StatusCode);
    }

    [Fact(DisplayName = "RH-4: management oversight notes are written by managers only")]
    public async Task RH4_management_oversight_notes_are_written_by_managers_only()
    {
        var child = await service.Client("sw-1", "SW").CreateChildAsync(NewChild());
        var note = new CaseNote { Type = CaseNoteType.ManagementOversight, Subject = "HoS agreement", Body = "Return home agreed." };

        var denied = await Assert.ThrowsAsync<RpcException>(async () =>
            await service.Client("sw-1", "SW").CreateCaseNoteAsync(new CreateCaseNoteRequest { ChildId = child.Id, RequestId = NewId(), Note = note }));
        var written = await service.Client("hos-1", "HoS").CreateCaseNoteAsync(new CreateCaseNoteRequest { ChildId = child.Id, RequestId = NewId(), Note = note });

        Assert.Equal(StatusCode.PermissionDenied, denied.StatusCode);
        Assert.Equal("HoS", written.AuthorRole);
        var listed = await service.Client("iro-1", "IRO").ListCaseNotesAsync(new ListCaseNotesRequest { ChildId = child.Id, Type = CaseNoteType.ManagementOversight });
        Assert.Equal(written, listed.Notes.Single());
    }

    [Fact]
    public async Task Writes_are_audited_in_their_transaction_and_reads_by_the_batched_writer()
    {
        var tm = service.Client("tm-audit", "TM");
        var create = NewChild();
        var child = await tm.CreateChildAsync(create);
        await tm.GetChildAsync(new GetChildRequest { Id = child.Id });

        var write = await service.WithDbAsync(db => db.Set<AuditEntity>().SingleAsync(a => a.RequestId == create.RequestId));
        Assert.Equal(("tm-audit", "TM", AuditEntity.Write), (write.UserId, write.Role, write.Access));
        Assert.EndsWith("/CreateChild", write.Method, StringComparison.Ordinal);

        AuditEntity? read = null;
        for (var attempt = 0; attempt < 100 && read is null; attempt++)
        {
            await Task.Delay(50);
            read = await service.WithDbAsync(db => db.Set<AuditEntity>().FirstOrDefaultAsync(a => a.ChildId == child.Id && a.Access == AuditEntity.Read));
        }

        Assert.NotNull(read);
        Assert.Equal("tm-audit", read.UserId);
        Assert.EndsWith("/GetChild", read.Method, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Refused_attempts_are_audited_although_the_refused_call_writes_nothing()
    {
        var child = await service.Client("tm-refusals", "TM").CreateChildAsync(NewChild());
        var admin = service.Client("admin-refusals", "admin");
        var worker = service.Client("sw-refusals", "SW");

        // Refused by role before the handler runs (the child is not known yet), and by a rule inside it (it is).
        Assert.Equal(StatusCode.PermissionDenied, (await Assert.ThrowsAsync<RpcException>(async () => await admin.GetChildAsync(new GetChildRequest { Id = child.Id }))).StatusCode);
        var note = new CreateCaseNoteRequest
        {
            ChildId = child.Id, RequestId = NewId(), Note = new CaseNote { Type = CaseNoteType.ManagementOversight, Subject = "s", Body = "b" },
        };
        Assert.Equal(StatusCode.PermissionDenied, (await Assert.ThrowsAsync<RpcException>(async () => await worker.CreateCaseNoteAsync(note))).StatusCode);

        List<AuditEntity> refused = [];
        for (var attempt = 0; attempt < 100 && refused.Count < 2; attempt++)
        {
            await Task.Delay(50);
            refused = await service.WithDbAsync(db => db.Set<AuditEntity>().Where(a => a.Access == AuditEntity.Refused && (a.UserId == "admin-refusals" || a.UserId == "sw-refusals")).ToListAsync());
        }

        var byRole = Assert.Single(refused, a => a.UserId == "admin-refusals");
        Assert.EndsWith("/GetChild", byRole.Method, StringComparison.Ordinal);
        var byRule = Assert.Single(refused, a => a.UserId == "sw-refusals");
        Assert.Equal((child.Id, note.RequestId, "SW"), (byRule.ChildId, byRule.RequestId, byRule.Role));
        Assert.EndsWith("/CreateCaseNote", byRule.Method, StringComparison.Ordinal);
        Assert.Equal(0, await service.WithDbAsync(db => db.CaseNotes.CountAsync(n => n.ChildId == Guid.Parse(child.Id))));
    }

    [Fact]
    public async Task A_client_over_its_limit_gets_resource_exhausted_with_retry_info_and_others_carry_on()
    {
        var child = await service.Client("tm-limits", "TM").CreateChildAsync(NewChild());
        var flood = service.Client("flood-client", "SW");
        var other = service.Client("sw-limits", "SW");

        var refusals = new List<RpcException>();
        for (var call = 0; call < 10; call++)
        {
            try
            {
                await flood.GetChildAsync(new GetChildRequest { Id = child.Id });
            }
            catch (RpcException ex)
            {
                refusals.Add(ex);
            }

            Assert.Equal(child.Id, (await other.GetChildAsync(new GetChildRequest { Id = child.Id })).Id);
        }

        Assert.NotEmpty(refusals);
        Assert.All(refusals, refused =>
        {
            Assert.Equal(StatusCode.ResourceExhausted, refused.StatusCode);
            Assert.Equal("RATE_LIMITED", refused.GetStatusDetail<ErrorInfo>()!.Reason);
            Assert.True(refused.GetStatusDetail<RetryInfo>()!.RetryDelay.ToTimeSpan() > TimeSpan.Zero);
        });
    }
}
