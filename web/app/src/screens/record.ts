import { CaseNoteType, CaseNoteTypeSchema, DocumentKind, type CaseNote } from "@goinghome/client/gen/goinghome/case/v1/case_pb";
import { Stage, type Pathway } from "@goinghome/client/gen/goinghome/pathway/v1/pathway_pb";
import { setTitle, type Screen } from "../app.js";
import { confirmation, table } from "../components.js";
import { calendarDate, enumLabel, londonTime, newRequestId } from "../format.js";
import { html, show, type Html } from "../html.js";
import { dateInput, fail, readForm, refused, type Field } from "../forms.js";

/**
 * The questions each hand-laid form below must have answered, read and checked by readForm as the recording forms are;
 * these forms keep their own markup (widths, autocomplete) and so draw their fields themselves.
 */
const newChildQuestions: Field[] = [
  { kind: "text", name: "child.given_name", label: "Given name", missing: "Enter the child's given name" },
  { kind: "text", name: "child.family_name", label: "Family name", missing: "Enter the child's family name" },
  { kind: "date", name: "child.date_of_birth", label: "Date of birth", what: "the date of birth" },
];

const caseNoteQuestions: Field[] = [
  { kind: "radios", name: "note.type", label: "What kind of note", options: [], missing: "Select what kind of note this is" },
  { kind: "text", name: "note.subject", label: "Subject", missing: "Enter a subject" },
  { kind: "textarea", name: "note.body", label: "What happened", missing: "Enter what happened" },
];

const plannedReturnQuestions: Field[] = [{ kind: "date", name: "planned_return_date", label: "Planned return date", what: "the planned return date" }];

const askApprovalsQuestions: Field[] = [
  { kind: "text", name: "document.title", label: "Return home plan: its title", missing: "Enter the plan's title" },
  { kind: "text", name: "document.uri", label: "Where the plan is kept", missing: "Enter where the plan is kept" },
  { kind: "textarea", name: "summary", label: "What you are asking the managers to agree", missing: "Enter what you are asking the managers to agree" },
];

/** Record a new child (the front door): names, date of birth, NHS number if known; then the child's record. */
export async function newChildScreen(screen: Screen): Promise<void> {
  const title = "Record a new child";
  setTitle(title);
  show(screen.main, html`<a class="govuk-back-link" href="/children">Back to children</a>
    <h1 class="govuk-heading-l">${title}</h1>
    <form id="new-child" novalidate>
      <div class="govuk-form-group"><label class="govuk-label" for="given-name">Given name</label>
        <input class="govuk-input govuk-!-width-one-half" id="given-name" name="child.given_name" type="text" autocomplete="off" spellcheck="false"></div>
      <div class="govuk-form-group"><label class="govuk-label" for="family-name">Family name</label>
        <input class="govuk-input govuk-!-width-one-half" id="family-name" name="child.family_name" type="text" autocomplete="off" spellcheck="false"></div>
      ${dateInput("child.date_of_birth", "Date of birth", "For example, 27 3 2016")}
      <div class="govuk-form-group"><label class="govuk-label" for="nhs-number">NHS number (optional)</label>
        <div class="govuk-hint" id="nhs-number-hint">10 digits, like 943 476 5919</div>
        <input class="govuk-input govuk-input--width-10" id="nhs-number" name="child.nhs_number" type="text" inputmode="numeric" aria-describedby="nhs-number-hint"></div>
      <button type="submit" class="govuk-button">Record the child</button></form>`);
  const form = screen.main.querySelector<HTMLFormElement>("#new-child")!;
  const requestId = newRequestId();
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const { answers, problems } = readForm(form, newChildQuestions);
    if (problems.length) return fail(form, title, problems);
    try {
      const child = await screen.clients.case.createChild({
        requestId,
        child: {
          givenName: answers.text("child.given_name"), familyName: answers.text("child.family_name"), dateOfBirth: answers.date("child.date_of_birth"),
          nhsNumber: answers.text("child.nhs_number"),
        },
      });
      screen.navigate(`/children/${child.id}?recorded=1`);
    } catch (error) {
      refused(form, title, error);
    }
  });
}

/** The child's case notes, newest first, and a form to add one (general, visit or direct work). */
export function caseNotesSection(notes: CaseNote[] | undefined): Html {
  return html`<div id="case-notes">${notes === undefined ? "" : notes.length === 0 ? html`<p class="govuk-body">No case notes yet.</p>`
    : table(["Written", "Type", "Subject", "What happened", "By"], notes.map((note) => [londonTime(note.createTime), enumLabel(CaseNoteTypeSchema, note.type),
      note.subject, note.body, note.authorName || note.authorId]))}</div>
    <details class="govuk-details" id="add-case-note"><summary class="govuk-details__summary"><span class="govuk-details__summary-text">Add a case note</span></summary>
    <div class="govuk-details__text"><form id="case-note-form" novalidate>
      <div class="govuk-form-group"><fieldset class="govuk-fieldset"><legend class="govuk-fieldset__legend govuk-fieldset__legend--s">What kind of note</legend>
        <div class="govuk-radios govuk-radios--small" data-module="govuk-radios">${[CaseNoteType.VISIT, CaseNoteType.DIRECT_WORK, CaseNoteType.GENERAL].map((type, i) => html`
          <div class="govuk-radios__item"><input class="govuk-radios__input" id="note-type-${i}" name="note.type" type="radio" value="${type}">
            <label class="govuk-label govuk-radios__label" for="note-type-${i}">${enumLabel(CaseNoteTypeSchema, type)}</label></div>`)}</div></fieldset></div>
      <div class="govuk-form-group"><label class="govuk-label" for="note-subject">Subject</label>
        <input class="govuk-input" id="note-subject" name="note.subject" type="text"></div>
      <div class="govuk-form-group"><label class="govuk-label" for="note-body">What happened</label>
        <textarea class="govuk-textarea" id="note-body" name="note.body" rows="4"></textarea></div>
      <button type="submit" class="govuk-button">Add case note</button></form></div></details>`;
}

