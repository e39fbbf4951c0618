import { CarerTypeSchema, DocumentKindSchema, GenderSchema, LegalStatusSchema, RelationshipSchema, WorkerRoleSchema, type Child, type Document } from "@goinghome/client/gen/goinghome/case/v1/case_pb";
import { ApprovalStateSchema, type ApprovalRequest, type CheckGateResponse } from "@goinghome/client/gen/goinghome/approvals/v1/approvals_pb";
import type { ReturnReadiness } from "@goinghome/client/gen/goinghome/assessment/v1/assessment_pb";
import { CareOrderOutcomeSchema, PlanDecisionSchema, Stage, TaskState, type Pathway, type PathwayTask } from "@goinghome/client/gen/goinghome/pathway/v1/pathway_pb";
import type { ChronologyEntry } from "@goinghome/client/gen/goinghome/case/v1/case_pb";
import { focusHeading, setTitle, type Screen } from "../app.js";
import { ageInYears, calendarDate, deadline, enumLabel, isPast, londonTime, newRequestId } from "../format.js";
import { confirmation, summaryList, table } from "../components.js";
import { html, show, type Html } from "../html.js";
import { Code } from "@connectrpc/connect";
import { describeError } from "@goinghome/client";
import { problemPanel, showProblem } from "../problems.js";
import { recordingDone, recordingLinks } from "./recordings.js";
import { askApprovalsForm, bindAskApprovals, bindCaseNotes, bindPlannedReturn, caseNotesSection, plannedReturnForm } from "./record.js";

const stageNames: Record<Stage, string> = {
  [Stage.UNSPECIFIED]: "",
  [Stage.STAGE_1]: "Stage 1: living away from home",
  [Stage.BYF_TRANSITION]: "Transferred to Building Your Futures",
  [Stage.STAGE_2]: "Stage 2: active Going Home plan",
  [Stage.STAGE_3]: "Stage 3: living at home",
  [Stage.CLOSURE]: "Closure",
  [Stage.CLOSED]: "Closed",
};

type Section<T> = { value: T } | { error: unknown };

async function section<T>(call: Promise<T>): Promise<Section<T>> {
  try {
    return { value: await call };
  } catch (error) {
    return { error };
  }
}

/**
 * Child overview: the record from Case, the pathway and its open tasks from Pathway, what the return still needs from
 * Assessment, the approvals from Approvals. Each part is loaded from the service that owns it and fails on its own.
 */
