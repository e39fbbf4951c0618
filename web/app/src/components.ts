import { html, type Html } from "./html.js";

export function summaryList(rows: [string, string][], id = ""): Html {
  return html`<dl class="govuk-summary-list"${id ? html` id="${id}"` : ""}>${rows.map(([key, value]) => html`<div class="govuk-summary-list__row">
    <dt class="govuk-summary-list__key">${key}</dt><dd class="govuk-summary-list__value">${value}</dd></div>`)}</dl>`;
}

export function table(headings: string[], rows: (string | Html)[][], id = ""): Html {
  return html`<table class="govuk-table app-table--stack"${id ? html` id="${id}"` : ""}><thead class="govuk-table__head"><tr class="govuk-table__row">
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

/**
 * A horizontal bar chart people can read at a glance, and its figures as a table for everyone else: the SVG is a
 * picture (role img, its title the whole of what it shows), the table beside it is the same data, read by screen
 * readers and kept when styles are off.
 */
export function barChart(id: string, title: string, labelHeading: string, rows: [string, number][]): Html {
  const most = Math.max(1, ...rows.map(([, count]) => count));
  const barHeight = 28;
  const labelWidth = 170;
  const chartWidth = 300;
  const total = rows.reduce((sum, [, count]) => sum + count, 0);
  const described = `${title}: ${rows.map(([label, count]) => `${label} ${count}`).join(", ")}`;
  return html`<figure class="app-chart" id="${id}">
    <figcaption class="govuk-heading-s">${title} (${total})</figcaption>
    <svg role="img" aria-label="${described}" viewBox="0 0 ${labelWidth + chartWidth + 40} ${rows.length * barHeight}" class="app-chart__svg" focusable="false">
      ${rows.map(([label, count], i) => html`<g transform="translate(0 ${i * barHeight})">
        <text x="${labelWidth - 8}" y="${barHeight / 2 + 5}" text-anchor="end" class="app-chart__label">${label}</text>
        <rect x="${labelWidth}" y="4" height="${barHeight - 8}" width="${Math.round((count / most) * chartWidth)}" class="app-chart__bar"></rect>
        <text x="${labelWidth + Math.round((count / most) * chartWidth) + 6}" y="${barHeight / 2 + 5}" class="app-chart__value">${count}</text></g>`)}
    </svg>
    ${table([labelHeading, "Children"], rows.map(([label, count]) => [label, `${count}`]))}
  </figure>`;
}

/** GOV.UK's success banner, announced and focusable, for a confirmation after an in-place action. */
export function confirmation(id: string, text: string): Html {
  return html`<div class="govuk-notification-banner govuk-notification-banner--success" role="alert" tabindex="-1" id="${id}" aria-labelledby="${id}-title">
    <div class="govuk-notification-banner__header"><h2 class="govuk-notification-banner__title" id="${id}-title">Success</h2></div>
    <div class="govuk-notification-banner__content"><p class="govuk-notification-banner__heading">${text}</p></div></div>`;
}
