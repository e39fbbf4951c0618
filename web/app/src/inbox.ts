import { followNotifications, type GoingHomeClients, type StreamState } from "@goinghome/client";
import type { ListNotificationsResponse, Notification } from "@goinghome/client/gen/goinghome/notifications/v1/notifications_pb";

type Listener = (notification: Notification) => void;

/** The most the service marks read in one call (NotificationInbox.MarkAllLimit). */
const markAllBatch = 2_000;

/**
 * The signed-in person's inbox as the whole app sees it: the unread count for the badge and one live stream. Each
 * listing restarts the stream from the cursor that listing returned, so the list and the stream meet exactly.
 */
export class Inbox {
  unread = 0;
  state: StreamState | "stopped" = "connecting";
  private following?: AbortController;
  private listings = 0;
  private disposed = false;
  private readonly listeners = new Set<Listener>();
  private readonly changes = new Set<() => void>();

  constructor(private readonly clients: GoingHomeClients) {}

  /**
   * The newest notifications. Only the latest listing asked for sets the count and restarts the stream (an older one
   * answering late would restart it from an older cursor and show its notifications twice).
   */
  async list(pageSize: number): Promise<ListNotificationsResponse> {
    const listing = ++this.listings;
    const page = await this.clients.notifications.listNotifications({ pageSize });
    if (listing === this.listings && !this.disposed) {
      this.unread = page.unreadCount;
      this.follow(page.streamCursor);
      this.changed();
    }

    return page;
  }

  /** Older notifications, a page at a time after the newest: a plain read that leaves the stream and count alone. */
  older(pageToken: string, pageSize: number): Promise<ListNotificationsResponse> {
    return this.clients.notifications.listNotifications({ pageSize, pageToken });
  }

  /**
   * Marks read everything up to a listing's cursor (what that listing showed; arrivals after it stay unread), a
   * bounded batch at a time as the service marks them.
   */
  async markAllRead(streamCursor: string): Promise<void> {
    let answer;
    do {
      answer = await this.clients.notifications.markAllNotificationsRead({ streamCursor });
    } while (answer.markedCount >= markAllBatch);
    this.unread = answer.unreadCount;
    this.changed();
  }

  async markRead(id: string): Promise<void> {
    await this.clients.notifications.markNotificationRead({ id });
    this.unread = Math.max(0, this.unread - 1);
    this.changed();
  }

  /** New notifications, as they arrive; returns the way to stop listening. */
  onNotification(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  onChange(listener: () => void): () => void {
    this.changes.add(listener);
    return () => this.changes.delete(listener);
  }

  /** At sign-out: the stream ends and no listing still on its way starts another. */
  dispose(): void {
    this.disposed = true;
    this.following?.abort();
    this.changes.clear();
    this.listeners.clear();
  }

  private follow(cursor: string): void {
    this.following?.abort();
    const following = new AbortController();
    this.following = following;
    followNotifications(this.clients.notifications, {
      cursor,
      signal: following.signal,
      onStateChange: (state) => { this.state = state; this.changed(); },
      onNotification: (notification) => {
        if (!notification.readTime) this.unread++;
        this.listeners.forEach((listener) => listener(notification));
        this.changed();
      },
      // A refusal no retry mends (the sign-in ended): the header says live updates stopped.
    }).catch(() => { this.state = "stopped"; this.changed(); });
  }

  private changed(): void {
    this.changes.forEach((listener) => listener());
  }
}
