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
}

export function setTitle(title: string): void {
  document.title = `${title} – GoingHome`;
}
