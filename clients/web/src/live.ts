import { Code, ConnectError, type Client } from "@connectrpc/connect";
import type { Notification, NotificationsService } from "./gen/goinghome/notifications/v1/notifications_pb.js";

export type StreamState = "connecting" | "live" | "reconnecting";

export interface FollowOptions {
  /** Where to start: `streamCursor` from ListNotifications, or the `cursor` of the last message received. */
  cursor: string;
  onNotification: (notification: Notification, cursor: string) => void;
  onStateChange?: (state: StreamState) => void;
  /** Stops following; the returned promise then resolves. */
  signal: AbortSignal;
  /** Wait before reconnecting after the given number of failed attempts in a row. */
  retryDelayMs?: (failures: number) => number;
}

// A refusal that a retry cannot mend: the caller must sign in again or fix the cursor.
const final = new Set([Code.Unauthenticated, Code.PermissionDenied, Code.InvalidArgument]);

/**
 * Live notifications over gRPC-Web server streaming that survive dropped connections: every reconnect resumes after
 * the last cursor received, which the server honours exactly (nothing missed, nothing twice).
 */
export async function followNotifications(client: Client<typeof NotificationsService>, options: FollowOptions): Promise<void> {
  const retryDelay = options.retryDelayMs ?? ((failures) => Math.min(30_000, 500 * 2 ** failures));
  let cursor = options.cursor;
  let failures = 0;
  options.onStateChange?.("connecting");
  while (!options.signal.aborted) {
    try {
      // The server sends its headers once it is following, before any notification: that is "live".
      const onHeader = () => { failures = 0; options.onStateChange?.("live"); };
      for await (const message of client.streamNotifications({ cursor }, { signal: options.signal, onHeader })) {
        cursor = message.cursor;
        if (message.notification) {
          options.onNotification(message.notification, cursor);
        }
      }
    } catch (error) {
      if (options.signal.aborted) {
        return;
      }

      if (final.has(ConnectError.from(error).code)) {
        throw error;
      }
    }

    options.onStateChange?.("reconnecting");
    await pause(retryDelay(failures++), options.signal);
  }
}

function pause(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const stop = () => { clearTimeout(timer); resolve(); };
    const timer = setTimeout(() => { signal.removeEventListener("abort", stop); resolve(); }, ms);
    signal.addEventListener("abort", stop, { once: true });
  });
}