export async function childOverview(screen: Screen, childId: string, banner?: string): Promise<void> {
  const { clients } = screen;
  const query = new URLSearchParams(location.search);
  const done = banner ?? (query.has("recorded") ? "Child recorded" : recordingDone(query.get("done")));
  const s20Return = query.get("return");
  const [child, pathway, readiness, tasks, approvals, chronology, notes, documents] = await Promise.all([
    section(clients.case.getChild({ id: childId })),
    section(clients.pathway.getPathway({ childId })),
    section(clients.assessment.getReturnReadiness({ childId })),
    section(clients.pathway.listTasks({ childId, state: TaskState.OPEN, pageSize: 50 })),
    section(clients.approvals.listApprovalRequests({ childId, pageSize: 20 })),
    section(clients.case.listChronologyEntries({ childId, pageSize: 20 })),
    section(clients.case.listCaseNotes({ childId, pageSize: 10 })),
    section(clients.case.listDocuments({ childId, pageSize: 20 })),
  ]);
  if ("error" in child) {
    setTitle("Child not found");
    show(screen.main, html`<h1 class="govuk-heading-l">Child</h1>${problemPanel(child.error)}`);
    return;
  }

  // In Stage 2 the move home also waits on the approvals the policy sets (GH-14): asked of Approvals as the move is.
  const gates = "value" in pathway && pathway.value.stage === Stage.STAGE_2
    ? await Promise.all(returnHomeActions.map((action) => section(clients.approvals.checkGate({ childId, action, subject: `pathways/${pathway.value.id}` }))))
    : [];
  const record = child.value;
  setTitle(`${record.givenName} ${record.familyName}`);
  const name = `${record.givenName} ${record.familyName}`;
  const context = { child: record, name, pathway: "value" in pathway ? pathway.value : undefined, roles: screen.person.roles };
  show(screen.main, html`${done ? confirmation("record-done", done) : ""}<span class="govuk-caption-l">Child overview</span>
    <h1 class="govuk-heading-l">${name}</h1>
    ${recordSummary(record)}
    ${s20Return ? html`<p class="govuk-body"><a class="govuk-link" id="s20-decision-link" href="/children/${childId}/record/section-20-decision?return=${s20Return}">Decide whether the Section 20 return is viable</a> (team manager)</p>` : ""}
    <details class="govuk-details" id="record"><summary class="govuk-details__summary"><span class="govuk-details__summary-text">Record something for ${name}</span></summary>
      <div class="govuk-details__text">${recordingLinks(context)}</div></details>
    <h2 class="govuk-heading-m" id="pathway-heading">Pathway</h2>
    ${"error" in pathway ? noPathway(pathway.error) : html`${pathwaySummary(pathway.value)}${plannedReturnForm(pathway.value)}${askApprovalsForm(pathway.value)}`}
    <h3 class="govuk-heading-s">What blocks the next stage</h3>
    <div id="blockers">${blockers(readiness, tasks, gates)}</div>
    ${"value" in pathway ? moveForm(pathway.value) : ""}
    <h2 class="govuk-heading-m">Approvals</h2>
    ${"error" in approvals ? problemPanel(approvals.error) : approvalList(approvals.value.approvalRequests)}
    <h2 class="govuk-heading-m">Care episodes and placements</h2>${placements(record)}
    <h2 class="govuk-heading-m">Network</h2>${network(record)}
    <h2 class="govuk-heading-m">Allocations</h2>${allocations(record)}
    <h2 class="govuk-heading-m">Case notes</h2>
    <div id="case-notes-section">${"error" in notes ? problemPanel(notes.error) : caseNotesSection(notes.value.notes)}</div>
    <h2 class="govuk-heading-m">Documents</h2>
    ${"error" in documents ? problemPanel(documents.error) : documentTable(documents.value.documents)}
    <h2 class="govuk-heading-m">Chronology</h2>
    ${"error" in chronology ? problemPanel(chronology.error) : chronologyTable(chronology.value.entries)}`);
  bindCaseNotes(screen, childId, name);
  if ("value" in pathway) {
    bindPlannedReturn(screen, pathway.value, name, (saved) => childOverview(screen, childId, saved));
    bindAskApprovals(screen, pathway.value, name, (asked) => childOverview(screen, childId, asked));
  }
  screen.main.querySelector<HTMLElement>("#record-done")?.focus();

  const form = screen.main.querySelector<HTMLFormElement>("#move-form");
  if (form && "value" in pathway) {
    const requestId = newRequestId();
    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      const data = new FormData(form);
      try {
        await clients.pathway.transitionPathway({
          childId, requestId, etag: pathway.value.etag, toStage: Number(data.get("to_stage")),
          planDecision: Number(data.get("plan_decision")), careOrderOutcome: Number(data.get("care_order_outcome")),
        });
        await childOverview(screen, childId);
        focusHeading(screen.main);
      } catch (error) {
        showProblem(form, error);
      }
    });
  }
}

/** A child not (yet) looked after has no pathway: say so, rather than "not found". */
function noPathway(error: unknown): Html {
  return describeError(error).code === Code.NotFound
    ? html`<p class="govuk-body" id="no-pathway">No Going Home pathway yet: it opens when the child starts to be looked after.</p>`
    : problemPanel(error);
}

