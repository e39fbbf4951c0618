using GoingHome.Events.V1;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;

namespace GoingHome.Messaging;

/// <summary>
/// Applies one type of event. It runs inside the consumer's transaction, with the inbox row that records the event as
/// applied: make the effect through the scoped DbContext and leave committing to the consumer.
/// </summary>
public interface IEventHandler<in TEvent>
    where TEvent : IMessage
{
    Task HandleAsync(TEvent @event, EventEnvelope envelope, CancellationToken cancellationToken);
}

/// <summary>
/// Applies every event on a topic, whatever its type: for a consumer that routes by type from data, as Notifications
/// routes by its routing table. Prefer <see cref="IEventHandler{TEvent}"/>.
/// </summary>
public interface IEventHandler
{
    Task HandleAsync(EventEnvelope envelope, CancellationToken cancellationToken);
}

/// <summary>
/// A consumer group's subscription to one topic: the handler for each event type it applies. An event of a type with
/// no handler is recorded as seen and passed over.
/// </summary>
public sealed class EventSubscription(string topic, string group)
{
    private readonly Dictionary<string, Func<IServiceProvider, EventEnvelope, CancellationToken, Task>> _handlers = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<Func<IServiceProvider, EventEnvelope, CancellationToken, Task>>> _observers = new(StringComparer.Ordinal);

    public string Topic => topic;

    public string Group => group;

    public void Add(string eventType, Func<IServiceProvider, EventEnvelope, CancellationToken, Task> handler)
    {
        if (!_handlers.TryAdd(eventType, handler))
        {
            throw new InvalidOperationException($"{group} already has a handler for {eventType} on {topic}.");
        }
    }

    /// <summary>
    /// An observer of <paramref name="eventType"/> runs before the handler, in the same transaction, whichever handler
    /// that is: it keeps a copy (a child's label) and takes nothing from the handler that decides.
    /// </summary>
    public void Observe(string eventType, Func<IServiceProvider, EventEnvelope, CancellationToken, Task> observer)
    {
        if (!_observers.TryGetValue(eventType, out var observers))
        {
            _observers[eventType] = observers = [];
        }

        observers.Add(observer);
    }

    /// <summary>Runs the observers of the envelope's event type, then its handler (or the any-type handler), if there is one.</summary>
    public async Task ApplyAsync(IServiceProvider services, EventEnvelope envelope, CancellationToken cancellationToken)
    {
        var type = envelope.Payload is { } payload ? Any.GetTypeName(payload.TypeUrl) : "";
        foreach (var observer in _observers.GetValueOrDefault(type) ?? [])
        {
            await observer(services, envelope, cancellationToken);
        }

        if (_handlers.TryGetValue(type, out var handler) || _handlers.TryGetValue(AnyType, out handler))
        {
            await handler(services, envelope, cancellationToken);
        }
    }

    internal const string AnyType = "*";
}

/// <summary>
/// Thrown by a handler for an event it can never apply (a payload of the wrong type, a required field missing): the
/// entry goes to the dead-letter stream at once with this reason, and the consumer carries on.
/// </summary>
public sealed class MalformedEventException(string reason) : Exception(reason);
