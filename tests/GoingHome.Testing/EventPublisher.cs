using GoingHome.Events.V1;
using GoingHome.Messaging;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using StackExchange.Redis;

namespace GoingHome.Testing;

/// <summary>Puts events on a topic's stream exactly as another service's outbox relay would.</summary>
public sealed class EventPublisher(IConnectionMultiplexer redis, string source)
{
    public static EventEnvelope Envelope(string source, IMessage payload, string childId, DateTimeOffset occurred) => new()
    {
        Id = Guid.NewGuid().ToString(),
        Type = payload.Descriptor.FullName,
        Source = source,
        ChildId = childId,
        OccurTime = Timestamp.FromDateTimeOffset(occurred),
        Payload = Any.Pack(payload),
    };

    public async Task<EventEnvelope> PublishAsync(string topic, IMessage payload, string childId, DateTimeOffset occurred)
    {
        var envelope = Envelope(source, payload, childId, occurred);
        await AppendAsync(topic, envelope.Id, envelope.Type, envelope.ToByteArray());
        return envelope;
    }

    /// <summary>Appends raw fields, for entries no relay would write (a malformed event).</summary>
    public async Task AppendAsync(string topic, string id, string type, byte[] payload)
    {
        var database = redis.GetDatabase();
        await database.StreamAddAsync(Streams.ForTopic(topic),
        [
            new NameValueEntry(Streams.IdField, id),
            new NameValueEntry(Streams.TypeField, type),
            new NameValueEntry(Streams.PayloadField, payload),
        ]);
        await redis.GetSubscriber().PublishAsync(RedisChannel.Literal(Streams.WakeChannel(topic)), "1");
    }
}