function recordSummary(child: Child): Html {
  const facts = child.careFacts;
  const age = ageInYears(child.dateOfBirth);
  const rows: [string, string][] = [
    ["Age", age === undefined ? "" : `${age} (born ${calendarDate(child.dateOfBirth)})`],
    ["Lives now", facts ? facts.livesNow + (facts.unapprovedReturnHome ? ` (went home without ${facts.missingApprovalRuleIds.join(", ")})` : "") : ""],
    ["Days looked after", facts?.lookedAfter ? `${facts.daysLookedAfter} in this period of care` : ""],
    ["Gender", enumLabel(GenderSchema, child.gender)],
    ["Ethnicity", child.ethnicity],
    ["Legal status", facts?.lookedAfter && facts.legalStatusMeaning ? `${facts.legalStatusMeaning} (${facts.legalStatusCode})` : enumLabel(LegalStatusSchema, child.currentLegalStatus) || "Not looked after"],
    ["Local id", child.localId],
    ["NHS number", child.nhsNumber],
    ["Kept in step with", child.sourceSystem ? `${child.sourceSystem} (${child.sourceId})` : ""],
  ];
  return summaryList(rows.filter(([, value]) => value !== ""));
}

function pathwaySummary(pathway: Pathway): Html {
  return summaryList([
    ["Stage", stageNames[pathway.stage]],
    ["In this stage since", londonTime(pathway.stageEnterTime)],
    ["Entered care", calendarDate(pathway.enteredCareDate)],
    ["Planned return", calendarDate(pathway.plannedReturnDate) || "Not set"],
    ["Returned home", calendarDate(pathway.returnDate)],
    ["Next review due", calendarDate(pathway.nextReviewDue) + (isPast(pathway.nextReviewDue) ? " (overdue)" : "")],
  ].filter(([, value]) => value !== "") as [string, string][], "pathway-summary");
}

/** The approvals a return home needs, as Pathway asks for them and checks them before Stage 3. */
const returnHomeActions = ["return-home-within-60-days", "return-home"];

function blockers(readiness: Section<ReturnReadiness>, tasks: Section<{ tasks: PathwayTask[] }>, gates: Section<CheckGateResponse>[]): Html {
  const missing = "value" in readiness ? readiness.value.missing : [];
  const open = "value" in tasks ? tasks.value.tasks : [];
  const steps = gates.flatMap((gate) => ("value" in gate ? gate.value.missingSteps : []));
  if (missing.length === 0 && open.length === 0 && steps.length === 0 && "value" in readiness && "value" in tasks) {
    return html`<p class="govuk-body">Nothing: the return is ready and no task is open.</p>`;
  }

  return html`<ul class="govuk-list govuk-list--bullet">
    ${steps.map((step) => html`<li><strong class="govuk-tag govuk-tag--red" data-rule="${step.ruleId}">${step.ruleId}</strong> ${step.title} (${step.requiredRole})${step.reason ? `: ${step.reason}` : ""}</li>`)}
    ${missing.map((item) => html`<li><strong class="govuk-tag govuk-tag--red" data-rule="${item.ruleId}">${item.ruleId}</strong> ${item.description}</li>`)}
    ${open.map((task) => html`<li><strong class="govuk-tag ${task.overdue ? "govuk-tag--red" : "govuk-tag--grey"}" data-rule="${task.ruleId}">${task.ruleId}</strong>
      ${task.title}, due ${deadline(task.dueTime)}${task.overdue ? " (overdue)" : ""}</li>`)}
  </ul>
  ${"error" in readiness ? problemPanel(readiness.error, "What the return still needs could not be read") : ""}
  ${"error" in tasks ? problemPanel(tasks.error, "The open tasks could not be read") : ""}
  ${gates.map((gate) => ("error" in gate ? problemPanel(gate.error, "The approvals could not be checked") : ""))}`;
}

