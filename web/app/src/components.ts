import { html, type Html } from "./html.js";

export function summaryList(rows: [string, string][], id = ""): Html {
  return html`<dl class="govuk-summary-list"${id ? html` id="${id}"` : ""}>${rows.map(([key, value]) => html`<div class="govuk-summary-list__row">
    <dt class="govuk-summary-list__key">${key}</dt><dd class="govuk-summary-list__value">${value}</dd></div>`)}</dl>`;
}

export function table(headings: string[], rows: string[][]): Html {
  return html`<table class="govuk-table app-table--stack"><thead class="govuk-table__head"><tr class="govuk-table__row">
    ${headings.map((heading) => html`<th scope="col" class="govuk-table__header">${heading}</th>`)}</tr></thead>
    <tbody class="govuk-table__body">${rows.map((row) => html`<tr class="govuk-table__row">${row.map((cell) => html`<td class="govuk-table__cell">${cell}</td>`)}</tr>`)}</tbody></table>`;
}

/**
 * A link to a child's record from a list, named as the list message names the child (its name and age, from the
 * service's copy); "View child" while that service has not yet heard the child's name. <paramref name="context"/>
 * tells a screen reader which row the link belongs to.
 */
export function childLink(row: { childId: string; childDisplayName: string; childAgeYears: number }, context: string): Html {
  const text = row.childDisplayName ? `${row.childDisplayName}, ${row.childAgeYears}` : "View child";
  return html`<a class="govuk-link" href="/children/${row.childId}" data-child-link>${text}<span class="govuk-visually-hidden"> ${row.childDisplayName ? "years old, " : ""}${context}</span></a>`;
}
