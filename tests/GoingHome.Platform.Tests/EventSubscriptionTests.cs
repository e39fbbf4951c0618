using GoingHome.Events.V1;
using GoingHome.Messaging;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace GoingHome.Platform.Tests;

/// <summary>Typed event handlers: each event type reaches the handler registered for it, and only that one.</summary>
public sealed class EventSubscriptionTests
{
    [Fact]
    public async Task Each_event_type_reaches_its_own_typed_handler_and_other_types_are_passed_over()
    {
        using var services = Build(s =>
        {
            s.AddEventHandler<DbContext, ChildCreated, Seen>("case", "test");
            s.AddEventHandler<DbContext, PlacementAdded, Seen>("case", "test");
        });
        using var scope = services.CreateScope();

        await ApplyAsync(scope, new ChildCreated { ChildId = "c-1" });
        await ApplyAsync(scope, new PlacementAdded { ChildId = "c-2" });
        await ApplyAsync(scope, new CareEpisodeEnded { ChildId = "c-3" });

        Assert.Equal(["ChildCreated c-1", "PlacementAdded c-2"], scope.ServiceProvider.GetRequiredService<Seen>().Events);
    }

    [Fact]
    public void One_consumer_per_topic_and_group_however_many_event_types_it_handles()
    {
        using var services = Build(s =>
        {
            s.AddEventHandler<DbContext, ChildCreated, Seen>("case", "test");
            s.AddEventHandler<DbContext, PlacementAdded, Seen>("case", "test");
            s.AddEventHandler<DbContext, ApprovalGranted, Seen>("approvals", "test");
        });

        Assert.Equal(2, services.GetServices<EventSubscription>().Count());
        Assert.Throws<InvalidOperationException>(() => new ServiceCollection()
            .AddEventHandler<DbContext, ChildCreated, Seen>("case", "test")
            .AddEventHandler<DbContext, ChildCreated, Seen>("case", "test"));
    }

    [Fact]
    public async Task A_payload_that_claims_a_handled_type_but_cannot_be_read_is_malformed()
    {
        using var services = Build(s => s.AddEventHandler<DbContext, ChildCreated, Seen>("case", "test"));
        using var scope = services.CreateScope();
        var envelope = new EventEnvelope
        {
            Id = "e-1",
            Type = ChildCreated.Descriptor.FullName,
            Payload = new Any { TypeUrl = "type.googleapis.com/" + ChildCreated.Descriptor.FullName, Value = ByteString.CopyFrom(0xFF, 0xFF, 0xFF) },
        };

        await Assert.ThrowsAsync<MalformedEventException>(() => Subscription(scope).ApplyAsync(scope.ServiceProvider, envelope, CancellationToken.None));
    }

    private static ServiceProvider Build(Action<IServiceCollection> register)
    {
        var services = new ServiceCollection();
        register(services);
        return services.BuildServiceProvider();
    }

    private static EventSubscription Subscription(IServiceScope scope) => scope.ServiceProvider.GetServices<EventSubscription>().Single(s => s.Topic == "case");

    private static Task ApplyAsync(IServiceScope scope, IMessage payload) =>
        Subscription(scope).ApplyAsync(scope.ServiceProvider, new EventEnvelope { Id = Guid.NewGuid().ToString(), Type = payload.Descriptor.FullName, Payload = Any.Pack(payload) }, CancellationToken.None);

    private sealed class Seen : IEventHandler<ChildCreated>, IEventHandler<PlacementAdded>, IEventHandler<ApprovalGranted>
    {
        public List<string> Events { get; } = [];

        public Task HandleAsync(ChildCreated @event, EventEnvelope envelope, CancellationToken cancellationToken) => Record(@event, @event.ChildId);

        public Task HandleAsync(PlacementAdded @event, EventEnvelope envelope, CancellationToken cancellationToken) => Record(@event, @event.ChildId);

        public Task HandleAsync(ApprovalGranted @event, EventEnvelope envelope, CancellationToken cancellationToken) => Record(@event, @event.ChildId);

        private Task Record(IMessage @event, string childId)
        {
            Events.Add($"{@event.Descriptor.Name} {childId}");
            return Task.CompletedTask;
        }
    }
}
