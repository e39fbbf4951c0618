import { html, type Html } from "./html.js";

export function summaryList(rows: [string, string][], id = ""): Html {
  return html`<dl class="govuk-summary-list"${id ? html` id="${id}"` : ""}>${rows.map(([key, value]) => html`<div class="govuk-summary-list__row">
    <dt class="govuk-summary-list__key">${key}</dt><dd class="govuk-summary-list__value">${value}</dd></div>`)}</dl>`;
}

export function table(headings: string[], rows: string[][]): Html {
  return html`<table class="govuk-table"><thead class="govuk-table__head"><tr class="govuk-table__row">
    ${headings.map((heading) => html`<th scope="col" class="govuk-table__header">${heading}</th>`)}</tr></thead>
    <tbody class="govuk-table__body">${rows.map((row) => html`<tr class="govuk-table__row">${row.map((cell) => html`<td class="govuk-table__cell">${cell}</td>`)}</tr>`)}</tbody></table>`;
}
