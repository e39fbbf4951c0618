import { Code } from "@connectrpc/connect";
import { ApprovalState, Decision, DecisionSchema, StepState, StepStateSchema, type ApprovalRequest, type ApprovalStep } from "@goinghome/client/gen/goinghome/approvals/v1/approvals_pb";
import { RiskBandSchema } from "@goinghome/client/gen/goinghome/assessment/v1/assessment_pb";
import { LegalStatusSchema } from "@goinghome/client/gen/goinghome/case/v1/case_pb";
import { setTitle, type Screen } from "../app.js";
import { childLink, confirmation, summaryList } from "../components.js";
import { calendarDate, deadline, enumLabel, londonTime, newRequestId } from "../format.js";
import { html, show, type Html } from "../html.js";
import { errorSummary, problemPanel, showProblem } from "../problems.js";

/**
 * The approval queue: the requests whose current step the person may decide, as a table (child, what was asked, the
 * step waiting, when it is due), soonest due first and sortable by any column; each opens a page of its own with the
 * evidence and the decision form.
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

  const requests = queue.approvalRequests;
  let order: { key: SortKey; descending: boolean } = { key: "due", descending: false };
  draw();

  function draw(): void {
    const rows = [...requests].sort((a, b) => compare(a, b, order.key) * (order.descending ? -1 : 1));
    show(screen.main, html`<h1 class="govuk-heading-l">Approval queue</h1>
      <p class="govuk-body" id="queue-summary">${rows.length === 0 ? "Nothing is waiting for your decision."
        : `${rows.length} waiting for your decision. Open one to see the evidence and decide.`}</p>
      ${rows.length ? html`<table class="govuk-table app-table--stack" id="approval-queue">
        <caption class="govuk-table__caption govuk-visually-hidden">Requests waiting for your decision</caption>
        <thead class="govuk-table__head"><tr class="govuk-table__row">${sortKeys.map(([key, label]) => html`<th scope="col" class="govuk-table__header"
          aria-sort="${order.key === key ? (order.descending ? "descending" : "ascending") : "none"}">
          <button type="button" class="app-sort" data-sort="${key}">${label}</button></th>`)}</tr></thead>
        <tbody class="govuk-table__body">${rows.map(queueRow)}</tbody></table>` : ""}`);
    screen.main.querySelectorAll<HTMLButtonElement>("[data-sort]").forEach((button) => button.addEventListener("click", () => {
      const key = button.dataset.sort as SortKey;
      order = { key, descending: order.key === key ? !order.descending : false };
      draw();
      screen.main.querySelector<HTMLButtonElement>(`[data-sort="${key}"]`)?.focus();
    }));
  }
}

type SortKey = "child" | "action" | "step" | "due";

const sortKeys: [SortKey, string][] = [["child", "Child"], ["action", "Asked for"], ["step", "Step waiting"], ["due", "Due"]];

function compare(a: ApprovalRequest, b: ApprovalRequest, key: SortKey): number {
  const value = (request: ApprovalRequest): string => {
    const step = currentStep(request);
    switch (key) {
      case "child": return request.childDisplayName || request.childId;
      case "action": return request.action;
      case "step": return step ? `${step.requiredRole} ${step.title}` : "";
      default: return step?.dueTime ? String(step.dueTime.seconds).padStart(12, "0") : "9";
    }
  };
  return value(a).localeCompare(value(b));
}

function currentStep(request: ApprovalRequest): ApprovalStep | undefined {
  return request.steps.find((step) => step.state === StepState.CURRENT);
}

function queueRow(request: ApprovalRequest): Html {
  const step = currentStep(request);
  return html`<tr class="govuk-table__row" data-request="${request.id}" data-action="${request.action}">
    <td class="govuk-table__cell">${childLink(request, `for ${actionName(request.action)}`)}</td>
    <td class="govuk-table__cell"><a class="govuk-link" href="/approvals/${request.id}">${actionName(request.action)}</a></td>
    <td class="govuk-table__cell">${step ? html`<strong class="govuk-tag govuk-tag--grey">${step.ruleId}</strong> ${step.title} (${step.requiredRole})` : ""}</td>
    <td class="govuk-table__cell">${step?.dueTime ? deadline(step.dueTime) : "No deadline"}</td></tr>`;
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
    <div id="request-${request.id}" data-request="${request.id}" data-action="${request.action}">${card(request, screen.person.id)}</div>`);
  bind(screen, request);
}

function card(request: ApprovalRequest, personId: string, note?: Html): Html {
  const current = request.steps.find((step) => step.state === StepState.CURRENT);
  const facts = request.facts;
  const title = `${actionName(request.action)}${request.childDisplayName ? `: ${request.childDisplayName}` : ""}`;
  return html`<h1 class="govuk-heading-l">${title}</h1>
    ${note ?? ""}
    <p class="govuk-body">${request.summary} ${childLink(request, `for ${request.action}`)}</p>
    <h2 class="govuk-heading-m">The facts the policy was applied to</h2>
    ${facts ? summaryList([
      ["Age", `${facts.ageYears}`], ["Legal status", enumLabel(LegalStatusSchema, facts.legalStatus)],
      ["Days looked after", `${facts.daysLookedAfter}`],
      ["Planned return", calendarDate(facts.plannedReturnDate) ? `${calendarDate(facts.plannedReturnDate)}${facts.daysToPlannedReturn ? ` (${facts.daysToPlannedReturn} days away)` : ""}` : "Not set"],
      ["Risk band", riskBand(facts)], ["Team", facts.teamId], ["Read on", calendarDate(facts.evaluatedOn)],
      ["Asked by", `${request.requesterId} (${request.requesterRole}) on ${londonTime(request.createTime)}`],
    ].filter(([, value]) => value !== "") as [string, string][]) : ""}
    <h2 class="govuk-heading-m">Who must decide, and why</h2>
    <ol class="govuk-list govuk-list--number">${request.steps.map(stepLine)}</ol>
    ${current ? (request.callerMayDecide ? decideForm(request, current) : notYours(request, current, personId)) : ""}`;
}

function stepLine(step: ApprovalStep): Html {
  const decision = step.decision;
  return html`<li><strong class="govuk-tag govuk-tag--grey">${step.ruleId}</strong> ${step.title} (${step.requiredRole}):
    ${enumLabel(StepStateSchema, step.state)}${step.dueTime ? `, due ${deadline(step.dueTime)}` : ""}
    ${step.reason ? html`<br><span class="govuk-body-s">Why: ${step.reason}</span>` : ""}
    ${decision?.deciderId ? html`<br>${enumLabel(DecisionSchema, decision.decision)} by ${decision.deciderName || decision.deciderId} (${decision.deciderRole}) on ${londonTime(decision.decideTime)}: “${decision.rationale}”` : ""}</li>`;
}

/** RH-3: the band the return is decided on, and the computed band with the manager's reason where they differ. */
function riskBand(facts: NonNullable<ApprovalRequest["facts"]>): string {
  const band = enumLabel(RiskBandSchema, facts.riskBand);
  if (!band) return "Not classified";
  const computed = enumLabel(RiskBandSchema, facts.computedRiskBand);
  return computed && computed !== band ? `${band} (computed ${computed}; overridden: ${facts.riskOverrideRationale})` : band;
}

/** Why no decision form: the request is the person's own (AP-7), or the step waits for another role. */
function notYours(request: ApprovalRequest, step: ApprovalStep, personId: string): Html {
  return html`<div class="govuk-inset-text" data-not-yours="${request.id}">${request.requesterId === personId
    ? html`You asked for this approval, so you cannot decide it (<strong class="govuk-tag govuk-tag--grey" data-rule="AP-7">AP-7</strong>).`
    : html`Step ${step.index + 1} waits for the ${step.requiredRole}.`}</div>`;
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
      // Read again: the request as the person may now act on it (the child's name, whether the next step is theirs).
      const latest = await screen.clients.approvals.getApprovalRequest({ id: request.id }).catch(() => decided);
      show(container, card(latest, screen.person.id, confirmation(`done-${request.id}`, "Your decision is recorded.")));
      bind(screen, latest);
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
    show(container, card(latest, screen.person.id, note));
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
