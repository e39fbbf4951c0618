import type { Date as ProtoDate } from "@goinghome/client/gen/google/type/date_pb";
import { setTitle } from "./app.js";
import { html, type Html } from "./html.js";
import { clearProblem, errorSummary, showFieldError, showProblem } from "./problems.js";

/**
 * One question of a GOV.UK form. `name` is the request's field path, so the server's field violations land beside
 * the field they are about; `missing` is what to say, in plain words, when a required answer is left out.
 */
export type Field =
  | { kind: "text" | "textarea"; name: string; label: string; hint?: string; value?: string; optional?: boolean; missing?: string }
  | { kind: "date"; name: string; label: string; hint?: string; optional?: boolean; what: string }
  | { kind: "radios" | "select"; name: string; label: string; hint?: string; options: [string, string][]; value?: string; optional?: boolean; missing?: string }
  | { kind: "checkboxes"; name: string; label: string; hint?: string; options: [string, string][]; optional?: boolean; missing?: string };

/** What a form's answers are, read by field name. */
export interface Answers {
  text(name: string): string;
  number(name: string): number;
  all(name: string): string[];
  date(name: string): ProtoDate | undefined;
}

/** A GOV.UK date input (day, month, year) whose group is named <paramref name="name"/> for the server's violations. */
export function dateInput(name: string, legend: string, hint: string): Html {
  const part = (key: string, label: string, width: number) => html`<div class="govuk-date-input__item"><div class="govuk-form-group">
    <label class="govuk-label govuk-date-input__label" for="${name}-${key}">${label}</label>
    <input class="govuk-input govuk-date-input__input govuk-input--width-${width}" id="${name}-${key}" name="${key === "day" ? name : `${name}-${key}`}"
      type="text" inputmode="numeric"></div></div>`;
  return html`<div class="govuk-form-group"><fieldset class="govuk-fieldset" role="group" aria-describedby="${name}-hint">
    <legend class="govuk-fieldset__legend govuk-fieldset__legend--s">${legend}</legend>
    <div class="govuk-hint" id="${name}-hint">${hint}</div>
    <div class="govuk-date-input" id="${name}">${part("day", "Day", 2)}${part("month", "Month", 2)}${part("year", "Year", 4)}</div></fieldset></div>`;
}

/** The date typed into <see cref="dateInput"/>, undefined when left empty, or why it is not one, in plain words. */
export function readDate(data: FormData, name: string, what: string): ProtoDate | undefined | string {
  const [day, month, year] = [name, `${name}-month`, `${name}-year`].map((key) => String(data.get(key) ?? "").trim());
  if (!day && !month && !year) return undefined;
  if (!/^\d{1,2}$/.test(day) || !/^\d{1,2}$/.test(month) || !/^\d{4}$/.test(year)) return `${capital(what)} must be a real date, like 27 3 2026`;
  const date = new Date(Date.UTC(Number(year), Number(month) - 1, Number(day)));
  if (date.getUTCDate() !== Number(day) || date.getUTCMonth() !== Number(month) - 1) return `${capital(what)} must be a real date`;
  return { year: Number(year), month: Number(month), day: Number(day) } as ProtoDate;
}

function capital(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** Each question as the GOV.UK Design System draws it; ids come from the field's name so error links reach them. */
export function fieldHtml(field: Field): Html {
  const id = field.name.replace(/[^A-Za-z0-9_-]/g, "-");
  const label = `${field.label}${field.optional ? " (optional)" : ""}`;
  const hint = field.hint ? html`<div class="govuk-hint" id="${id}-hint">${field.hint}</div>` : "";
  const described = field.hint ? html` aria-describedby="${id}-hint"` : "";
  switch (field.kind) {
    case "text":
      return html`<div class="govuk-form-group"><label class="govuk-label" for="${id}">${label}</label>${hint}
        <input class="govuk-input" id="${id}" name="${field.name}" type="text" value="${field.value ?? ""}"${described}></div>`;
    case "textarea":
      return html`<div class="govuk-form-group"><label class="govuk-label" for="${id}">${label}</label>${hint}
        <textarea class="govuk-textarea" id="${id}" name="${field.name}" rows="3"${described}>${field.value ?? ""}</textarea></div>`;
    case "date":
      return dateInput(field.name, label, field.hint ?? "For example, 27 3 2026");
    case "select":
      return html`<div class="govuk-form-group"><label class="govuk-label" for="${id}">${label}</label>${hint}
        <select class="govuk-select" id="${id}" name="${field.name}"${described}><option value="">Choose</option>${field.options.map(([value, text]) =>
          html`<option value="${value}"${value === field.value ? " selected" : ""}>${text}</option>`)}</select></div>`;
    case "radios":
    case "checkboxes": {
      const type = field.kind === "radios" ? "radio" : "checkbox";
      const module = field.kind === "radios" ? "govuk-radios" : "govuk-checkboxes";
      return html`<div class="govuk-form-group"><fieldset class="govuk-fieldset"${described}>
        <legend class="govuk-fieldset__legend govuk-fieldset__legend--s">${label}</legend>${hint}
        <div class="${module} ${module}--small" data-module="${module}">${field.options.map(([value, text], i) => html`<div class="${module}__item">
          <input class="${module}__input" id="${id}-${i}" name="${field.name}" type="${type}" value="${value}"${"value" in field && value === field.value ? " checked" : ""}>
          <label class="govuk-label ${module}__label" for="${id}-${i}">${text}</label></div>`)}</div></fieldset></div>`;
    }
  }
}

/** Reads a form's answers and, for each required answer left out or a date that is not one, the plain-words problem. */
export function readForm(form: HTMLFormElement, fields: Field[]): { answers: Answers; problems: [string, string][] } {
  const data = new FormData(form);
  const problems: [string, string][] = [];
  const dates = new Map<string, ProtoDate | undefined>();
  for (const field of fields) {
    if (field.kind === "date") {
      const date = readDate(data, field.name, field.what);
      if (typeof date === "string") problems.push([field.name, date]);
      else if (!date && !field.optional) problems.push([field.name, `Enter ${field.what}`]);
      else dates.set(field.name, date);
    } else if (!field.optional && data.getAll(field.name).every((value) => String(value).trim() === "")) {
      problems.push([field.name, field.missing ?? `Enter ${field.label.toLowerCase()}`]);
    }
  }
  const answers: Answers = {
    text: (name) => String(data.get(name) ?? "").trim(),
    number: (name) => Number(data.get(name) ?? 0),
    all: (name) => data.getAll(name).map(String),
    date: (name) => dates.get(name),
  };
  return { answers, problems };
}

/** The service refused what the form sent: its answer on the form, and "Error: " in the title. */
export function refused(form: HTMLFormElement, title: string, error: unknown): void {
  showProblem(form, error);
  setTitle(`Error: ${title}`);
}

/** Marks a form's errors in the title too ("Error: "), as the GOV.UK pattern asks, and puts focus on the summary. */
export function fail(form: HTMLFormElement, title: string, problems: [string, string][]): void {
  clearProblem(form);
  form.insertAdjacentHTML("afterbegin", errorSummary("There is a problem", html`<ul class="govuk-list govuk-error-summary__list">
    ${problems.map(([field, text]) => html`<li><a href="#${form.querySelector(`[name="${field}"]`)?.id ?? field}">${text}</a></li>`)}</ul>`, "INVALID_ARGUMENT").value);
  problems.forEach(([field, text]) => showFieldError(form, field, text));
  setTitle(`Error: ${title}`);
  form.querySelector<HTMLElement>(".govuk-error-summary")?.focus();
}
