/** Markup built from a template whose interpolated values are escaped, unless they are markup themselves. */
export class Html {
  constructor(readonly value: string) {}
}

export function html(strings: TemplateStringsArray, ...values: unknown[]): Html {
  return new Html(strings.reduce((out, text, i) => out + text + (i < values.length ? render(values[i]) : ""), ""));
}

function render(value: unknown): string {
  if (value instanceof Html) return value.value;
  if (Array.isArray(value)) return value.map(render).join("");
  if (value === null || value === undefined || value === false) return "";
  return String(value).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

export function show(target: Element, content: Html): void {
  target.innerHTML = content.value;
  labelStackedCells(target);
}

/**
 * On a narrow screen a stacked table's rows become blocks and its header row is hidden, so each cell carries its
 * column's heading (shown before it by CSS).
 */
function labelStackedCells(root: Element): void {
  root.querySelectorAll<HTMLTableElement>("table.app-table--stack").forEach((table) => {
    const headings = [...table.querySelectorAll("thead th")].map((th) => th.textContent?.trim() ?? "");
    table.querySelectorAll("tbody tr").forEach((row) =>
      [...row.children].forEach((cell, i) => { if (headings[i]) cell.setAttribute("data-label", headings[i]); }));
  });
}
