using GoingHome.Notifications.Data;
using GoingHome.Notifications.Domain;
using GoingHome.Notifications.Grpc;
using GoingHome.Notifications.V1;
using GoingHome.Persistence;
using GoingHome.ServiceDefaults.Errors;
using GoingHome.ServiceDefaults.Grpc;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Microsoft.EntityFrameworkCore;

namespace GoingHome.Notifications.Features;

/// <summary>
/// The integration event feed: what webhooks carry, pulled by integrators whose networks cannot take webhooks. Events
/// are numbered in commit order, so a cursor resumes exactly after the last event received; events about a child
/// restricted from the integrator are passed over, and each child's events read are audited.
/// </summary>
public sealed class IntegrationFeed(NotificationsDbContext db, Auditor auditor)
{
    private const int MaxPageSize = 500;
    private const int DefaultPageSize = 100;
    private static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(1);

    public async Task<ListIntegrationEventsResponse> ListIntegrationEvents(ListIntegrationEventsRequest request, ServerCallContext context)
    {
        var v = new Violations();
        v.Require(request.PageSize is >= 0 and <= MaxPageSize, "page_size", $"must be between 0 and {MaxPageSize}");
        var filter = Filter.Read(v, request.ChildId, request.EventTypes);
        var after = StreamCursor.Feed.Decode(v, request.PageToken, "page_token");
        v.ThrowIfAny();

        var from = after ?? await SequenceBeforeAsync(request.StartTime, context.CancellationToken);
        var (events, last) = await ReadAsync(filter, from, request.PageSize == 0 ? DefaultPageSize : request.PageSize, context);
        return new ListIntegrationEventsResponse { Events = { events }, NextPageToken = StreamCursor.Feed.Encode(last) };
    }

    public async Task StreamIntegrationEvents(StreamIntegrationEventsRequest request, IServerStreamWriter<IntegrationEvent> stream, ServerCallContext context)
    {
        var v = new Violations();
        var filter = Filter.Read(v, request.ChildId, request.EventTypes);
        var after = StreamCursor.Feed.Decode(v, request.Cursor);
        v.ThrowIfAny();

        var ct = context.CancellationToken;
        var last = after ?? (request.StartTime is null
            ? await db.Feed.MaxAsync(f => (long?)f.Sequence, ct) ?? 0
            : await SequenceBeforeAsync(request.StartTime, ct));
        // Polled on the wall clock: the feed is for systems that sync, where a second is near enough to real time.
        using var timer = new PeriodicTimer(PollInterval, TimeProvider.System);
        try
        {
            do
            {
                List<IntegrationEvent> events;
                do
                {
                    (events, last) = await ReadAsync(filter, last, MaxPageSize, context);
                    foreach (var item in events)
                    {
                        await stream.WriteAsync(item, ct);
                    }
                }
                while (events.Count > 0);
            }
            while (await timer.WaitForNextTickAsync(ct));
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // The client went away; it resumes from the last cursor it received.
        }
    }

    /// <summary>
    /// The events after <paramref name="after"/> that pass the filter, and the sequence to continue from: the last one
    /// read, shown or not, so events filtered out or restricted are never read again.
    /// </summary>
    private async Task<(List<IntegrationEvent> Events, long Last)> ReadAsync(Filter filter, long after, int pageSize, ServerCallContext context)
    {
        var query = db.Feed.AsNoTracking().Where(f => f.Sequence > after);
        if (filter.ChildId.Length > 0)
        {
            query = query.Where(f => f.ChildId == filter.ChildId);
        }

        if (filter.EventTypes.Count > 0)
        {
            query = query.Where(f => filter.EventTypes.Contains(f.EventType));
        }

        var page = await query.OrderBy(f => f.Sequence).Take(pageSize).ToListAsync(context.CancellationToken);
        var shown = auditor.ReadPage(context.Method, page, f => f.ChildId);
        var ids = shown.Select(f => f.EventId).ToList();
        var notifications = (await db.Notifications.AsNoTracking().Where(n => ids.Contains(n.SourceId)).OrderBy(n => n.Sequence).ToListAsync(context.CancellationToken))
            .ToLookup(n => n.SourceId);
        var events = shown.Select(f => new IntegrationEvent
        {
            EventId = f.EventId,
            EventType = f.EventType,
            ChildId = f.ChildId,
            OccurTime = f.OccurredAt.ToProto(),
            Event = Any.Parser.ParseFrom(f.Event),
            Notifications = { notifications[f.EventId].Select(NotificationMapping.ToProto) },
            Cursor = StreamCursor.Feed.Encode(f.Sequence),
        }).ToList();
        return (events, page.Count > 0 ? page[^1].Sequence : after);
    }

    private async Task<long> SequenceBeforeAsync(Timestamp? startTime, CancellationToken cancellationToken)
    {
        if (startTime is null)
        {
            return 0;
        }

        var start = startTime.ToDateTimeOffset();
        return await db.Feed.Where(f => f.StoredAt < start).MaxAsync(f => (long?)f.Sequence, cancellationToken) ?? 0;
    }

    private sealed record Filter(string ChildId, IReadOnlyList<string> EventTypes)
    {
        public static Filter Read(Violations v, string childId, Google.Protobuf.Collections.RepeatedField<string> eventTypes)
        {
            v.RequireText(childId, "child_id", 64, required: false);
            v.Require(eventTypes.Count <= 50, "event_types", "name at most 50 event types");
            v.Require(eventTypes.All(Domain.EventTypes.Known.ContainsKey), "event_types", "each must be the full name of an event the feed carries (goinghome.events.v1.ChildReturnedHome)");
            return new Filter(childId, [.. eventTypes.Distinct()]);
        }
    }
}
