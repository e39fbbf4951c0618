using System.Diagnostics;
using GoingHome.Events.V1;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Microsoft.EntityFrameworkCore;

namespace GoingHome.Messaging;

/// <summary>
/// Adds events to the caller's unit of work. Nothing is sent here: the row commits with the change or not at all,
/// and the relay publishes it afterwards.
/// </summary>
public sealed class EventOutbox<TDbContext>(TDbContext db, TimeProvider clock, MessagingOptions options)
    where TDbContext : DbContext
{
    public EventEnvelope Add(string topic, IMessage payload, string? childId, string? correlationId, string? actorId)
    {
        var envelope = new EventEnvelope
        {
            Id = Guid.CreateVersion7().ToString(),
            Type = payload.Descriptor.FullName,
            Source = options.ServiceName,
            ChildId = childId ?? "",
            OccurTime = Timestamp.FromDateTimeOffset(clock.GetUtcNow()),
            CorrelationId = correlationId ?? "",
            ActorId = actorId ?? "",
            Traceparent = Activity.Current?.Id ?? "",
            Payload = Any.Pack(payload),
        };
        db.Add(new OutboxMessage
        {
            EventId = envelope.Id,
            Topic = topic,
            Type = envelope.Type,
            Envelope = envelope.ToByteArray(),
            CreatedAt = clock.GetUtcNow(),
        });
        return envelope;
    }
}
