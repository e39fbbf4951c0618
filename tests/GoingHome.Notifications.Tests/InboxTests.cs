using GoingHome.Case.V1;
using GoingHome.Events.V1;
using GoingHome.Notifications.V1;
using GoingHome.ServiceDefaults.Auth;
using Grpc.Core;

namespace GoingHome.Notifications.Tests;

[Collection(NotificationsCollection.Name)]
public sealed class InboxTests(NotificationsFixture fixture)
{
    private static NetworkMember Member(string id, Relationship relationship) => new() { Id = id, Relationship = relationship, Name = id };

    [Fact(DisplayName = "NT-2: an S20 not-viable event reaches the child, parents, carers and IRO inboxes once each")]
    public async Task NT2_NotViableReachesEveryInbox()
    {
        var childId = fixture.AddChild(true, Member("mum", Relationship.Parent), Member("gran", Relationship.Carer), Member("gp", Relationship.Gp));
        var envelope = await fixture.PublishAsync("pathway", new Section20ReturnNotViable { ChildId = childId, Reason = "DBS concerns" }, childId);

        var stored = await fixture.WaitForAsync(childId, 4);
        Assert.Equal([$"child:{childId}", "member:gran", "member:mum", "user:iro-1"], stored.Select(n => n.RecipientKey).Order());
        Assert.All(stored, n => Assert.Equal(("S20-7", envelope.Id, "s20-return-not-viable"), (n.RuleId, n.SourceId, n.Kind)));

        var iroInbox = await fixture.Client("iro-1", Roles.IndependentReviewingOfficer).ListNotificationsAsync(new ListNotificationsRequest { ChildId = childId });
        var notice = Assert.Single(iroInbox.Notifications);
        Assert.Contains("DBS concerns", notice.Body, StringComparison.Ordinal);
    }

    [Fact(DisplayName = "NT-5: the same event delivered twice is stored once")]
    public async Task NT5_RedeliveryIsStoredOnce()
    {
        var childId = fixture.AddChild();
        var envelope = GoingHome.Testing.EventPublisher.Envelope("pathway", new Section20ReturnRequested { ChildId = childId, Trigger = "PARENT_REQUEST" }, childId, fixture.Clock.GetUtcNow());
        for (var i = 0; i < 3; i++)
        {
            await fixture.Events.AppendAsync("pathway", envelope.Id, envelope.Type, Google.Protobuf.MessageExtensions.ToByteArray(envelope));
        }

        await fixture.PublishAsync("pathway", new Section20ReturnNotViable { ChildId = childId }, childId);
        var stored = await fixture.WaitForAsync(childId, 3);
        Assert.Single(stored, n => n.Kind == "s20-return-requested");
    }

    [Fact(DisplayName = "NT-5: mark all read marks what the listing showed, up to its cursor, for the caller alone; later arrivals stay unread")]
    public async Task NT5_MarkAllReadUpToTheCursor()
    {
        var child = fixture.AddChild();
        async Task AwaitingAsync() => await fixture.PublishAsync("approvals",
            new ApprovalStepAwaiting { ChildId = child, RequiredRole = "HoS", RuleId = "AP-5", StepIndex = 0, ApprovalRequestId = Guid.NewGuid().ToString() }, child);
        await AwaitingAsync();
        await AwaitingAsync();
        await fixture.WaitForAsync(child, 2);
        var hos = fixture.Client($"hos-{Guid.NewGuid():N}", Roles.HeadOfService);
        var colleague = fixture.Client($"hos-{Guid.NewGuid():N}", Roles.HeadOfService);
        var shown = await hos.ListNotificationsAsync(new ListNotificationsRequest { PageSize = 1 });
        await AwaitingAsync();
        await fixture.WaitForAsync(child, 3);

        var marked = await hos.MarkAllNotificationsReadAsync(new MarkAllNotificationsReadRequest { StreamCursor = shown.StreamCursor });
        Assert.Equal((shown.UnreadCount, 1), (marked.MarkedCount, marked.UnreadCount));
        var stillUnread = await hos.ListNotificationsAsync(new ListNotificationsRequest { ChildId = child, UnreadOnly = true });
        Assert.Single(stillUnread.Notifications);
        Assert.Equal(3, (await colleague.ListNotificationsAsync(new ListNotificationsRequest { ChildId = child, UnreadOnly = true })).Notifications.Count);
        Assert.Equal(0, (await hos.MarkAllNotificationsReadAsync(new MarkAllNotificationsReadRequest { StreamCursor = shown.StreamCursor })).MarkedCount);

        foreach (var cursor in new[] { "", "not-a-cursor" })
        {
            var refused = await Assert.ThrowsAsync<RpcException>(() => hos.MarkAllNotificationsReadAsync(new MarkAllNotificationsReadRequest { StreamCursor = cursor }).ResponseAsync);
            Assert.Equal(StatusCode.InvalidArgument, refused.StatusCode);
        }
    }

