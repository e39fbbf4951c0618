import { Code } from "@connectrpc/connect";
import { ApprovalState, Decision, StepState, StepStateSchema, type ApprovalRequest, type ApprovalStep } from "@goinghome/client/gen/goinghome/approvals/v1/approvals_pb";
import { RiskBandSchema } from "@goinghome/client/gen/goinghome/assessment/v1/assessment_pb";
import { LegalStatusSchema } from "@goinghome/client/gen/goinghome/case/v1/case_pb";
import { setTitle, type Screen } from "../app.js";
import { childLink, summaryList } from "../components.js";
import { calendarDate, enumLabel, londonTime, newRequestId } from "../format.js";
import { html, show, type Html } from "../html.js";
import { errorSummary, problemPanel, showProblem } from "../problems.js";

/**
 * The approval queue: the requests whose current step the person may decide, soonest deadline first, each decided
 * with a rationale against the etag the person saw.
 */
export async function approvalQueue(screen: Screen): Promise<void> {
  setTitle("Approval queue");
  let queue;
  try {
    queue = await screen.clients.approvals.listApprovalRequests({ assignedToMe: true, state: ApprovalState.PENDING, pageSize: 50 });
  } catch (error) {
    show(screen.main, html`<h1 class="govuk-heading-l">Approval queue</h1>${problemPanel(error)}`);
    return;
  }

  show(screen.main, html`<h1 class="govuk-heading-l">Approval queue</h1>
    ${queue.approvalRequests.length === 0 ? html`<p class="govuk-body">Nothing is waiting for your decision.</p>` : ""}
    ${queue.approvalRequests.map((request) => html`<div class="app-card" id="request-${request.id}" data-request="${request.id}" data-action="${request.action}">${card(request)}</div>`)}`);
  queue.approvalRequests.forEach((request) => bind(screen, request));
}

/** One request, from the child overview or a notification: decided here like in the queue, with the same rules. */
export async function approvalRequestScreen(screen: Screen, id: string): Promise<void> {
  let request;
  try {
    request = await screen.clients.approvals.getApprovalRequest({ id });
  } catch (error) {
    setTitle("Approval request");
    show(screen.main, html`<h1 class="govuk-heading-l">Approval request</h1>${problemPanel(error)}`);
    return;
  }

  setTitle(`Approval request: ${actionName(request.action)}${request.childDisplayName ? `, ${request.childDisplayName}` : ""}`);
  show(screen.main, html`<span class="govuk-caption-l">Approval request</span>
    <div id="request-${request.id}" data-request="${request.id}" data-action="${request.action}">${card(request, undefined, "h1")}</div>`);
  bind(screen, request);
}

function card(request: ApprovalRequest, note?: Html, heading: "h1" | "h2" = "h2"): Html {
  const current = request.steps.find((step) => step.state === StepState.CURRENT);
  const facts = request.facts;
  const title = `${actionName(request.action)}${request.childDisplayName ? `: ${request.childDisplayName}` : ""}`;
  return html`${heading === "h1" ? html`<h1 class="govuk-heading-l">${title}</h1>` : html`<h2 class="govuk-heading-m">${title}</h2>`}
    ${note ?? ""}
    <p class="govuk-body">${request.summary} ${childLink(request, `for ${request.action}`)}</p>
    ${facts ? summaryList([
      ["Age", `${facts.ageYears}`], ["Legal status", enumLabel(LegalStatusSchema, facts.legalStatus)],
      ["Days looked after", `${facts.daysLookedAfter}`], ["Planned return", calendarDate(facts.plannedReturnDate) || "Not set"],
      ["Risk band", enumLabel(RiskBandSchema, facts.riskBand) || "Not classified"], ["Asked by", `${request.requesterId} (${request.requesterRole})`],
    ]) : ""}
    <ol class="govuk-list govuk-list--number">${request.steps.map(stepLine)}</ol>
    ${current ? decideForm(request, current) : ""}`;
}

