using GoingHome.Notifications.Data;
using GoingHome.Notifications.Domain;
using GoingHome.Notifications.Grpc;
using GoingHome.Notifications.Jobs;
using GoingHome.Notifications.V1;
using GoingHome.Persistence;
using GoingHome.Persistence.Children;
using GoingHome.Persistence.Restrictions;
using GoingHome.ServiceDefaults.Auth;
using GoingHome.ServiceDefaults.Errors;
using GoingHome.ServiceDefaults.Grpc;
using GoingHome.Time;
using Grpc.Core;
using Microsoft.EntityFrameworkCore;

namespace GoingHome.Notifications.Features;

/// <summary>A person's notifications, and their role's: listed, counted, marked read, and streamed live (NT-5).</summary>
public sealed class NotificationInbox(
    NotificationsDbContext db,
    UnitOfWork<NotificationsDbContext> work,
    NotificationHub hub,
    Auditor auditor,
    RecordRestrictions restrictions,
    CurrentUser user,
    TimeProvider clock)
{
    public async Task<ListNotificationsResponse> ListNotifications(ListNotificationsRequest request, ServerCallContext context)
    {
        var v = new Violations();
        v.RequireText(request.ChildId, "child_id", 64, required: false);
        var pageSize = PageTokens.PageSize(v, request.PageSize);
        var query = PageTokens.Query(request, user.Id);
        var before = PageTokens.DecodeKey(v, request.PageToken, query);
        v.ThrowIfAny();

        var ct = context.CancellationToken;
        var streamCursor = await db.Notifications.MaxAsync(n => (long?)n.Sequence, ct) ?? 0;
        var inbox = InboxQuery(request.ChildId);
        var unread = await inbox.CountAsync(x => x.ReadAt == null, ct);
        if (request.UnreadOnly)
        {
            inbox = inbox.Where(x => x.ReadAt == null);
        }

        if (before is { } key)
        {
            inbox = inbox.Where(x => x.Notification.Sequence < key);
        }

        // NT-5: newest first; the page token is the last sequence returned, so arrivals at the top never shift pages.
        var page = await inbox.OrderByDescending(x => x.Notification.Sequence).Take(pageSize + 1).ToListAsync(ct);
        var response = new ListNotificationsResponse
        {
            Notifications =
            {
                auditor.ReadPage(context.Method, page.Take(pageSize), x => x.Notification.ChildId)
                    .Select(x => NotificationMapping.ToProto(x.Notification, x.ReadAt)),
            },
            NextPageToken = page.Count > pageSize ? PageTokens.Encode(page[pageSize - 1].Notification.Sequence, query) : "",
            UnreadCount = unread,
            StreamCursor = Domain.StreamCursor.Notifications.Encode(streamCursor),
        };
        await ChildLabels.NameChildrenAsync(db, response.Notifications, clock.LondonToday(), ct);
        return response;
    }

    public async Task<ListChildNotificationsResponse> ListChildNotifications(ListChildNotificationsRequest request, ServerCallContext context)
    {
        var v = new Violations().RequireText(request.ChildId, "child_id", 64);
        var pageSize = PageTokens.PageSize(v, request.PageSize);
        var query = PageTokens.Query(request);
        var before = PageTokens.DecodeKey(v, request.PageToken, query);
        v.ThrowIfAny();

        var notifications = db.Notifications.AsNoTracking().Where(n => n.ChildId == request.ChildId);
        if (before is { } key)
        {
            notifications = notifications.Where(n => n.Sequence < key);
        }

        var page = await notifications.OrderByDescending(n => n.Sequence).Take(pageSize + 1).ToListAsync(context.CancellationToken);
        auditor.Read(context.Method, request.ChildId);
        var response = new ListChildNotificationsResponse
        {
            Notifications = { page.Take(pageSize).Select(NotificationMapping.ToProto) },
            NextPageToken = page.Count > pageSize ? PageTokens.Encode(page[pageSize - 1].Sequence, query) : "",
        };
        await ChildLabels.NameChildrenAsync(db, response.Notifications, clock.LondonToday(), context.CancellationToken);
        return response;
    }

    public async Task<GetUnreadCountResponse> GetUnreadCount(GetUnreadCountRequest request, ServerCallContext context) =>
        new() { UnreadCount = await InboxQuery("").CountAsync(x => x.ReadAt == null, context.CancellationToken) };

    public async Task<Notification> MarkNotificationRead(MarkNotificationReadRequest request, ServerCallContext context)
    {
        var notification = await db.Notifications.AsNoTracking().FindByIdAsync("Notification", request.Id, "id", context.CancellationToken);
        var id = notification.Id;
        if (!Inboxes.Contains(notification.RecipientKey))
        {
            throw new AccessDeniedException("This notification is not in your inbox or your roles' inboxes; only its recipients can mark it read.", "NT-5");
        }

        return await work.ExecuteAsync(context.Method, "", n => n.ChildId, async ct =>
        {
            var read = await db.Reads.AsNoTracking().FirstOrDefaultAsync(r => r.NotificationId == id && r.ReaderId == user.Id, ct);
            if (read is null)
            {
                read = new NotificationReadEntity { NotificationId = id, ReaderId = user.Id, ReadAt = clock.GetUtcNow() };
                db.Reads.Add(read);
            }

            return NotificationMapping.ToProto(notification, read.ReadAt);
        }, context.CancellationToken);
    }

    /// <summary>The most one call marks read; a client calls again while it marks this many.</summary>
    public const int MarkAllLimit = 2_000;

    /// <summary>
    /// NT-5: "mark all read" for the caller: their unread notifications up to the cursor of the listing they were shown,
    /// oldest first, at most <see cref="MarkAllLimit"/> a call. Arrivals after the cursor stay unread.
    /// </summary>
    public async Task<MarkAllNotificationsReadResponse> MarkAllNotificationsRead(MarkAllNotificationsReadRequest request, ServerCallContext context)
    {
        var v = new Violations().RequireText(request.StreamCursor, "stream_cursor", 200);
        var cursor = StreamCursor.Notifications.Decode(v, request.StreamCursor, "stream_cursor");
        v.ThrowIfAny();

        var ct = context.CancellationToken;
        var unread = InboxQuery("").Where(x => x.ReadAt == null);
        var shown = await unread.Where(x => x.Notification.Sequence <= cursor).OrderBy(x => x.Notification.Sequence)
            .Select(x => x.Notification.Id).Take(MarkAllLimit).ToArrayAsync(ct);
        // One statement with its audit row: a read marked meanwhile (another tab, MarkNotificationRead) is skipped, not
        // a conflict that would undo the batch.
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var marked = await db.Database.ExecuteSqlAsync(
            $"""INSERT INTO notification_reads ("NotificationId", "ReaderId", "ReadAt") SELECT id, {user.Id}, {clock.GetUtcNow()} FROM unnest({shown}) AS id ON CONFLICT DO NOTHING""", ct);
        db.Add(auditor.Write(context.Method, null, null));
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return new MarkAllNotificationsReadResponse { MarkedCount = marked, UnreadCount = await unread.CountAsync(ct) };
    }

    public async Task StreamNotifications(
        StreamNotificationsRequest request, IServerStreamWriter<StreamNotificationsResponse> responseStream, ServerCallContext context)
    {
        var v = new Violations();
        var cursor = StreamCursor.Notifications.Decode(v, request.Cursor);
        v.ThrowIfAny();

        var ct = context.CancellationToken;
        var inboxes = Inboxes;
        using var subscription = hub.Subscribe(inboxes);
        var last = cursor ?? await db.Notifications.MaxAsync(n => (long?)n.Sequence, ct) ?? 0;
        // Headers now, before any notification: a client knows it is following (a browser can show "live").
        await context.WriteResponseHeadersAsync([]);
        last = await CatchUpAsync(inboxes, last, responseStream, context);
        try
        {
            await foreach (var notification in subscription.Reader.ReadAllAsync(ct))
            {
                if (subscription.TakeLagging())
                {
                    last = await CatchUpAsync(inboxes, last, responseStream, context);
                }

                if (notification.Sequence > last)
                {
                    await SendAsync(notification, responseStream, context);
                    last = notification.Sequence;
                }
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // The client went away; it resumes from the last cursor it received.
        }
    }

    private string[] Inboxes => RecipientKeys.InboxesOf(user.Id, user.Roles);

    /// <summary>The caller's inboxes (theirs and their roles'), each notification with when the caller read it.</summary>
    private IQueryable<InboxRow> InboxQuery(string childId)
    {
        var inboxes = Inboxes;
        var hidden = restrictions.HiddenFrom(user);
        var notifications = db.Notifications.AsNoTracking().Where(n => inboxes.Contains(n.RecipientKey) && !hidden.Contains(n.ChildId));
        if (childId.Length > 0)
        {
            notifications = notifications.Where(n => n.ChildId == childId);
        }

        var readerId = user.Id;
        return notifications.Select(n => new InboxRow
        {
            Notification = n,
            ReadAt = db.Reads.Where(r => r.NotificationId == n.Id && r.ReaderId == readerId).Select(r => (DateTimeOffset?)r.ReadAt).FirstOrDefault(),
        });
    }

    private async Task<long> CatchUpAsync(string[] inboxes, long after, IServerStreamWriter<StreamNotificationsResponse> stream, ServerCallContext context)
    {
        while (true)
        {
            var page = await db.Notifications.AsNoTracking()
                .Where(n => n.Sequence > after && inboxes.Contains(n.RecipientKey))
                .OrderBy(n => n.Sequence).Take(500).ToListAsync(context.CancellationToken);
            foreach (var notification in page)
            {
                await SendAsync(notification, stream, context);
                after = notification.Sequence;
            }

            if (page.Count < 500)
            {
                return after;
            }
        }
    }

    /// <summary>Sends the notice, unless it is about a child whose record is restricted from the listener (then passed over).</summary>
    private async Task SendAsync(NotificationEntity notification, IServerStreamWriter<StreamNotificationsResponse> stream, ServerCallContext context)
    {
        if (auditor.ReadPage(context.Method, [notification], n => n.ChildId).Count == 0)
        {
            return;
        }

        await stream.WriteAsync(new StreamNotificationsResponse
        {
            Notification = NotificationMapping.ToProto(notification),
            Cursor = StreamCursor.Notifications.Encode(notification.Sequence),
        }, context.CancellationToken);
    }

    private sealed class InboxRow
    {
        public required NotificationEntity Notification { get; init; }

        public DateTimeOffset? ReadAt { get; init; }
    }
}
