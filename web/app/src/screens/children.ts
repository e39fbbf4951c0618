import { LegalStatusSchema, WorkerRole, type Child } from "@goinghome/client/gen/goinghome/case/v1/case_pb";
import { setTitle, type Screen } from "../app.js";
import { ageInYears, calendarDate, enumLabel } from "../format.js";
import { html, show } from "../html.js";
import { problemPanel } from "../problems.js";

const pageSize = 25;

/**
 * Children: the person's caseload (children they are allocated to) or a search of every child they may see, by name,
 * NHS number or local id. What is searched and the page are in the URL, so a search can be bookmarked, shared with a
 * colleague (who sees only what they may) and returned to with the back button.
 */
export async function childrenScreen(screen: Screen): Promise<void> {
  const params = new URLSearchParams(location.search);
  const typed = (params.get("q") ?? "").trim();
  const scope = params.get("scope") === "all" || typed !== "" ? "all" : "mine";
  const pageToken = params.get("page") ?? "";
  setTitle(typed ? `Children matching ${typed}` : scope === "mine" ? "My children" : "All children");

  const filter = [scope === "mine" ? `worker_id = "${quoted(screen.person.id)}"` : "", searchTerm(typed)].filter(Boolean).join(" AND ");
  let page;
  try {
    page = await screen.clients.case.listChildren({ filter, pageSize, pageToken });
  } catch (error) {
    show(screen.main, html`<h1 class="govuk-heading-l">Children</h1>${searchForm(typed, scope)}${problemPanel(error)}`);
    bindSearch(screen.main);
    return;
  }

  const heading = typed ? "Search results" : scope === "mine" ? "My children" : "All children";
  show(screen.main, html`<h1 class="govuk-heading-l">${heading}</h1>
    <a class="govuk-button govuk-button--secondary" href="/children/new" role="button" draggable="false">Record a new child</a>
    ${searchForm(typed, scope)}
    <p class="govuk-body" id="children-summary" role="status">${summary(page.totalSize, typed, scope)}</p>
    ${page.children.length ? html`<table class="govuk-table app-table--stack" id="children">
      <caption class="govuk-table__caption govuk-visually-hidden">${heading}, by family name</caption>
      <thead class="govuk-table__head"><tr class="govuk-table__row">
        <th scope="col" class="govuk-table__header">Name</th><th scope="col" class="govuk-table__header">Age</th>
        <th scope="col" class="govuk-table__header">Legal status</th><th scope="col" class="govuk-table__header">Lives</th>
        <th scope="col" class="govuk-table__header">Social worker</th></tr></thead>
      <tbody class="govuk-table__body">${page.children.map(row)}</tbody></table>` : ""}
    ${page.nextPageToken || pageToken ? html`<nav class="govuk-pagination govuk-pagination--block" aria-label="Pages">
      ${pageToken ? html`<div class="govuk-pagination__prev"><a class="govuk-link govuk-pagination__link" href="${link(typed, scope, "")}">First page</a></div>` : ""}
      ${page.nextPageToken ? html`<div class="govuk-pagination__next"><a class="govuk-link govuk-pagination__link" href="${link(typed, scope, page.nextPageToken)}" rel="next">Next page</a></div>` : ""}
    </nav>` : ""}`);
  bindSearch(screen.main);
}

/** What the search box means: ten digits are an NHS number, one word with a digit a local id, anything else names. */
function searchTerm(typed: string): string {
  if (typed === "") return "";
  const digits = typed.replace(/\s/g, "");
  if (/^\d{10}$/.test(digits)) return `nhs_number = "${digits}"`;
  if (!/\s/.test(typed) && /\d/.test(typed)) return `local_id = "${quoted(typed)}"`;
  return `name:"${quoted(typed)}"`;
}

/** A filter value cannot hold a double quote; a name never needs one. */
function quoted(value: string): string {
  return value.replace(/"/g, "");
}

function summary(total: number, typed: string, scope: string): string {
  const children = total === 1 ? "1 child" : `${total} children`;
  if (typed) return total === 0 ? `No child you may see matches “${typed}”.` : `${children} match “${typed}”.`;
  return scope === "mine" ? (total === 0 ? "You are not allocated to any child." : `You are allocated to ${children}.`) : `${children} you may see.`;
}

function searchForm(typed: string, scope: string) {
  return html`<form class="app-card" id="search-form" role="search" novalidate>
    <div class="govuk-form-group"><label class="govuk-label govuk-label--s" for="q">Search by name, NHS number or local id</label>
      <input class="govuk-input govuk-!-width-two-thirds" id="q" name="q" type="search" spellcheck="false" autocomplete="off" value="${typed}"></div>
    <button type="submit" class="govuk-button govuk-!-margin-bottom-2" data-module="govuk-button">Search</button>
    <p class="govuk-body govuk-!-margin-bottom-0">${scope === "mine" && !typed
      ? html`<a class="govuk-link" href="/children?scope=all">Show all children you may see</a>`
      : html`<a class="govuk-link" href="/children">Show my children</a>`}</p></form>`;
}

function bindSearch(root: HTMLElement): void {
  root.querySelector<HTMLFormElement>("#search-form")?.addEventListener("submit", (event) => {
    event.preventDefault();
    const typed = String(new FormData(event.target as HTMLFormElement).get("q") ?? "").trim();
    history.pushState(null, "", link(typed, typed ? "all" : "mine", ""));
    dispatchEvent(new PopStateEvent("popstate"));
  });
}

function link(typed: string, scope: string, page: string): string {
  const query = new URLSearchParams();
  if (typed) query.set("q", typed);
  else if (scope === "all") query.set("scope", "all");
  if (page) query.set("page", page);
  const text = query.toString();
  return `/children${text ? `?${text}` : ""}`;
}

function row(child: Child) {
  const age = ageInYears(child.dateOfBirth);
  const socialWorker = child.allocations.find((a) => a.role === WorkerRole.SOCIAL_WORKER);
  const facts = child.careFacts;
  const lives = !facts ? "" : facts.livingAtHome ? "At home" : facts.lookedAfter ? "Away from home" : "Not looked after";
  return html`<tr class="govuk-table__row" data-child="${child.id}">
    <td class="govuk-table__cell"><a class="govuk-link" href="/children/${child.id}">${child.givenName} ${child.familyName}</a></td>
    <td class="govuk-table__cell">${age === undefined ? "" : `${age}`}<span class="govuk-visually-hidden"> (born ${calendarDate(child.dateOfBirth)})</span></td>
    <td class="govuk-table__cell">${enumLabel(LegalStatusSchema, child.currentLegalStatus) || "Not looked after"}</td>
    <td class="govuk-table__cell">${lives}</td>
    <td class="govuk-table__cell">${socialWorker ? socialWorker.workerName || socialWorker.workerId : html`<strong class="govuk-tag govuk-tag--yellow">Unallocated</strong>`}</td></tr>`;
}