export function bindCaseNotes(screen: Screen, childId: string, childName: string): void {
  const form = screen.main.querySelector<HTMLFormElement>("#case-note-form");
  if (!form) return;
  let requestId = newRequestId();
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const { answers, problems } = readForm(form, caseNoteQuestions);
    if (problems.length) return fail(form, childName, problems);
    try {
      await screen.clients.case.createCaseNote({
        childId, requestId, note: { type: answers.number("note.type"), subject: answers.text("note.subject"), body: answers.text("note.body") },
      });
      requestId = newRequestId();
      const notes = await screen.clients.case.listCaseNotes({ childId, pageSize: 10 });
      const section = screen.main.querySelector<HTMLElement>("#case-notes-section")!;
      show(section, html`${confirmation("case-note-added", "Case note added")}${caseNotesSection(notes.notes)}`);
      setTitle(childName);
      bindCaseNotes(screen, childId, childName);
      section.querySelector<HTMLElement>("#case-note-added")?.focus();
    } catch (error) {
      refused(form, childName, error);
    }
  });
}

/** Set (or change) the planned return date, in Stage 2 or BYF (GH-13): the date the plan works to. */
export function plannedReturnForm(pathway: Pathway): Html {
  if (pathway.stage !== Stage.STAGE_2 && pathway.stage !== Stage.BYF_TRANSITION) return html``;
  return html`<details class="govuk-details" id="planned-return"><summary class="govuk-details__summary"><span class="govuk-details__summary-text">${pathway.plannedReturnDate ? "Change the planned return date" : "Set the planned return date"}</span></summary>
    <div class="govuk-details__text"><form id="planned-return-form" novalidate>
      ${dateInput("planned_return_date", "Planned return date", `After today and within 12 months.${pathway.plannedReturnDate ? ` Now ${calendarDate(pathway.plannedReturnDate)}.` : ""}`)}
      <button type="submit" class="govuk-button">Save the planned return date</button></form></div></details>`;
}

export function bindPlannedReturn(screen: Screen, pathway: Pathway, childName: string, reload: (banner: string) => Promise<void>): void {
  const form = screen.main.querySelector<HTMLFormElement>("#planned-return-form");
  if (!form) return;
  const requestId = newRequestId();
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const { answers, problems } = readForm(form, plannedReturnQuestions);
    if (problems.length) return fail(form, childName, problems);
    try {
      await screen.clients.pathway.setPlannedReturnDate({ childId: pathway.childId, requestId, etag: pathway.etag, plannedReturnDate: answers.date("planned_return_date") });
      await reload("Planned return date saved");
    } catch (error) {
      refused(form, childName, error);
    }
  });
}

/**
 * Ask for the return-home approvals (Stage 2): the return home plan is filed on the child's record in Case first (RH-8
 * sends it to the GP, Housing and Adult Mental Health), then Pathway asks Approvals; an unmet rule is named by its ID.
 */
export function askApprovalsForm(pathway: Pathway): Html {
  if (pathway.stage !== Stage.STAGE_2) return html``;
  return html`<details class="govuk-details" id="ask-approvals"><summary class="govuk-details__summary"><span class="govuk-details__summary-text">Ask for the return-home approvals</span></summary>
    <div class="govuk-details__text"><form id="ask-approvals-form" novalidate>
      <div class="govuk-form-group"><label class="govuk-label" for="plan-title">Return home plan: its title</label>
        <input class="govuk-input" id="plan-title" name="document.title" type="text"></div>
      <div class="govuk-form-group"><label class="govuk-label" for="plan-uri">Where the plan is kept</label>
        <div class="govuk-hint" id="plan-uri-hint">Its address or reference in the document store</div>
        <input class="govuk-input" id="plan-uri" name="document.uri" type="text" spellcheck="false" aria-describedby="plan-uri-hint"></div>
      <div class="govuk-form-group"><label class="govuk-label" for="approval-summary">What you are asking the managers to agree</label>
        <textarea class="govuk-textarea" id="approval-summary" name="summary" rows="3"></textarea></div>
      <button type="submit" class="govuk-button">Ask for approvals</button></form></div></details>`;
}

export function bindAskApprovals(screen: Screen, pathway: Pathway, childName: string, reload: (banner: string) => Promise<void>): void {
  const form = screen.main.querySelector<HTMLFormElement>("#ask-approvals-form");
  if (!form) return;
  // One id for the plan's filing and one for the request: a retry after a lost answer files and asks once.
  const [documentRequestId, approvalsRequestId] = [newRequestId(), newRequestId()];
  let planDocumentId = "";
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const { answers, problems } = readForm(form, askApprovalsQuestions);
    if (problems.length) return fail(form, childName, problems);
    const summary = answers.text("summary");
    try {
      planDocumentId ||= (await screen.clients.case.createDocument({
        childId: pathway.childId, requestId: documentRequestId,
        document: { kind: DocumentKind.PLAN, title: answers.text("document.title"), uri: answers.text("document.uri") },
      })).id;
      const asked = await screen.clients.pathway.requestReturnHomeApprovals({ childId: pathway.childId, requestId: approvalsRequestId, planDocumentId, summary });
      await reload(`Approvals asked for: ${asked.approvalRequestIds.length} ${asked.approvalRequestIds.length === 1 ? "request" : "requests"}`);
    } catch (error) {
      refused(form, childName, error);
    }
  });
}
