import { LastingHomeStage, LastingHomeStageSchema, type TrackerEntry } from "@goinghome/client/gen/goinghome/lastinghomes/v1/lasting_homes_pb";
import { setTitle, type Screen } from "../app.js";
import { barChart, childLink } from "../components.js";
import { calendarDate, enumLabel } from "../format.js";
import { html, show } from "../html.js";
import { clearProblem, showFieldError, showProblem } from "../problems.js";
import { Pager } from "./paging.js";

interface Filters {
  teamId: string;
  stage: LastingHomeStage;
  waitingLongerThanDays: number;
}

/** The permanence tracker (LH-9): every lasting home in progress, longest waiting first, filtered by team, stage and wait. */
export async function permanenceTracker(screen: Screen): Promise<void> {
  setTitle("Permanence tracker");
  let filters: Filters = { teamId: screen.person.teams[0] ?? "", stage: LastingHomeStage.UNSPECIFIED, waitingLongerThanDays: 0 };
  let pager = new Pager();
  show(screen.main, html`<h1 class="govuk-heading-l">Permanence tracker</h1>
    <form id="tracker-filters" novalidate class="app-card">
      <h2 class="govuk-heading-s">Filter</h2>
      <div class="govuk-form-group"><label class="govuk-label" for="team_id">Team</label>
        <input class="govuk-input govuk-input--width-10" id="team_id" name="team_id" type="text" value="${filters.teamId}"></div>
      <div class="govuk-form-group"><label class="govuk-label" for="stage">Stage</label>
        <select class="govuk-select" id="stage" name="stage">${LastingHomeStageSchema.values.map((value) =>
          html`<option value="${value.number}">${enumLabel(LastingHomeStageSchema, value.number) || "Any stage"}</option>`)}</select></div>
      <div class="govuk-form-group"><label class="govuk-label" for="waiting_longer_than_days">Waiting longer than (days)</label>
        <input class="govuk-input govuk-input--width-4" id="waiting_longer_than_days" name="waiting_longer_than_days" type="text" inputmode="numeric" value="0"></div>
      <button type="submit" class="govuk-button govuk-button--secondary">Apply filters</button>
    </form>
    <div id="tracker"></div>`);
  const form = screen.main.querySelector<HTMLFormElement>("#tracker-filters")!;
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const data = new FormData(form);
    const days = String(data.get("waiting_longer_than_days") ?? "").trim() || "0";
    clearProblem(form);
    if (!/^\d{1,5}$/.test(days)) {
      showFieldError(form, "waiting_longer_than_days", "Enter a whole number of days, like 30");
      return;
    }

    filters = { teamId: String(data.get("team_id") ?? "").trim(), stage: Number(data.get("stage")), waitingLongerThanDays: Number(days) };
    pager = new Pager();
    void load();
  });
  await load();

  async function load(): Promise<void> {
    const target = screen.main.querySelector<HTMLElement>("#tracker")!;
    let page, summary;
    try {
      [page, summary] = await Promise.all([
        screen.clients.lastingHomes.listTrackerEntries({ ...filters, pageSize: 25, pageToken: pager.token }),
        screen.clients.lastingHomes.getTrackerSummary({ teamId: filters.teamId }),
      ]);
    } catch (error) {
      show(target, html``);
      showProblem(form, error);
      return;
    }

    clearProblem(form);

    const byStage: [string, number][] = Object.entries(summary.childrenByStage).map(([stage, count]) => [words(stage), count]);
    const team = filters.teamId ? `, team ${filters.teamId}` : "";
    show(target, html`${byStage.length ? html`<div class="govuk-grid-row">
      <div class="govuk-grid-column-one-half">${barChart("tracker-summary", `Children by stage${team}`, "Stage", byStage)}</div>
      <div class="govuk-grid-column-one-half">${barChart("tracker-waiting", `Days waiting, children not yet home${team}`, "Days waiting",
        summary.childrenByDaysWaiting.map((band) => [band.label, band.children]))}</div></div>` : ""}
      ${page.entries.length === 0 ? html`<p class="govuk-body">No lasting homes match.</p>` : html`<table class="govuk-table app-table--stack" id="tracker-entries">
      <caption class="govuk-table__caption govuk-table__caption--m" tabindex="-1">Longest waiting first</caption>
      <thead class="govuk-table__head"><tr class="govuk-table__row">
        ${["Child", "Team", "Stage", "Started", "Ratified", "Next step", "Days waiting"].map((h) => html`<th scope="col" class="govuk-table__header">${h}</th>`)}</tr></thead>
      <tbody class="govuk-table__body">${page.entries.map(row)}</tbody></table>${pager.controls(page.nextPageToken)}`}`);
    pager.bind(target, page.nextPageToken, () => void load().then(() => target.querySelector<HTMLElement>("caption")?.focus()));
  }
}

function row(entry: TrackerEntry) {
  return html`<tr class="govuk-table__row" data-lasting-home="${entry.lastingHomeId}">
    <td class="govuk-table__cell">${childLink(entry, `waiting ${entry.daysWaiting} days`)}</td>
    <td class="govuk-table__cell">${entry.teamId}</td>
    <td class="govuk-table__cell">${enumLabel(LastingHomeStageSchema, entry.stage)}</td>
    <td class="govuk-table__cell">${calendarDate(entry.startedOn)}</td>
    <td class="govuk-table__cell">${calendarDate(entry.ratifiedOn)}</td>
    <td class="govuk-table__cell">${entry.nextStep}</td>
    <td class="govuk-table__cell govuk-table__cell--numeric">${entry.daysWaiting}</td></tr>`;
}

/** "AwaitingRatification" -> "Awaiting ratification". */
function words(name: string): string {
  const spaced = name.replace(/([a-z])([A-Z])/g, "$1 $2").toLowerCase();
  return spaced.charAt(0).toUpperCase() + spaced.slice(1);
}
