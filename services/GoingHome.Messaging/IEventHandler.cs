using GoingHome.Events.V1;

namespace GoingHome.Messaging;

/// <summary>
/// Applies one event. It runs inside the consumer's transaction, with the inbox row that records the event as
/// applied: make the effect through the scoped DbContext and leave committing to the consumer.
/// </summary>
public interface IEventHandler
{
    Task HandleAsync(EventEnvelope envelope, CancellationToken cancellationToken);
}

/// <summary>A consumer group's subscription to one topic.</summary>
public sealed record EventSubscription(string Topic, string Group, Type HandlerType);

/// <summary>
/// Thrown by a handler for an event it can never apply (a payload of the wrong type, a required field missing): the
/// entry goes to the dead-letter stream at once with this reason, and the consumer carries on.
/// </summary>
public sealed class MalformedEventException(string reason) : Exception(reason);
