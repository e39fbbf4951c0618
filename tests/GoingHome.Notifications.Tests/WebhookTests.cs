using System.Text;
using System.Text.Json;
using GoingHome.Events.V1;
using GoingHome.Notifications.Data;
using GoingHome.Notifications.Domain;
using GoingHome.Notifications.Grpc;
using GoingHome.Notifications.Jobs;
using GoingHome.Notifications.V1;
using GoingHome.ServiceDefaults.Auth;
using GoingHome.ServiceDefaults.Errors;
using GoingHome.Testing;
using Grpc.Core;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace GoingHome.Notifications.Tests;

/// <summary>Integrators' webhooks: signed, retried, dead-lettered and replayed. Own service and clock (retries move time).</summary>
public sealed class WebhookTests(WebhookTests.Fixture fixture) : IClassFixture<WebhookTests.Fixture>
{
    private const string Secret = "integrator-shared-secret-0001";

    private NotificationsService.NotificationsServiceClient Integrator => fixture.Client("lcs-hooks", Roles.Integrator);

    private NotificationsService.NotificationsServiceClient Admin => fixture.Client("admin:ops", Roles.Admin);

    private async Task<WebhookSubscription> SubscribeAsync(string url, params string[] eventTypes) =>
        await Integrator.CreateWebhookSubscriptionAsync(new CreateWebhookSubscriptionRequest
        {
            RequestId = Guid.NewGuid().ToString(),
            Subscription = new WebhookSubscription { Url = url, Secret = Secret, EventTypes = { eventTypes }, Description = "LA correspondence system" },
        });

    private Task<List<WebhookDeliveryEntity>> DeliveriesAsync(string subscriptionId) =>
        fixture.WithDbAsync(db => db.Deliveries.AsNoTracking().Where(d => d.SubscriptionId == Guid.Parse(subscriptionId)).ToListAsync());

    [Fact(DisplayName = "NT-5: a subscribed integrator receives each event signed, with a delivery id and the notifications it produced")]
    public async Task NT5_SignedDelivery()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var subscription = await SubscribeAsync(receiver.Url, Section20ReturnNotViable.Descriptor.FullName);
        var childId = fixture.AddChild(true, new Case.V1.NetworkMember { Id = "mum", Relationship = Case.V1.Relationship.Parent });
        var envelope = await fixture.PublishAsync("pathway", new Section20ReturnNotViable { ChildId = childId, Reason = "not safe yet" }, childId);
        await fixture.PublishAsync("pathway", new Section20ReturnRequested { ChildId = childId }, childId);

        await LocalProcess.WaitUntilAsync(() => Task.FromResult(receiver.Accepted.Any()), TimeSpan.FromSeconds(60), "a delivery");
        var call = Assert.Single(receiver.Calls);
        Assert.Equal(WebhookRules.Sign(Secret, long.Parse(call.Timestamp, System.Globalization.CultureInfo.InvariantCulture), call.Body), call.Signature);
        // The same delivery verifies with the Standard Webhooks library, given the key as an integrator would hold it.
        new StandardWebhooks.StandardWebhook(WebhookRules.StandardKey(Secret)).Verify(System.Text.Encoding.UTF8.GetString(call.Body), call.Headers);
        Assert.Equal(call.DeliveryId, call.Headers["webhook-id"].ToString());
        var forged = new HeaderDictionary(call.Headers.ToDictionary(h => h.Key, h => h.Value)) { ["webhook-id"] = "another-delivery" };
        Assert.Throws<StandardWebhooks.Diagnostics.WebhookVerificationException>(() =>
            new StandardWebhooks.StandardWebhook(WebhookRules.StandardKey(Secret)).Verify(System.Text.Encoding.UTF8.GetString(call.Body), forged));
        Assert.Equal(Section20ReturnNotViable.Descriptor.FullName, call.EventType);
        using var body = JsonDocument.Parse(call.Body);
        Assert.Equal(call.DeliveryId, body.RootElement.GetProperty("deliveryId").GetString());
        Assert.Equal(envelope.Id, body.RootElement.GetProperty("eventId").GetString());
        Assert.Equal("not safe yet", body.RootElement.GetProperty("event").GetProperty("reason").GetString());
        Assert.Equal(3, body.RootElement.GetProperty("notifications").GetArrayLength());