function moveForm(pathway: Pathway): Html {
  const later = (Object.keys(stageNames).map(Number) as Stage[]).filter((stage) => stage > pathway.stage);
  if (later.length === 0) return html``;
  return html`<form id="move-form" novalidate class="app-card">
    <h3 class="govuk-heading-s">Move the pathway</h3>
    <div class="govuk-form-group"><label class="govuk-label" for="to_stage">To</label>
      <select class="govuk-select" id="to_stage" name="to_stage">${later.map((stage) => html`<option value="${stage}">${stageNames[stage]}</option>`)}</select></div>
    <div class="govuk-form-group"><label class="govuk-label" for="plan_decision">Plan decision (leaving Stage 1)</label>
      <select class="govuk-select" id="plan_decision" name="plan_decision">${options(PlanDecisionSchema.values.map((v) => v.number), (n) => enumLabel(PlanDecisionSchema, n) || "None")}</select></div>
    <div class="govuk-form-group"><label class="govuk-label" for="care_order_outcome">Care order outcome (closing)</label>
      <select class="govuk-select" id="care_order_outcome" name="care_order_outcome">${options(CareOrderOutcomeSchema.values.map((v) => v.number), (n) => enumLabel(CareOrderOutcomeSchema, n) || "None")}</select></div>
    <button type="submit" class="govuk-button">Move the pathway</button></form>`;
}

function options(values: number[], label: (value: number) => string): Html {
  return html`${values.map((value) => html`<option value="${value}">${label(value)}</option>`)}`;
}

function approvalList(requests: ApprovalRequest[]): Html {
  if (requests.length === 0) return html`<p class="govuk-body">No approvals asked for.</p>`;
  return html`<ul class="govuk-list" id="approvals">${requests.map((request) => html`<li>
    <a class="govuk-link" href="/approvals/${request.id}">${request.action}</a>, asked ${londonTime(request.createTime)}:
    ${enumLabel(ApprovalStateSchema, request.state)} (${request.steps.map((step) => `${step.ruleId} ${step.requiredRole}`).join(", ")})</li>`)}</ul>`;
}

function placements(child: Child): Html {
  if (child.careEpisodes.length === 0) return html`<p class="govuk-body">No care episodes.</p>`;
  return table(["Episode", "Legal status", "Placement", "From", "To"], child.careEpisodes.flatMap((episode) => {
    const period = `${calendarDate(episode.startDate)} to ${calendarDate(episode.endDate) || "now"}`;
    const legal = enumLabel(LegalStatusSchema, episode.legalStatus);
    return episode.placements.length === 0
      ? [[period, legal, "No placement recorded", "", ""]]
      : episode.placements.map((placement) => [period, legal, `${enumLabel(CarerTypeSchema, placement.carerType)}: ${placement.carerName}`,
        calendarDate(placement.startDate), calendarDate(placement.endDate)]);
  }));
}

function network(child: Child): Html {
  if (child.network.length === 0) return html`<p class="govuk-body">Nobody in the network yet.</p>`;
  return table(["Name", "Relationship", "Organisation", "Lives in the home"], child.network.map((member) => [
    member.name, enumLabel(RelationshipSchema, member.relationship), member.organisation, member.householdMember ? "Yes" : "No",
  ]));
}

function allocations(child: Child): Html {
  if (child.allocations.length === 0) return html`<p class="govuk-body">Nobody allocated.</p>`;
  return table(["Role", "Worker", "Team", "Since"], child.allocations.map((allocation) => [
    enumLabel(WorkerRoleSchema, allocation.role), allocation.workerName || allocation.workerId, allocation.teamId, londonTime(allocation.startTime),
  ]));
}

function chronologyTable(entries: ChronologyEntry[]): Html {
  if (entries.length === 0) return html`<p class="govuk-body">Nothing recorded yet.</p>`;
  return table(["Date", "Category", "What happened"], entries.map((entry) => [calendarDate(entry.occurredOn), entry.category, entry.summary]));
}

/** The child's documents, newest first; a document kept on the web is a link, one in another store its reference. */
function documentTable(documents: Document[]): Html {
  if (documents.length === 0) return html`<p class="govuk-body">No documents yet.</p>`;
  return table(["Document", "Kind", "Dated", "Filed"], documents.map((document) => [
    /^https?:\/\//.test(document.uri) ? html`<a class="govuk-link" href="${document.uri}" rel="noreferrer noopener" target="_blank">${document.title} (opens in a new tab)</a>`
      : html`${document.title}<br><span class="govuk-body-s">${document.uri}</span>`,
    enumLabel(DocumentKindSchema, document.kind), calendarDate(document.documentDate), londonTime(document.createTime),
  ]), "documents");
}
