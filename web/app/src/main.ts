import "govuk-frontend/dist/govuk/govuk-frontend.min.css";
import { ServiceNavigation } from "govuk-frontend";
import "./styles.css";
import { createGoingHomeClients } from "@goinghome/client";
import { focusHeading, setTitle, type Screen } from "./app.js";
import { loadConfig, type AppConfig } from "./config.js";
import { html, show } from "./html.js";
import { Inbox } from "./inbox.js";
import { borrowSession, completeOidcSignIn, currentSession, shareSession, signOut } from "./session.js";
import { approvalQueue, approvalRequestScreen } from "./screens/approvals.js";
import { childOverview } from "./screens/child.js";
import { childrenScreen } from "./screens/children.js";
import { newChildScreen } from "./screens/record.js";
import { recordScreen } from "./screens/recordings.js";
import { inboxScreen } from "./screens/inbox.js";
import { myTasks } from "./screens/tasks.js";
import { signInScreen } from "./screens/signIn.js";
import { permanenceTracker } from "./screens/tracker.js";

type Render = (screen: Screen, ...params: string[]) => Promise<void>;

const routes: [RegExp, Render, string][] = [
  [/^\/(?:tasks)?$/, myTasks, "/tasks"],
  [/^\/children$/, childrenScreen, "/children"],
  [/^\/children\/new$/, newChildScreen, "/children"],
  [/^\/children\/([^/]+)$/, childOverview, "/children"],
  [/^\/children\/([^/]+)\/record\/([a-z0-9-]+)$/, recordScreen, "/children"],
  [/^\/approvals$/, approvalQueue, "/approvals"],
  [/^\/approvals\/([^/]+)$/, approvalRequestScreen, ""],
  [/^\/tracker$/, permanenceTracker, "/tracker"],
  [/^\/inbox$/, inboxScreen, "/inbox"],
];

const navigation = [["/tasks", "My tasks"], ["/children", "Children"], ["/approvals", "Approval queue"], ["/tracker", "Permanence tracker"], ["/inbox", "Inbox"]];

const main = document.getElementById("main-content")!;
const header = document.getElementById("app-header")!;
let session: { clients: ReturnType<typeof createGoingHomeClients>; inbox: Inbox; token: string } | undefined;
let leaving: (() => void)[] = [];
let shown = "";

async function start(): Promise<void> {
  // GOV.UK Frontend's scripts act only where the page says it can run them.
  document.body.classList.add("govuk-frontend-supported");
  const config = await loadConfig();
  let signInProblem: string | undefined;
  if (location.pathname === "/signed-in" && config.signIn.oidc) {
    try {
      history.replaceState(null, "", safePath(await completeOidcSignIn(config.signIn.oidc, new URL(location.href))));
    } catch (error) {
      history.replaceState(null, "", "/sign-in");
      signInProblem = (error as Error).message;
    }
  }

  document.addEventListener("click", (event) => {
    const link = (event.target as Element).closest<HTMLAnchorElement>("a[href^='/']");
    if (!link || event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey) return;
    event.preventDefault();
    if (link.dataset.action === "sign-out") {
      endSession();
      const providerSignOut = signOut();
      if (providerSignOut) return location.assign(providerSignOut);
    }
    navigate(link.pathname + link.search);
  });
  // A link to a fragment (the skip link, an error summary's links to fields) moves focus, not the screen.
  addEventListener("popstate", () => { if (location.pathname + location.search !== shown) void route(config); });
  shareSession(() => void route(config));
  await borrowSession();
  await route(config, signInProblem);

  function navigate(path: string): void {
    history.pushState(null, "", path);
    void route(config);
  }
}