        var log = await Integrator.ListWebhookDeliveriesAsync(new ListWebhookDeliveriesRequest { SubscriptionId = subscription.Id });
        var delivered = Assert.Single(log.Deliveries);
        Assert.Equal((DeliveryState.Delivered, call.DeliveryId), (delivered.State, delivered.Id));
        Assert.Empty((await Integrator.GetWebhookSubscriptionAsync(new GetWebhookSubscriptionRequest { Id = subscription.Id })).Secret);
        await Integrator.DeleteWebhookSubscriptionAsync(new DeleteWebhookSubscriptionRequest { Id = subscription.Id });
    }

    [Fact(DisplayName = "Trust: events about a restricted child are not queued for a subscription whose owner is not named, and are for one who is")]
    public async Task Restricted_child_events_are_withheld_from_integrators_not_named()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var notNamed = await SubscribeAsync(receiver.Url, Section20ReturnNotViable.Descriptor.FullName);
        var named = await fixture.Client("lcs-cleared", Roles.Integrator).CreateWebhookSubscriptionAsync(new CreateWebhookSubscriptionRequest
        {
            RequestId = Guid.NewGuid().ToString(),
            Subscription = new WebhookSubscription { Url = receiver.Url, Secret = Secret, EventTypes = { Section20ReturnNotViable.Descriptor.FullName } },
        });
        var childId = fixture.AddChild(true, new Case.V1.NetworkMember { Id = "mum", Relationship = Case.V1.Relationship.Parent });
        await fixture.PublishAsync("case", new ChildRecordRestrictionChanged { ChildId = childId, Restricted = true, UserIds = { "lcs-cleared" }, Version = 1 }, childId);
        var restrictions = fixture.Services.GetRequiredService<GoingHome.Persistence.Restrictions.RecordRestrictions>();
        await LocalProcess.WaitUntilAsync(
            () => Task.FromResult(restrictions.Hides(new CurrentUser("anyone", "anyone", []), childId)), TimeSpan.FromSeconds(30), "the restriction to be in force");

        await fixture.PublishAsync("pathway", new Section20ReturnNotViable { ChildId = childId, Reason = "not safe yet" }, childId);

        await LocalProcess.WaitUntilAsync(async () => (await DeliveriesAsync(named.Id)).Count == 1, TimeSpan.FromSeconds(60), "the named owner's delivery");
        Assert.Empty(await DeliveriesAsync(notNamed.Id));
        await Integrator.DeleteWebhookSubscriptionAsync(new DeleteWebhookSubscriptionRequest { Id = notNamed.Id });
        await fixture.Client("lcs-cleared", Roles.Integrator).DeleteWebhookSubscriptionAsync(new DeleteWebhookSubscriptionRequest { Id = named.Id });
    }

    [Fact(DisplayName = "ACC-4: an admin's subscription carries no child's data; every push of a child's data is in its access log; a restriction made after queueing holds when sent")]
    public async Task Pushes_carry_only_what_the_subscriber_may_read()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var admins = await Admin.CreateWebhookSubscriptionAsync(new CreateWebhookSubscriptionRequest
        {
            RequestId = Guid.NewGuid().ToString(),
            Subscription = new WebhookSubscription { Url = receiver.Url, Secret = Secret, EventTypes = { Section20ReturnNotViable.Descriptor.FullName } },
        });
        var integrators = await SubscribeAsync(receiver.Url, Section20ReturnNotViable.Descriptor.FullName);
        var anotherSource = await fixture.Client("mosaic-hooks", Roles.Integrator).CreateWebhookSubscriptionAsync(new CreateWebhookSubscriptionRequest
        {
            RequestId = Guid.NewGuid().ToString(),
            Subscription = new WebhookSubscription { Url = receiver.Url, Secret = Secret, EventTypes = { Section20ReturnNotViable.Descriptor.FullName } },
        });
        var childId = fixture.AddChild(true, new Case.V1.NetworkMember { Id = "mum", Relationship = Case.V1.Relationship.Parent });
        await fixture.PublishAsync("pathway", new Section20ReturnNotViable { ChildId = childId, Reason = "not safe yet" }, childId);
        await LocalProcess.WaitUntilAsync(() => Task.FromResult(receiver.Accepted.Count() == 2), TimeSpan.FromSeconds(60), "both deliveries");

        // ACC-3: an integrator hears only of the children its source systems keep.
        Assert.Empty(await DeliveriesAsync(anotherSource.Id));
        var adminDelivery = (await DeliveriesAsync(admins.Id)).Single().Id.ToString();
        var adminCall = receiver.Accepted.Single(c => c.DeliveryId == adminDelivery);
        using (var thin = JsonDocument.Parse(adminCall.Body))
        {
            Assert.False(thin.RootElement.TryGetProperty("childId", out _));
            Assert.False(thin.RootElement.TryGetProperty("event", out _));
            Assert.False(thin.RootElement.TryGetProperty("notifications", out _));
            Assert.Equal(Section20ReturnNotViable.Descriptor.FullName, thin.RootElement.GetProperty("eventType").GetString());
        }

        // The integrator's push of the child's data is in the child's access log, under the integrator.
        await LocalProcess.WaitUntilAsync(async () => await fixture.WithDbAsync(db => db.Set<GoingHome.Persistence.AuditEntity>().AsNoTracking()
            .AnyAsync(a => a.ChildId == childId && a.Access == GoingHome.Persistence.AuditEntity.Pushed && a.UserId == "lcs-hooks" && a.Method == "WebhookDelivery")),
            TimeSpan.FromSeconds(30), "the push in the access log");
        Assert.False(await fixture.WithDbAsync(db => db.Set<GoingHome.Persistence.AuditEntity>().AsNoTracking()
            .AnyAsync(a => a.ChildId == childId && a.Access == GoingHome.Persistence.AuditEntity.Pushed && a.UserId == "admin:ops")));

        // Queued while the receiver is down, restricted before the retry: never sent.
        receiver.Fail = _ => true;
        await fixture.PublishAsync("pathway", new Section20ReturnNotViable { ChildId = childId, Reason = "still not safe" }, childId);
        await LocalProcess.WaitUntilAsync(async () => (await DeliveriesAsync(integrators.Id)).Any(d => d.Attempts > 0 && d.Status == DeliveryStatus.Pending),
            TimeSpan.FromSeconds(60), "a failed first attempt");
        await fixture.PublishAsync("case", new ChildRecordRestrictionChanged { ChildId = childId, Restricted = true, UserIds = { "someone-else" }, Version = 1 }, childId);
        var restrictions = fixture.Services.GetRequiredService<GoingHome.Persistence.Restrictions.RecordRestrictions>();
        await LocalProcess.WaitUntilAsync(
            () => Task.FromResult(restrictions.Hides(new CurrentUser("lcs-hooks", "lcs-hooks", [Roles.Integrator]), childId)), TimeSpan.FromSeconds(30), "the restriction to be in force");
        var sentBefore = receiver.Calls.Count;
        receiver.Fail = _ => false;
        await LocalProcess.WaitUntilAsync(async () =>
        {
            fixture.Clock.Advance(TimeSpan.FromMinutes(5));
            return (await DeliveriesAsync(integrators.Id)).Any(d => d.Status == DeliveryStatus.Dead && d.LastError.StartsWith("withheld", StringComparison.Ordinal));
        }, TimeSpan.FromSeconds(60), "the delivery withheld");
        Assert.DoesNotContain(receiver.Calls.Skip(sentBefore), c => Encoding.UTF8.GetString(c.Body).Contains("still not safe", StringComparison.Ordinal));
        await Admin.DeleteWebhookSubscriptionAsync(new DeleteWebhookSubscriptionRequest { Id = admins.Id });
        await Admin.DeleteWebhookSubscriptionAsync(new DeleteWebhookSubscriptionRequest { Id = anotherSource.Id });
        await Integrator.DeleteWebhookSubscriptionAsync(new DeleteWebhookSubscriptionRequest { Id = integrators.Id });
    }

    [Fact(DisplayName = "Integrators: an integrator keeps its own webhook subscriptions; another integrator's are NOT_FOUND to it, and all are the admin's")]
    public async Task Integrators_see_only_their_own_subscriptions()
    {
        var lcs = fixture.Client("lcs-sync", Roles.Integrator);
        var mosaic = fixture.Client("mosaic-sync", Roles.Integrator);
        var own = await lcs.CreateWebhookSubscriptionAsync(new CreateWebhookSubscriptionRequest
        {
            RequestId = Guid.NewGuid().ToString(),
            Subscription = new WebhookSubscription { Url = "http://127.0.0.1:9/hook", Secret = Secret, Description = "LCS" },
        });

        Assert.Contains((await lcs.ListWebhookSubscriptionsAsync(new ListWebhookSubscriptionsRequest())).Subscriptions, s => s.Id == own.Id);
        Assert.DoesNotContain((await mosaic.ListWebhookSubscriptionsAsync(new ListWebhookSubscriptionsRequest())).Subscriptions, s => s.Id == own.Id);
        var error = await Assert.ThrowsAsync<RpcException>(async () => await mosaic.DeleteWebhookSubscriptionAsync(new DeleteWebhookSubscriptionRequest { Id = own.Id }));
        Assert.Equal(StatusCode.NotFound, error.StatusCode);
        Assert.Equal(own.Id, (await Admin.GetWebhookSubscriptionAsync(new GetWebhookSubscriptionRequest { Id = own.Id })).Id);
        await lcs.DeleteWebhookSubscriptionAsync(new DeleteWebhookSubscriptionRequest { Id = own.Id });
    }

    [Fact(DisplayName = "NT-5: a receiver failing half its calls gets every delivery; repeats only with the same delivery id")]
    public async Task NT5_HalfFailingReceiver()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        receiver.Fail = n => n % 2 == 1;
        var subscription = await SubscribeAsync(receiver.Url, ApprovalStepAwaiting.Descriptor.FullName);
        var childId = fixture.AddChild();
        var events = new List<string>();
        for (var i = 0; i < 40; i++)
        {
            events.Add((await fixture.PublishAsync("approvals", new ApprovalStepAwaiting { ChildId = childId, RequiredRole = "SM", RuleId = "AP-2", ApprovalRequestId = Guid.NewGuid().ToString() }, childId)).Id);
        }

        // A delivery whose quick retries all fail waits for its back-off on the service's clock: move it along.
        await LocalProcess.WaitUntilAsync(async () =>
        {
            fixture.Clock.Advance(TimeSpan.FromMinutes(1));
            return (await DeliveriesAsync(subscription.Id)).Count(d => d.Status == DeliveryStatus.Delivered) == 40;
        }, TimeSpan.FromSeconds(60), "40 deliveries");

        var deliveries = await DeliveriesAsync(subscription.Id);
        Assert.Equal(events.Order(), deliveries.Select(d => d.EventId).Order());
        var accepted = receiver.Accepted.ToList();
        Assert.Equal(deliveries.Select(d => d.Id.ToString()).Order(), accepted.Select(c => c.DeliveryId).Distinct().Order());
        Assert.Contains(receiver.Calls, c => c.Status == 503);
        // Every repeat of a delivery carried the same id and the same body.
        Assert.All(receiver.Calls.GroupBy(c => c.DeliveryId), g => Assert.Single(g.Select(c => Encoding.UTF8.GetString(c.Body)).Distinct()));
        await Integrator.DeleteWebhookSubscriptionAsync(new DeleteWebhookSubscriptionRequest { Id = subscription.Id });
    }

    [Fact(DisplayName = "NT-5: a delivery failing for over 24 hours is dead-lettered, and replay sends it with the same id")]
    public async Task NT5_DeadLetterAndReplay()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        receiver.Fail = _ => true;
        var subscription = await SubscribeAsync(receiver.Url, Section20ReturnRequested.Descriptor.FullName);
        var childId = fixture.AddChild();
        await fixture.PublishAsync("pathway", new Section20ReturnRequested { ChildId = childId, Trigger = "UNPLANNED_RETURN" }, childId);
        await LocalProcess.WaitUntilAsync(async () => (await DeliveriesAsync(subscription.Id)).Any(d => d.Attempts > 0), TimeSpan.FromSeconds(60), "a first attempt");

        var dispatcher = fixture.Services.GetRequiredService<WebhookDispatcher>();
        var start = fixture.Clock.GetUtcNow();
        while ((await DeliveriesAsync(subscription.Id)).Single().Status == DeliveryStatus.Pending)
        {
            Assert.True(fixture.Clock.GetUtcNow() - start < TimeSpan.FromHours(30), "still retrying after 30 hours");
            fixture.Clock.Advance(TimeSpan.FromMinutes(30));
            await dispatcher.DispatchOnceAsync(CancellationToken.None);
        }

        var dead = (await DeliveriesAsync(subscription.Id)).Single();
        Assert.Equal(DeliveryStatus.Dead, dead.Status);
        Assert.True(fixture.Clock.GetUtcNow() - start >= TimeSpan.FromHours(24));
        var deadLog = await Integrator.ListWebhookDeliveriesAsync(new ListWebhookDeliveriesRequest { SubscriptionId = subscription.Id, State = DeliveryState.Dead });
        Assert.Equal("HTTP 503", Assert.Single(deadLog.Deliveries).LastError);

        receiver.Fail = _ => false;
        var replayed = await Integrator.ReplayWebhookDeliveryAsync(new ReplayWebhookDeliveryRequest { SubscriptionId = subscription.Id, Id = dead.Id.ToString() });
        Assert.Equal(DeliveryState.Pending, replayed.State);
        await LocalProcess.WaitUntilAsync(() => Task.FromResult(receiver.Accepted.Any()), TimeSpan.FromSeconds(60), "the replayed delivery");
        Assert.Equal(dead.Id.ToString(), receiver.Accepted.Single().DeliveryId);

        var again = await Assert.ThrowsAsync<RpcException>(() =>
            Integrator.ReplayWebhookDeliveryAsync(new ReplayWebhookDeliveryRequest { SubscriptionId = subscription.Id, Id = dead.Id.ToString() }).ResponseAsync);
        Assert.Equal(StatusCode.FailedPrecondition, again.StatusCode);
        await Integrator.DeleteWebhookSubscriptionAsync(new DeleteWebhookSubscriptionRequest { Id = subscription.Id });
    }

    [Fact(DisplayName = "NT-5: bad subscriptions are refused with every field named, and only services and admins may subscribe")]
    public async Task NT5_BadSubscriptions()
    {
        var bad = await Assert.ThrowsAsync<RpcException>(() => Integrator.CreateWebhookSubscriptionAsync(new CreateWebhookSubscriptionRequest
        {
            RequestId = Guid.NewGuid().ToString(),
            Subscription = new WebhookSubscription { Url = "http://integrator.example.org/hooks", Secret = "short", EventTypes = { "goinghome.events.v1.Nope" } },
        }).ResponseAsync);
        Assert.Equal(StatusCode.InvalidArgument, bad.StatusCode);
        var fields = bad.GetStatusDetail<Google.Rpc.BadRequest>()!.FieldViolations.Select(f => f.Field).ToList();
        Assert.Contains("subscription.url", fields);
        Assert.Contains("subscription.secret", fields);
        Assert.Contains("subscription.event_types", fields);

        var socialWorker = await Assert.ThrowsAsync<RpcException>(() => fixture.Client("sw-1", Roles.SocialWorker).CreateWebhookSubscriptionAsync(
            new CreateWebhookSubscriptionRequest { RequestId = "r", Subscription = new WebhookSubscription { Url = "https://x.example.org", Secret = Secret } }).ResponseAsync);
        Assert.Equal(StatusCode.PermissionDenied, socialWorker.StatusCode);
        Assert.Equal(0, await fixture.WithDbAsync(db => db.Subscriptions.CountAsync(s => s.Url.Contains("example.org"))));
    }

    [Fact(DisplayName = "NT-5: outside development and tests, loopback webhook URLs are refused")]
    public void NT5_ProductionRefusesLoopback()
    {
        var production = new WebhookPolicy(new NotificationsOptions(), new ProductionEnvironment());
        var v = new Violations();
        production.Check(v, new WebhookSubscription { Url = "https://127.0.0.1:8443/hooks", Secret = Secret });
        Assert.False(production.AllowLoopback);
        Assert.True(v.Any);
        Assert.True(fixture.Services.GetRequiredService<WebhookPolicy>().AllowLoopback);
    }

    private sealed class ProductionEnvironment : IHostEnvironment
    {
        public string EnvironmentName { get; set; } = Environments.Production;

        public string ApplicationName { get; set; } = "GoingHome.Notifications";

        public string ContentRootPath { get; set; } = AppContext.BaseDirectory;

        public Microsoft.Extensions.FileProviders.IFileProvider ContentRootFileProvider { get; set; } = new Microsoft.Extensions.FileProviders.NullFileProvider();
    }

    /// <summary>Quick retries inside an attempt are shortened so the day of retries runs in seconds.</summary>
    public sealed class Fixture : NotificationsFixture
    {
        protected override void AddSettings(IWebHostBuilder builder)
        {
            base.AddSettings(builder);
            builder.UseSetting("Notifications:Webhooks:QuickRetryDelay", "00:00:00.001");
        }
    }
}
