import type { GoingHomeClients } from "@goinghome/client";
import type { AppConfig } from "./config.js";
import type { Inbox } from "./inbox.js";
import type { Person } from "./session.js";

/** What every screen is given. */
export interface Screen {
  config: AppConfig;
  clients: GoingHomeClients;
  person: Person;
  inbox: Inbox;
  main: HTMLElement;
  /** Runs when the person leaves the screen (stop listening to the inbox, say). */
  onLeave(cleanup: () => void): void;
  /** Goes to another screen of the app, as following a link would. */
  navigate(path: string): void;
}

export function setTitle(title: string): void {
  document.title = `${title} – GoingHome`;
}

/** Moves focus to the screen's heading, as a page load would put a screen reader at the top of the new page. */
export function focusHeading(container: HTMLElement): void {
  const heading = container.querySelector<HTMLElement>("h1");
  heading?.setAttribute("tabindex", "-1");
  heading?.focus({ preventScroll: true });
}