    [Fact(DisplayName = "NT-5: an inbox lists newest first, per person and per role, with unread filter, child filter and paging")]
    public async Task NT5_InboxListing()
    {
        var first = fixture.AddChild();
        var second = fixture.AddChild();
        foreach (var child in new[] { first, second, first })
        {
            await fixture.PublishAsync("approvals", new ApprovalStepAwaiting { ChildId = child, RequiredRole = "HoS", RuleId = "AP-5", StepIndex = 0, ApprovalRequestId = Guid.NewGuid().ToString() }, child);
        }

        await fixture.WaitForAsync(first, 2);
        await fixture.WaitForAsync(second, 1);
        var hos = fixture.Client($"hos-{Guid.NewGuid():N}", Roles.HeadOfService);

        var firstOnly = await hos.ListNotificationsAsync(new ListNotificationsRequest { ChildId = first, PageSize = 1 });
        Assert.Single(firstOnly.Notifications);
        Assert.Equal("role:HoS", firstOnly.Notifications[0].Recipient);
        var next = await hos.ListNotificationsAsync(new ListNotificationsRequest { ChildId = first, PageSize = 1, PageToken = firstOnly.NextPageToken });
        Assert.Single(next.Notifications);
        Assert.True(firstOnly.Notifications[0].CreateTime >= next.Notifications[0].CreateTime);
        Assert.NotEqual(firstOnly.Notifications[0].Id, next.Notifications[0].Id);

        // Another person in the same role sees the same notices; read state is per person.
        var colleague = fixture.Client($"hos-{Guid.NewGuid():N}", Roles.HeadOfService);
        await hos.MarkNotificationReadAsync(new MarkNotificationReadRequest { Id = firstOnly.Notifications[0].Id });
        var unreadForHos = await hos.ListNotificationsAsync(new ListNotificationsRequest { ChildId = first, UnreadOnly = true });
        var unreadForColleague = await colleague.ListNotificationsAsync(new ListNotificationsRequest { ChildId = first, UnreadOnly = true });
        Assert.Single(unreadForHos.Notifications);
        Assert.Equal(2, unreadForColleague.Notifications.Count);

        var socialWorker = fixture.Client("sw-77", Roles.SocialWorker);
        Assert.Empty((await socialWorker.ListNotificationsAsync(new ListNotificationsRequest { ChildId = first })).Notifications);
    }

    [Fact(DisplayName = "NT-5: marking read is idempotent, and someone else's notification cannot be marked")]
    public async Task NT5_MarkRead()
    {
        var childId = fixture.AddChild();
        await fixture.PublishAsync("pathway", new Section20ReturnRequested { ChildId = childId, Trigger = "CHILD_REQUEST" }, childId);
        var notice = Assert.Single(await fixture.WaitForAsync(childId, 1));
        var iro = fixture.Client("iro-1", Roles.IndependentReviewingOfficer);
        var before = (await iro.GetUnreadCountAsync(new GetUnreadCountRequest())).UnreadCount;

        var once = await iro.MarkNotificationReadAsync(new MarkNotificationReadRequest { Id = notice.Id.ToString() });
        var twice = await iro.MarkNotificationReadAsync(new MarkNotificationReadRequest { Id = notice.Id.ToString() });
        Assert.NotNull(once.ReadTime);
        Assert.Equal(once.ReadTime, twice.ReadTime);
        Assert.Equal(before - 1, (await iro.GetUnreadCountAsync(new GetUnreadCountRequest())).UnreadCount);

        var other = await Assert.ThrowsAsync<RpcException>(() =>
            fixture.Client("sw-1", Roles.SocialWorker).MarkNotificationReadAsync(new MarkNotificationReadRequest { Id = notice.Id.ToString() }).ResponseAsync);
        Assert.Equal(StatusCode.PermissionDenied, other.StatusCode);
        Assert.Equal(0, await fixture.WithDbAsync(db => Task.FromResult(db.Reads.Count(r => r.ReaderId == "sw-1" && r.NotificationId == notice.Id))));

        var missing = await Assert.ThrowsAsync<RpcException>(() => iro.MarkNotificationReadAsync(new MarkNotificationReadRequest { Id = Guid.NewGuid().ToString() }).ResponseAsync);
        Assert.Equal(StatusCode.NotFound, missing.StatusCode);
        var malformed = await Assert.ThrowsAsync<RpcException>(() => iro.MarkNotificationReadAsync(new MarkNotificationReadRequest { Id = "nope" }).ResponseAsync);
        Assert.Equal(StatusCode.InvalidArgument, malformed.StatusCode);
    }