function stepLine(step: ApprovalStep): Html {
  const decision = step.decision;
  return html`<li><strong class="govuk-tag govuk-tag--grey">${step.ruleId}</strong> ${step.title} (${step.requiredRole}):
    ${enumLabel(StepStateSchema, step.state)}${step.dueTime ? `, due ${londonTime(step.dueTime)}` : ""}
    ${decision?.deciderId ? html`, by ${decision.deciderName || decision.deciderId} on ${londonTime(decision.decideTime)}: “${decision.rationale}”` : ""}</li>`;
}

function decideForm(request: ApprovalRequest, step: ApprovalStep): Html {
  const id = (name: string) => `${name}-${request.id}`;
  return html`<form novalidate data-decide="${request.id}">
    <div class="govuk-form-group"><fieldset class="govuk-fieldset">
      <legend class="govuk-fieldset__legend govuk-fieldset__legend--s">Your decision on step ${step.index + 1} (${step.ruleId})</legend>
      <div class="govuk-radios govuk-radios--inline">
        <div class="govuk-radios__item"><input class="govuk-radios__input" id="${id("approve")}" name="decision" type="radio" value="${Decision.APPROVE}">
          <label class="govuk-label govuk-radios__label" for="${id("approve")}">Approve</label></div>
        <div class="govuk-radios__item"><input class="govuk-radios__input" id="${id("reject")}" name="decision" type="radio" value="${Decision.REJECT}">
          <label class="govuk-label govuk-radios__label" for="${id("reject")}">Reject</label></div>
      </div></fieldset></div>
    <div class="govuk-form-group"><label class="govuk-label" for="${id("rationale")}">Rationale</label>
      <div class="govuk-hint" id="${id("rationale-hint")}">Why, in words the family and a later reviewer will understand.</div>
      <textarea class="govuk-textarea" id="${id("rationale")}" name="rationale" rows="3" aria-describedby="${id("rationale-hint")}"></textarea></div>
    <button type="submit" class="govuk-button">Record decision</button></form>`;
}

function bind(screen: Screen, request: ApprovalRequest): void {
  const container = screen.main.querySelector<HTMLElement>(`#request-${CSS.escape(request.id)}`)!;
  const form = container.querySelector<HTMLFormElement>("form");
  if (!form) return;
  const step = request.steps.find((s) => s.state === StepState.CURRENT)!;
  // One id per decision the person is making: a double click or a retry after a lost answer is recorded once.
  const requestId = newRequestId();
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const data = new FormData(form);
    try {
      const decided = await screen.clients.approvals.decideApprovalStep({
        requestId, approvalRequestId: request.id, stepIndex: step.index, etag: request.etag,
        decision: Number(data.get("decision") ?? Decision.UNSPECIFIED), rationale: String(data.get("rationale") ?? ""),
      });
      show(container, card(decided, html`<div class="govuk-notification-banner govuk-notification-banner--success" role="alert" tabindex="-1" aria-labelledby="done-${request.id}">
        <div class="govuk-notification-banner__header"><h2 class="govuk-notification-banner__title" id="done-${request.id}">Success</h2></div>
        <div class="govuk-notification-banner__content"><p class="govuk-notification-banner__heading">Your decision is recorded.</p></div></div>`));
      bind(screen, decided);
      container.querySelector<HTMLElement>(".govuk-notification-banner")?.focus();
    } catch (error) {
      const problem = showProblem(form, error);
      if (problem.code === Code.Aborted) await showConflict(screen, container, request.id);
    }
  });
}

/** The etag was stale: someone else decided first. Show what they decided, and the step now waiting, if any. */
async function showConflict(screen: Screen, container: HTMLElement, id: string): Promise<void> {
  const note = errorSummary("Someone else decided first",
    html`<p class="govuk-body">Your decision was not recorded. The request as it stands now is below: read it before you decide again.</p>`, "ABORTED");
  try {
    const latest = await screen.clients.approvals.getApprovalRequest({ id });
    show(container, card(latest, note));
    bind(screen, latest);
  } catch (error) {
    show(container, html`${note}${problemPanel(error)}`);
  }

  container.querySelector<HTMLElement>("[data-problem=ABORTED]")?.focus();
}

/** "return-home-within-60-days" -> "Return home within 60 days": the action as words. */
function actionName(action: string): string {
  const words = action.replace(/-/g, " ");
  return words.charAt(0).toUpperCase() + words.slice(1);
}
