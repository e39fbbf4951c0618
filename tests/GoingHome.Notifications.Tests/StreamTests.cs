using GoingHome.Events.V1;
using GoingHome.Notifications.V1;
using GoingHome.ServiceDefaults.Auth;
using GoingHome.Testing;
using Grpc.Core;
using Grpc.Net.Client;
using Grpc.Net.Client.Web;

namespace GoingHome.Notifications.Tests;

[Collection(NotificationsCollection.Name)]
public sealed class StreamTests(NotificationsFixture fixture)
{
    private static async Task<List<StreamNotificationsResponse>> ReadAsync(IAsyncStreamReader<StreamNotificationsResponse> stream, int count)
    {
        var received = new List<StreamNotificationsResponse>();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (received.Count < count && await stream.MoveNext(timeout.Token))
        {
            received.Add(stream.Current);
        }

        return received;
    }

    private Task<EventEnvelope> PublishAwaitingAsync(string childId, string role) =>
        fixture.PublishAsync("approvals", new ApprovalStepAwaiting
        {
            ChildId = childId, RequiredRole = role, RuleId = "AP-1", StepIndex = 1, ApprovalRequestId = Guid.NewGuid().ToString(),
        }, childId);

    [Fact(DisplayName = "NT-5: a stream that reconnects with its cursor misses nothing and sees nothing twice")]
    public async Task NT5_StreamResumesFromCursor()
    {
        var director = fixture.Client($"director-{Guid.NewGuid():N}", Roles.Director);
        var childId = fixture.AddChild();
        var start = (await director.ListNotificationsAsync(new ListNotificationsRequest { PageSize = 1 })).StreamCursor;

        string cursor;
        using (var first = director.StreamNotifications(new StreamNotificationsRequest { Cursor = start }))
        {
            await PublishAwaitingAsync(childId, Roles.Director);
            await PublishAwaitingAsync(childId, Roles.Director);
            var live = await ReadAsync(first.ResponseStream, 2);
            Assert.Equal(2, live.Count);
            cursor = live[^1].Cursor;
        }

        // While disconnected: three more for the Director, and one for someone else.
        for (var i = 0; i < 3; i++)
        {
            await PublishAwaitingAsync(childId, Roles.Director);
        }

        await PublishAwaitingAsync(childId, Roles.DeputyDirector);
        await fixture.WaitForAsync(childId, 6);

        using var resumed = director.StreamNotifications(new StreamNotificationsRequest { Cursor = cursor });
        var missed = await ReadAsync(resumed.ResponseStream, 3);
        await PublishAwaitingAsync(childId, Roles.Director);
        var after = await ReadAsync(resumed.ResponseStream, 1);

        var all = missed.Concat(after).Select(r => r.Notification).ToList();
        Assert.Equal(4, all.Count);
        Assert.All(all, n => Assert.Equal("role:Director", n.Recipient));
        Assert.Equal(all.Count, all.Select(n => n.Id).Distinct().Count());
        var stored = await fixture.StoredAsync(childId);
        Assert.Equal(stored.Where(n => n.RecipientKey == "role:Director").Skip(2).Select(n => n.Id.ToString()), all.Select(n => n.Id));
    }

    [Fact(DisplayName = "NT-5: a front end can watch the live stream over gRPC-Web")]
    public async Task NT5_StreamOverGrpcWeb()
    {
        var user = $"dd-{Guid.NewGuid():N}";
        var handler = new GrpcWebHandler(GrpcWebMode.GrpcWebText, fixture.Server.CreateHandler());
        using var channel = GrpcChannel.ForAddress(fixture.Server.BaseAddress, new GrpcChannelOptions { HttpHandler = handler });
        var client = new NotificationsService.NotificationsServiceClient(channel);
        var headers = new Metadata { { "authorization", $"Bearer {TestTokens.For(user, Roles.DeputyDirector)}" } };
        var childId = fixture.AddChild();

        var start = (await client.ListNotificationsAsync(new ListNotificationsRequest(), headers)).StreamCursor;
        using var stream = client.StreamNotifications(new StreamNotificationsRequest { Cursor = start }, headers);
        await PublishAwaitingAsync(childId, Roles.DeputyDirector);

        var received = Assert.Single(await ReadAsync(stream.ResponseStream, 1));
        Assert.Equal(childId, received.Notification.ChildId);
        Assert.Equal("approval-awaiting", received.Notification.Kind);
    }

    [Fact(DisplayName = "NT-5: a malformed cursor is refused with INVALID_ARGUMENT")]
    public async Task NT5_MalformedCursor()
    {
        using var stream = fixture.Client("sw-1", Roles.SocialWorker).StreamNotifications(new StreamNotificationsRequest { Cursor = "bm90LWEtY3Vyc29y" });
        var error = await Assert.ThrowsAsync<RpcException>(() => stream.ResponseStream.MoveNext(CancellationToken.None));
        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Contains("cursor", error.Status.Detail, StringComparison.Ordinal);
    }
}
