import type { Notification } from "@goinghome/client/gen/goinghome/notifications/v1/notifications_pb";
import { setTitle, type Screen } from "../app.js";
import { londonTime } from "../format.js";
import { html, show, type Html } from "../html.js";
import { childLink, confirmation } from "../components.js";
import { problemPanel } from "../problems.js";

const stateText = { connecting: "Connecting…", live: "Live: new notifications appear here", reconnecting: "Connection lost: reconnecting…", stopped: "Live updates stopped: sign in again" };

/** The inbox: the newest notifications, then each new one as it arrives over the live stream. */
export async function inboxScreen(screen: Screen): Promise<void> {
  setTitle("Inbox");
  let page;
  try {
    page = await screen.inbox.list(50);
  } catch (error) {
    show(screen.main, html`<h1 class="govuk-heading-l">Inbox</h1>${problemPanel(error)}`);
    return;
  }

  show(screen.main, html`<div id="inbox-done"></div><h1 class="govuk-heading-l">Inbox</h1>
    <p class="govuk-body"><strong class="govuk-tag govuk-tag--grey" id="live-state"></strong></p>
    ${page.unreadCount > 0 ? html`<button type="button" class="govuk-button govuk-button--secondary" id="mark-all-read">Mark all as read</button>` : ""}
    <p class="govuk-visually-hidden" id="arrived" aria-live="polite"></p>
    <ul class="govuk-list" id="notifications">${page.notifications.map((n) => item(n, false))}</ul>
    ${page.notifications.length === 0 ? html`<p class="govuk-body" id="empty-inbox">Nothing yet.</p>` : ""}
    <p class="govuk-body"><button type="button" class="govuk-button govuk-button--secondary" id="older"${page.nextPageToken ? "" : " hidden"}>Show older notifications</button></p>`);
  const list = screen.main.querySelector<HTMLElement>("#notifications")!;
  const liveState = screen.main.querySelector<HTMLElement>("#live-state")!;
  const showState = () => { liveState.textContent = stateText[screen.inbox.state]; liveState.dataset.state = screen.inbox.state; };
  showState();
  screen.onLeave(screen.inbox.onChange(showState));
  screen.onLeave(screen.inbox.onNotification((notification) => {
    screen.main.querySelector("#empty-inbox")?.remove();
    list.insertAdjacentHTML("afterbegin", item(notification, true).value);
    bindRead(list.firstElementChild as HTMLElement);
    screen.main.querySelector("#arrived")!.textContent = `New notification: ${notification.title}`;
  }));
  list.querySelectorAll<HTMLElement>("li").forEach(bindRead);

  // Everything the listing showed (and older pages below it) is marked; what arrived live since stays unread.
  const markAll = screen.main.querySelector<HTMLButtonElement>("#mark-all-read");
  markAll?.addEventListener("click", async () => {
    markAll.disabled = true;
    try {
      await screen.inbox.markAllRead(page.streamCursor);
      list.querySelectorAll<HTMLElement>("li.app-unread:not(.app-new)").forEach((entry) => {
        entry.classList.remove("app-unread");
        entry.querySelector("[data-read]")?.remove();
      });
      const done = screen.main.querySelector<HTMLElement>("#inbox-done")!;
      show(done, confirmation("marked-all-read", "Notifications marked as read"));
      markAll.remove();
      done.querySelector<HTMLElement>("#marked-all-read")?.focus();
    } catch (error) {
      markAll.disabled = false;
      markAll.insertAdjacentHTML("afterend", problemPanel(error).value);
    }
  });

  // Older pages are added below the ones shown, so what arrives live at the top and what is read stay in place; focus
  // goes to the first of the older ones.
  let olderToken = page.nextPageToken;
  const olderButton = screen.main.querySelector<HTMLButtonElement>("#older")!;
  olderButton.addEventListener("click", async () => {
    olderButton.disabled = true;
    try {
      const older = await screen.inbox.older(olderToken, 50);
      const first = list.children.length;
      list.insertAdjacentHTML("beforeend", older.notifications.map((n) => item(n, false).value).join(""));
      [...list.children].slice(first).forEach((entry) => bindRead(entry as HTMLElement));
      focusEntry(list.children[first] as HTMLElement | undefined);
      olderToken = older.nextPageToken;
      olderButton.hidden = !olderToken;
    } catch (error) {
      olderButton.insertAdjacentHTML("afterend", problemPanel(error).value);
    } finally {
      olderButton.disabled = false;
    }
  });

  function bindRead(entry: HTMLElement): void {
    entry.querySelector<HTMLButtonElement>("[data-read]")?.addEventListener("click", async (event) => {
      const button = event.currentTarget as HTMLButtonElement;
      if (button.disabled) return;
      button.disabled = true;
      try {
        await screen.inbox.markRead(button.dataset.read!);
        entry.classList.remove("app-unread");
        // The button goes; focus stays on the notification it belonged to, not dropped to the page.
        focusEntry(entry);
        button.remove();
      } catch (error) {
        button.disabled = false;
        button.insertAdjacentHTML("afterend", problemPanel(error).value);
      }
    });
  }
}

function focusEntry(entry: HTMLElement | undefined): void {
  const heading = entry?.querySelector<HTMLElement>("h2");
  heading?.setAttribute("tabindex", "-1");
  heading?.focus();
}

function item(notification: Notification, arrivedLive: boolean): Html {
  const unread = !notification.readTime;
  return html`<li class="app-card${unread ? " app-unread" : ""}${arrivedLive ? " app-new" : ""}" data-notification="${notification.id}" data-kind="${notification.kind}">
    <h2 class="govuk-heading-s">${arrivedLive ? html`<strong class="govuk-tag govuk-tag--blue">New</strong> ` : ""}${notification.title}</h2>
    <p class="govuk-body">${notification.body}</p>
    <p class="govuk-body-s">${londonTime(notification.createTime)}${notification.ruleId ? html` · <strong class="govuk-tag govuk-tag--grey">${notification.ruleId}</strong>` : ""}
      ${notification.childId ? html` · ${childLink(notification, `for ${notification.title}`)}` : ""}</p>
    ${unread ? html`<button type="button" class="govuk-button govuk-button--secondary govuk-!-margin-bottom-0" data-read="${notification.id}">Mark as read<span class="govuk-visually-hidden">: ${notification.title}</span></button>` : ""}
  </li>`;
}
