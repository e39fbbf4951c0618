using GoingHome.Events.V1;
using GoingHome.Notifications.V1;
using GoingHome.Persistence.Restrictions;
using GoingHome.ServiceDefaults.Auth;
using GoingHome.Testing;
using Grpc.Core;
using Microsoft.Extensions.DependencyInjection;

namespace GoingHome.Notifications.Tests;

/// <summary>The integration event feed: what webhooks carry, pulled by page or stream from a cursor, by integrators only.</summary>
[Collection(NotificationsCollection.Name)]
public sealed class IntegrationFeedTests(NotificationsFixture fixture)
{
    private NotificationsService.NotificationsServiceClient Integrator => fixture.Client("mosaic-sync", Roles.Integrator);

    [Fact(DisplayName = "Integrators: the feed gives a child's events oldest first with the envelope's ids, payloads and notifications, by type, page by page")]
    public async Task Feed_pages_a_childs_events()
    {
        var childId = fixture.AddChild(true, new Case.V1.NetworkMember { Id = "mum", Relationship = Case.V1.Relationship.Parent });
        var awaiting = await fixture.PublishAsync("approvals", new ApprovalStepAwaiting
        {
            ChildId = childId, RequiredRole = Roles.HeadOfService, RuleId = "AP-1", StepIndex = 1, ApprovalRequestId = Guid.NewGuid().ToString(),
        }, childId);
        var notViable = await fixture.PublishAsync("pathway", new Section20ReturnNotViable { ChildId = childId, Reason = "not safe yet" }, childId);
        var events = await EventsOfAsync(childId, 2);

        Assert.Equal([awaiting.Id, notViable.Id], events.Select(e => e.EventId));
        Assert.Equal([ApprovalStepAwaiting.Descriptor.FullName, Section20ReturnNotViable.Descriptor.FullName], events.Select(e => e.EventType));
        Assert.Equal("not safe yet", events[1].Event.Unpack<Section20ReturnNotViable>().Reason);
        Assert.Equal((await fixture.StoredAsync(childId)).Count(n => n.SourceId == notViable.Id), events[1].Notifications.Count);
        Assert.NotEmpty(events[1].Notifications);

        var first = await Integrator.ListIntegrationEventsAsync(new ListIntegrationEventsRequest { ChildId = childId, PageSize = 1 });
        var second = await Integrator.ListIntegrationEventsAsync(new ListIntegrationEventsRequest { ChildId = childId, PageSize = 1, PageToken = first.NextPageToken });
        var after = await Integrator.ListIntegrationEventsAsync(new ListIntegrationEventsRequest { ChildId = childId, PageToken = second.NextPageToken });
        Assert.Equal([awaiting.Id, notViable.Id], first.Events.Concat(second.Events).Select(e => e.EventId));
        Assert.Empty(after.Events);
        Assert.Equal(second.NextPageToken, after.NextPageToken);

        var typed = await Integrator.ListIntegrationEventsAsync(new ListIntegrationEventsRequest
        {
            ChildId = childId, EventTypes = { Section20ReturnNotViable.Descriptor.FullName },
        });
        Assert.Equal(notViable.Id, Assert.Single(typed.Events).EventId);
    }

    [Fact(DisplayName = "Integrators: a feed stream resumes after its cursor, and passes over a child whose record is restricted from the integrator")]
    public async Task Feed_stream_resumes_and_withholds_restricted_children()
    {
        var restricted = fixture.AddChild();
        var open = fixture.AddChild();
        var start = (await Integrator.ListIntegrationEventsAsync(new ListIntegrationEventsRequest { ChildId = open })).NextPageToken;
        await fixture.PublishAsync("case", new ChildRecordRestrictionChanged { ChildId = restricted, Restricted = true, UserIds = { "someone-else" }, Version = 1 }, restricted);
        var restrictions = fixture.Services.GetRequiredService<RecordRestrictions>();
        await LocalProcess.WaitUntilAsync(
            () => Task.FromResult(restrictions.Hides(new CurrentUser("mosaic-sync", "mosaic-sync", [Roles.Integrator]), restricted)), TimeSpan.FromSeconds(30), "the restriction to be in force");

        var hidden = await fixture.PublishAsync("pathway", new Section20ReturnNotViable { ChildId = restricted, Reason = "restricted" }, restricted);
        var shown = await fixture.PublishAsync("pathway", new Section20ReturnNotViable { ChildId = open, Reason = "open" }, open);
        await fixture.WaitForAsync(restricted, 1);

        // The cursor came from a child-filtered page; the stream itself takes every child, and must skip the restricted one.
        var received = new List<IntegrationEvent>();
        using (var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60)))
        using (var stream = Integrator.StreamIntegrationEvents(new StreamIntegrationEventsRequest { Cursor = start }, cancellationToken: timeout.Token))
        {
            while (await stream.ResponseStream.MoveNext(timeout.Token))
            {
                received.Add(stream.ResponseStream.Current);
                if (stream.ResponseStream.Current.EventId == shown.Id)
                {
                    break;
                }
            }
        }

        Assert.DoesNotContain(received, e => e.EventId == hidden.Id || e.ChildId == restricted);
        var resumed = await Integrator.ListIntegrationEventsAsync(new ListIntegrationEventsRequest { PageToken = received[^1].Cursor });
        Assert.DoesNotContain(resumed.Events, e => received.Any(r => r.EventId == e.EventId));
        var refused = await Assert.ThrowsAsync<RpcException>(async () =>
            await Integrator.ListIntegrationEventsAsync(new ListIntegrationEventsRequest { ChildId = restricted }));
        Assert.Equal(StatusCode.NotFound, refused.StatusCode);
    }

    [Fact(DisplayName = "Integrators: bad feed requests name the field; a notification cursor is not a feed cursor")]
    public async Task Feed_refuses_bad_requests()
    {
        var inboxCursor = (await fixture.Client("sw-feed", Roles.SocialWorker).ListNotificationsAsync(new ListNotificationsRequest())).StreamCursor;
        foreach (var (request, field) in new[]
                 {
                     (new ListIntegrationEventsRequest { PageSize = 501 }, "page_size"),
                     (new ListIntegrationEventsRequest { EventTypes = { "goinghome.events.v1.NoSuchEvent" } }, "event_types"),
                     (new ListIntegrationEventsRequest { PageToken = inboxCursor }, "page_token"),
                 })
        {
            var error = await Assert.ThrowsAsync<RpcException>(async () => await Integrator.ListIntegrationEventsAsync(request));
            Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
            Assert.Contains(field, error.Status.Detail, StringComparison.Ordinal);
        }
    }

    private async Task<List<IntegrationEvent>> EventsOfAsync(string childId, int count)
    {
        List<IntegrationEvent> events = [];
        await LocalProcess.WaitUntilAsync(
            async () => (events = [.. (await Integrator.ListIntegrationEventsAsync(new ListIntegrationEventsRequest { ChildId = childId })).Events]).Count >= count,
            TimeSpan.FromSeconds(60), $"{count} feed events about {childId}");
        return events;
    }
}
