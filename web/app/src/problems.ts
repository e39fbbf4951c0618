import { Code } from "@connectrpc/connect";
import { describeError, type RpcProblem } from "@goinghome/client";
import { html, show, type Html } from "./html.js";

/** What the app says for each refusal; the server's own words follow. */
const headings: Partial<Record<Code, string>> = {
  [Code.InvalidArgument]: "There is a problem",
  [Code.FailedPrecondition]: "This cannot be done yet",
  [Code.PermissionDenied]: "You cannot do this",
  [Code.NotFound]: "Not found",
  [Code.Aborted]: "Someone else changed this first",
  [Code.Unavailable]: "A service is not answering: try again in a moment",
  [Code.ResourceExhausted]: "Too many requests: wait a moment and try again",
  [Code.Unauthenticated]: "Your sign-in has ended: sign in again",
};

/**
 * Shows a failed call on its form: each field violation beside its field (matched by the field's `name`, the request's
 * field path) and in the error summary, each unmet rule by its ID in a list. Returns the problem for callers that
 * say more (an etag conflict, say).
 */
export function showProblem(form: HTMLElement, error: unknown): RpcProblem {
  const problem = describeError(error);
  clearProblem(form);
  form.insertAdjacentHTML("afterbegin", errorSummary(headings[problem.code] ?? "Something went wrong", summaryBody(form, problem), problem.codeName).value);
  for (const violation of problem.fieldViolations) {
    showFieldError(form, violation.field, violation.description);
  }
  form.querySelector<HTMLElement>(".govuk-error-summary")!.focus();
  return problem;
}

/** The GOV.UK error summary: announced when shown, focusable, `data-problem` naming the gRPC code where there is one. */
export function errorSummary(title: string, body: Html, problem = ""): Html {
  return html`<div class="govuk-error-summary" role="alert" tabindex="-1"${problem ? html` data-problem="${problem}"` : ""}>
    <h2 class="govuk-error-summary__title">${title}</h2><div class="govuk-error-summary__body">${body}</div></div>`;
}

/** The GOV.UK error pattern on one field, found by its `name` (a request's field path): message above, group marked. */
export function showFieldError(form: HTMLElement, path: string, description: string): void {
  const field = fieldFor(form, path);
  if (!field) return;
  // A date input is one question: the error marks its group and every part, and stands above the parts.
  const dateInput = field.closest(".govuk-date-input");
  (dateInput?.closest("fieldset") ?? field).closest(".govuk-form-group")?.classList.add("govuk-form-group--error");
  (dateInput ? [...dateInput.querySelectorAll<HTMLElement>("input")] : [field]).forEach((input) => input.classList.add(errorClass(input)));
  const message = document.createElement("p");
  message.className = "govuk-error-message";
  message.id = `${field.id}-error`;
  show(message, html`<span class="govuk-visually-hidden">Error:</span> ${description}`);
  // Radios are described on their fieldset; a field keeps its hint and gains the error.
  const described = field.closest("fieldset") ?? field;
  described.setAttribute("aria-describedby", [described.getAttribute("aria-describedby"), message.id].filter(Boolean).join(" "));
  (dateInput ?? field.closest(".govuk-radios") ?? field).before(message);
}

export function clearProblem(form: HTMLElement): void {
  form.querySelectorAll(".govuk-error-message").forEach((message) => {
    form.querySelectorAll(`[aria-describedby~="${CSS.escape(message.id)}"]`).forEach((described) => {
      const rest = described.getAttribute("aria-describedby")!.split(" ").filter((id) => id !== message.id).join(" ");
      if (rest) described.setAttribute("aria-describedby", rest); else described.removeAttribute("aria-describedby");
    });
  });
  form.querySelectorAll(".govuk-error-summary, .govuk-error-message").forEach((node) => node.remove());
  form.querySelectorAll(".govuk-form-group--error").forEach((node) => node.classList.remove("govuk-form-group--error"));
  form.querySelectorAll(".govuk-input--error, .govuk-textarea--error, .govuk-select--error").forEach((node) =>
    node.classList.remove("govuk-input--error", "govuk-textarea--error", "govuk-select--error"));
}

/** A failure with nowhere to sit (loading a section): its heading and message, rules as a list. */
export function problemPanel(error: unknown, heading?: string): Html {
  const problem = describeError(error);
  return html`<div class="govuk-inset-text" data-problem="${problem.codeName}">
    <p class="govuk-body govuk-!-font-weight-bold">${heading ?? headings[problem.code] ?? "Something went wrong"}</p>
    <p class="govuk-body">${problem.message}</p>${rulesList(problem)}</div>`;
}

function summaryBody(form: HTMLElement, problem: RpcProblem): Html {
  const fieldItems = problem.fieldViolations.map((v) => {
    const field = fieldFor(form, v.field);
    return html`<li>${field ? html`<a href="#${field.id}">${v.description}</a>` : html`${v.field}: ${v.description}`}</li>`;
  });
  return html`<p class="govuk-body">${problem.message}</p>
    ${fieldItems.length ? html`<ul class="govuk-list govuk-error-summary__list">${fieldItems}</ul>` : ""}
    ${rulesList(problem)}`;
}

function rulesList(problem: RpcProblem): Html {
  if (problem.unmetRules.length > 0) {
    return html`<ul class="govuk-list govuk-list--bullet" data-testid="unmet-rules">${problem.unmetRules.map((rule) =>
      html`<li><strong class="govuk-tag govuk-tag--red" data-rule="${rule.ruleId}">${rule.ruleId}</strong> ${rule.description}</li>`)}</ul>`;
  }

  return problem.ruleIds.length > 0
    ? html`<ul class="govuk-list govuk-list--bullet" data-testid="unmet-rules">${problem.ruleIds.map((rule) =>
      html`<li><strong class="govuk-tag govuk-tag--red" data-rule="${rule}">${rule}</strong></li>`)}</ul>`
    : html``;
}

function fieldFor(form: HTMLElement, path: string): HTMLElement | null {
  const name = path.replace(/\[\d+\]$/, "");
  return form.querySelector<HTMLElement>(`[name="${CSS.escape(name)}"]`);
}

function errorClass(field: HTMLElement): string {
  if (field instanceof HTMLTextAreaElement) return "govuk-textarea--error";
  if (field instanceof HTMLSelectElement) return "govuk-select--error";
  return "govuk-input--error";
}
