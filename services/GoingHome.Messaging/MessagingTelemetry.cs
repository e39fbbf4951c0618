using System.Diagnostics;
using System.Diagnostics.Metrics;
using GoingHome.Events.V1;
using GoingHome.ServiceDefaults.Telemetry;

namespace GoingHome.Messaging;

/// <summary>
/// The suite's own spans and counters for events (source and meter "GoingHome"): a consumer continues the trace of the
/// write that raised the event, from the envelope's traceparent, so one request reads as one trace across services and
/// their event consumers; publishing a batch links the traces of the events in it.
/// </summary>
public static class MessagingTelemetry
{
    private static ActivitySource Source => SuiteMetrics.Source;

    private static Meter Meter => SuiteMetrics.Meter;

    private static readonly Counter<long> Published = Meter.CreateCounter<long>(
        "goinghome.events.published", "{event}", "Events the outbox relay put on their topic's stream.");

    private static readonly Counter<long> Applied = Meter.CreateCounter<long>(
        "goinghome.events.applied", "{event}", "Events a consumer group applied for the first time.");

    private static readonly Counter<long> DeadLettered = Meter.CreateCounter<long>(
        "goinghome.events.dead_lettered", "{event}", "Events a consumer group gave up on.");

    public static Activity? StartConsume(EventEnvelope envelope, EventSubscription subscription)
    {
        ActivityContext.TryParse(envelope.Traceparent, null, out var parent);
        var activity = Source.StartActivity($"consume {envelope.Type}", ActivityKind.Consumer, parent);
        activity?.SetTag("messaging.system", "redis");
        activity?.SetTag("messaging.operation.type", "process");
        activity?.SetTag("messaging.destination.name", subscription.Topic);
        activity?.SetTag("messaging.consumer.group.name", subscription.Group);
        activity?.SetTag("messaging.message.id", envelope.Id);
        return activity;
    }

    public static Activity? StartPublish(IReadOnlyCollection<OutboxMessage> batch)
    {
        var links = batch.Select(m => ActivityContext.TryParse(EventEnvelope.Parser.ParseFrom(m.Envelope).Traceparent, null, out var origin) ? origin : default)
            .Where(origin => origin != default).Select(origin => new ActivityLink(origin));
        var activity = Source.StartActivity("publish", ActivityKind.Producer, parentContext: default, links: links);
        activity?.SetTag("messaging.system", "redis");
        activity?.SetTag("messaging.operation.type", "send");
        activity?.SetTag("messaging.batch.message_count", batch.Count);
        return activity;
    }

    /// <summary>By topic and event type, so the dashboard shows approvals decided (ApprovalStepDecided), returns
    /// planned, and so on, each counted once however often a request is retried.</summary>
    public static void CountPublished(IEnumerable<OutboxMessage> batch)
    {
        foreach (var kind in batch.GroupBy(m => (m.Topic, m.Type)))
        {
            Published.Add(kind.Count(), new("messaging.destination.name", kind.Key.Topic), new("goinghome.event.type", kind.Key.Type));
        }
    }

    /// <summary>By consumer group and event type: the notifications group's count is the events turned into notices.</summary>
    public static void CountApplied(EventSubscription subscription, EventEnvelope envelope) =>
        Applied.Add(1, new("messaging.consumer.group.name", subscription.Group), new("messaging.destination.name", subscription.Topic), new("goinghome.event.type", envelope.Type));

    public static void CountDeadLettered(EventSubscription subscription) =>
        DeadLettered.Add(1, new("messaging.consumer.group.name", subscription.Group), new("messaging.destination.name", subscription.Topic));
}