    [Fact(DisplayName = "NT-5: who was told what about a child is listed for practitioners, and the read is audited")]
    public async Task NT5_ChildNotificationsAreAudited()
    {
        var childId = fixture.AddChild(true, Member("gp", Relationship.Gp), Member("housing", Relationship.Housing));
        await fixture.PublishAsync("pathway", new ChildReturnedHome { ChildId = childId, PlanDocumentId = "plan-1" }, childId);
        await fixture.WaitForAsync(childId, 2);

        var listed = await fixture.Client("sw-1", Roles.SocialWorker).ListChildNotificationsAsync(new ListChildNotificationsRequest { ChildId = childId });
        Assert.Equal(["member:gp", "member:housing"], listed.Notifications.Select(n => n.Recipient).Order());
        Assert.All(listed.Notifications, n => Assert.Equal("RH-8", n.RuleId));
        await GoingHome.Testing.LocalProcess.WaitUntilAsync(
            () => fixture.WithDbAsync(db => Task.FromResult(db.Set<GoingHome.Persistence.AuditEntity>()
                .Any(a => a.ChildId == childId && a.UserId == "sw-1" && a.Method.EndsWith("ListChildNotifications")))),
            TimeSpan.FromSeconds(10), "the read audit row");
    }

    [Fact(DisplayName = "RH-8 / NT-3: a Housing contact added after GP was told of the planned return is told then, with the same plan and date")]
    public async Task RH8_LatePartnerIsToldToo()
    {
        var childId = fixture.AddChild(true, Member("gp", Relationship.Gp));
        var planned = new ChildReturnPlanned { ChildId = childId, PlanDocumentId = "plan-7", PlannedReturnDate = new Google.Type.Date { Year = 2027, Month = 1, Day = 15 } };
        await fixture.PublishAsync("pathway", planned, childId);
        await fixture.WaitForAsync(childId, 1);

        fixture.Case.Children[childId].Network.Add(Member("housing", Relationship.Housing));
        await fixture.PublishAsync("case", new NetworkChanged { ChildId = childId, MemberId = "housing", Change = NetworkChange.Added, Relationship = Relationship.Housing }, childId);
        await fixture.WaitForAsync(childId, 2);

        var listed = await fixture.Client("sw-1", Roles.SocialWorker).ListChildNotificationsAsync(new ListChildNotificationsRequest { ChildId = childId });
        var late = Assert.Single(listed.Notifications, n => n.Recipient == "member:housing");
        Assert.Equal(("child-return-planned", "RH-8"), (late.Kind, late.RuleId));
        Assert.Contains("plan-7", late.Body, StringComparison.Ordinal);
        Assert.Contains("2027-01-15", late.Body, StringComparison.Ordinal);
    }

    [Fact(DisplayName = "NT-1: recipients come from Case, cached, and a network change drops the cache")]
    public async Task NT1_NetworkFromCaseWithCache()
    {
        var childId = fixture.AddChild(true, Member("mum", Relationship.Parent));
        await fixture.PublishAsync("pathway", new Section20ReturnNotViable { ChildId = childId }, childId);
        await fixture.WaitForAsync(childId, 3);
        await fixture.PublishAsync("pathway", new Section20ReturnNotViable { ChildId = childId }, childId);
        await fixture.WaitForAsync(childId, 6);
        Assert.Single(fixture.Case.Reads, r => r.ChildId == childId);
        Assert.All(fixture.Case.Reads.Where(r => r.ChildId == childId), r => Assert.StartsWith("Bearer ", r.Authorization, StringComparison.Ordinal));

        fixture.Case.Children[childId].Network.Add(Member("dad", Relationship.Parent));
        await fixture.PublishAsync("case", new NetworkChanged { ChildId = childId, MemberId = "dad", Change = NetworkChange.Added, Relationship = Relationship.Parent }, childId);
        await GoingHome.Testing.LocalProcess.WaitUntilAsync(
            async () => !await fixture.RedisClient.GetDatabase().KeyExistsAsync(Features.RecipientDirectory.CacheKey(childId)), TimeSpan.FromSeconds(10), "the cache to be dropped");
        await fixture.PublishAsync("pathway", new Section20ReturnNotViable { ChildId = childId }, childId);
        var stored = await fixture.WaitForAsync(childId, 10);
        Assert.Contains(stored, n => n.RecipientKey == "member:dad");
    }
}