async function route(config: AppConfig, signInProblem?: string): Promise<void> {
  leaving.forEach((cleanup) => cleanup());
  leaving = [];
  shown = location.pathname + location.search;
  // Each screen draws into a container of its own: one still loading when the person moves on (or signs out) draws
  // into a container no longer on the page, never over the next screen.
  const container = document.createElement("div");
  main.replaceChildren(container);
  const signedIn = currentSession();
  if (!signedIn || location.pathname === "/sign-in") {
    if (location.pathname !== "/sign-in") {
      history.replaceState(null, "", `/sign-in?${new URLSearchParams({ returnTo: shown })}`);
      shown = location.pathname + location.search;
    }
    endSession();
    renderHeader(null);
    await signInScreen(config, container, signInProblem, () => {
      history.replaceState(null, "", safePath(new URLSearchParams(location.search).get("returnTo")));
      void route(config);
    });
    return;
  }

  const { token, person } = signedIn;
  if (session?.token !== token) {
    endSession();
    const clients = createGoingHomeClients(config.services, token);
    const inbox = new Inbox(clients);
    session = { clients, inbox, token };
    inbox.onChange(() => updateBadge(inbox));
    if (location.pathname !== "/inbox") void inbox.list(1).catch(() => updateBadge(inbox));
  }

  renderHeader(person.name + (person.roles.length ? ` (${person.roles.join(", ")})` : ""));
  const match = routes.map(([pattern, render]) => [pattern.exec(location.pathname), render] as const).find(([found]) => found);
  const screen: Screen = {
    config, clients: session.clients, person, inbox: session.inbox, main: container, onLeave: (cleanup) => leaving.push(cleanup),
    navigate: (path) => { history.pushState(null, "", path); void route(config); },
  };
  try {
    if (!match) {
      setTitle("Page not found");
      show(container, html`<h1 class="govuk-heading-l">Page not found</h1><p class="govuk-body"><a class="govuk-link" href="/tasks">Go to your tasks</a></p>`);
    } else {
      show(container, html`<p class="govuk-body">Loading…</p>`);
      await match[1](screen, ...match[0]!.slice(1).map(decodeURIComponent));
    }
  } catch (error) {
    setTitle("Sorry, there is a problem");
    show(container, html`<h1 class="govuk-heading-l">Sorry, there is a problem</h1><p class="govuk-body">${(error as Error).message}</p>`);
  }

  focusHeading(container);
}

function endSession(): void {
  session?.inbox.dispose();
  session = undefined;
}

/** Where to go after signing in: a path of this app only, never another site. */
function safePath(path: string | null): string {
  return path && path.startsWith("/") && !path.startsWith("//") && !path.startsWith("/\\") ? path : "/tasks";
}

function renderHeader(signedInAs: string | null): void {
  const current = routes.find(([pattern]) => pattern.test(location.pathname))?.[2] ?? "";
  show(header, html`<section aria-label="Service information" class="govuk-service-navigation" data-module="govuk-service-navigation">
    <div class="govuk-width-container"><div class="govuk-service-navigation__container">
      <span class="govuk-service-navigation__service-name"><a href="/tasks" class="govuk-service-navigation__link">GoingHome</a></span>
      ${signedInAs ? html`<nav aria-label="Menu" class="govuk-service-navigation__wrapper">
        <button type="button" class="govuk-service-navigation__toggle govuk-js-service-navigation-toggle" aria-controls="navigation" hidden aria-hidden="true">Menu</button>
        <ul class="govuk-service-navigation__list" id="navigation">
        ${navigation.map(([href, text]) => html`<li class="govuk-service-navigation__item${href === current ? " govuk-service-navigation__item--active" : ""}">
          <a class="govuk-service-navigation__link" href="${href}"${href === current ? html` aria-current="page"` : ""}>${text}${href === "/inbox"
            ? html` <strong class="govuk-tag govuk-tag--red app-badge" id="unread-badge"></strong>` : ""}</a></li>`)}
        <li class="govuk-service-navigation__item"><span class="govuk-service-navigation__text" id="signed-in-as">${signedInAs}</span></li>
        <li class="govuk-service-navigation__item"><a class="govuk-service-navigation__link" href="/sign-in" data-action="sign-out">Sign out</a></li>
      </ul></nav>` : ""}
    </div></div></section>`);
  // On a narrow screen the menu folds behind a "Menu" button (GOV.UK's own script for the component).
  const menu = header.querySelector("[data-module=govuk-service-navigation]");
  if (signedInAs && menu) new ServiceNavigation(menu);
  if (session) updateBadge(session.inbox);
}

function updateBadge(inbox: Inbox): void {
  const badge = document.getElementById("unread-badge");
  if (!badge) return;
  badge.textContent = inbox.unread > 0 ? `${inbox.unread} unread` : "";
  badge.hidden = inbox.unread === 0;
}

void start().catch((error: Error) => show(main, html`<h1 class="govuk-heading-l">Sorry, there is a problem</h1><p class="govuk-body">${error.message}</p>`));
