import type { DescEnum } from "@bufbuild/protobuf";
import { CarerTypeSchema, DocumentKind, DocumentKindSchema, LegalStatus, LegalStatusSchema, RelationshipSchema, WorkerRoleSchema, type Child } from "@goinghome/client/gen/goinghome/case/v1/case_pb";
import {
  AssessmentKindSchema, AssessmentState, CapacityToChangeSchema, ChecklistState, ConcernSchema, DbsStateSchema, ItemState, LeavingCareStatusSchema,
  ProtectiveFactorsSchema, RiskFactorsSchema, WishesSchema, type AssessmentAnalysis, type Checklist,
} from "@goinghome/client/gen/goinghome/assessment/v1/assessment_pb";
import { RecordKind, RecordKindSchema, Section20TriggerSchema, type Pathway } from "@goinghome/client/gen/goinghome/pathway/v1/pathway_pb";
import { Code } from "@connectrpc/connect";
import { describeError } from "@goinghome/client";
import { setTitle, type Screen } from "../app.js";
import { enumLabel, newRequestId } from "../format.js";
import { fail, fieldHtml, readForm, refused, type Answers, type Field } from "../forms.js";
import { html, show, type Html } from "../html.js";
import { problemPanel } from "../problems.js";

/** What a recording form knows of the child: the record (Case) and the pathway (Pathway), when there is one. */
export interface ChildContext {
  child: Child;
  name: string;
  pathway?: Pathway;
  /** The signed-in person's roles: a form is offered only to those the service would let record it. */
  roles: string[];
}

const managers = ["TM", "SM", "HoS", "AD", "DD", "Director"];
const isManager = (roles: string[]) => roles.some((role) => managers.includes(role));
const isIro = (roles: string[]) => roles.includes("IRO");

/** One recording's form, as it stands for this child now. */
interface Form {
  title: string;
  intro?: Html;
  fields: Field[];
  button: string;
  /** Problems the fields alone cannot see (an answer needed because of another), in plain words. */
  check?(answers: Answers): [string, string][];
  /** Sends the answers; one request id per form shown, so a retry after a lost answer records once. */
  send(answers: Answers, requestId: string): Promise<URLSearchParams | void>;
}

interface Recording {
  /** The link on the child's page. */
  link: string;
  /** The confirmation after it is recorded. */
  done: string;
  /** Offered on the child's page when it fits the record now; the service still decides (and names its rule). */
  offered(context: ChildContext): boolean;
  form(screen: Screen, context: ChildContext): Promise<Form>;
}

const yesNo: [string, string][] = [["true", "Yes"], ["false", "No"]];

/** The record kinds with a form of their own; the rest share "another meeting or plan". */
const ownForms = [RecordKind.CRITICAL_CONVERSATION, RecordKind.BUILD_STRENGTHS, RecordKind.FAMILY_TIME, RecordKind.CONTINGENCY_PLAN, RecordKind.REVIEW,
  RecordKind.IRO_VIEWS, RecordKind.STEP_DOWN_PLAN, RecordKind.PLAN_REVIEW, RecordKind.REUNIFICATION_REVIEW];

/**
 * A record on the pathway (Pathway's AddPathwayRecord), one form per kind: the kind's own questions (its subject and
 * status in the words the service takes), then when, who was there and what happened.
 */
function pathwayRecord(kind: RecordKind | undefined, link: string, intro: string, own: Field[], attendeesHint = "Separate names with commas", notesRequired = false): Recording {
  // T-3 / GH-2 and S20-6: the IRO records the review and their own views.
  const iroOnly = kind === RecordKind.REVIEW || kind === RecordKind.IRO_VIEWS;
  return {
    link,
    done: "Recorded on the pathway",
    offered: ({ pathway, roles }) => Boolean(pathway) && (!iroOnly || isIro(roles)),
    form: async (screen, { child, roles }) => ({
      title: link,
      intro: html`<p class="govuk-body">${intro}</p>`,
      fields: [
        ...(kind ? [] : [{ kind: "select", name: "record.kind", label: "What it was", missing: "Select what it was",
          // RH-5: only a manager records why a case closes on the day of the return.
          options: choices(RecordKindSchema).filter(([value]) => !ownForms.includes(Number(value)) && (Number(value) !== RecordKind.EARLY_CLOSURE || isManager(roles))) } satisfies Field]),
        ...own,
        { kind: "date", name: "record.occurred_on", label: "When it happened", what: "when it happened" },
        { kind: "text", name: "record.attendees", label: "Who was there", hint: attendeesHint, optional: kind !== RecordKind.REVIEW, missing: "Enter who attended" },
        { kind: "textarea", name: "record.notes", label: "What happened", optional: !notesRequired, missing: "Enter what happened" },
        { kind: "text", name: "record.outcome", label: "Outcome", optional: true },
      ],
      button: "Record it",
      send: async (a, requestId) => {
        await screen.clients.pathway.addPathwayRecord({
          childId: child.id, requestId,
          record: {
            kind: kind ?? a.number("record.kind"), occurredOn: a.date("record.occurred_on"), subject: a.text("record.subject"), status: a.text("record.status"),
            notes: a.text("record.notes"), outcome: a.text("record.outcome"), attendees: a.text("record.attendees").split(",").map((name) => name.trim()).filter(Boolean),
          },
        });
      },
    }),
  };
}

/** An enum's values as choices, in the proto's order, the unspecified value left out. */
function choices(schema: DescEnum, only?: number[]): [string, string][] {
  return schema.values.filter((v) => v.number !== 0 && (!only || only.includes(v.number))).map((v) => [String(v.number), enumLabel(schema, v.number)]);
}

function openEpisode(child: Child) {
  return child.careEpisodes.find((episode) => !episode.endDate?.year);
}

const carerFields = (prefix: string): Field[] => [
  { kind: "select", name: `${prefix}carer_type`, label: "Who the child lives with", options: choices(CarerTypeSchema), missing: "Select who the child lives with" },
  { kind: "text", name: `${prefix}carer_name`, label: "Carer's name", hint: "The foster carers, the home or the parent", missing: "Enter the carer's name" },
];

const analysisQuestions: [keyof AssessmentAnalysis & string, string, string][] = [
  ["chronology", "chronology", "Chronology"],
  ["childJourney", "child_journey", "The child's journey"],
  ["reasonsForCare", "reasons_for_care", "Why the child came into care"],
  ["evidenceOfChange", "evidence_of_change", "Evidence of change"],
  ["capacityToSustainChange", "capacity_to_sustain_change", "Capacity to sustain the change"],
  ["fathersAndPartners", "fathers_and_partners", "Fathers and partners"],
  ["partnerAgencies", "partner_agencies", "What partner agencies say"],
  ["familyStresses", "family_stresses", "Family stresses"],
];

export const recordings: Record<string, Recording> = {
  allocate: {
    link: "Allocate a worker",
    done: "Worker allocated",
    offered: ({ roles }) => isManager(roles),
    form: async (screen, { child }) => ({
      title: "Allocate a worker",
      intro: html`<p class="govuk-body">The team manager allocates the child's social worker, IRO and supervising social worker (ACC-1).</p>`,
      fields: [
        { kind: "radios", name: "allocation.role", label: "Role", options: choices(WorkerRoleSchema), missing: "Select the role" },
        { kind: "text", name: "allocation.worker_id", label: "Worker's user id", hint: "As they sign in", missing: "Enter the worker's user id" },
        { kind: "text", name: "allocation.worker_name", label: "Worker's name", missing: "Enter the worker's name" },
        { kind: "text", name: "allocation.team_id", label: "Team", value: screen.person.teams[0] ?? "", missing: "Enter the team" },
      ],
      button: "Allocate",
      send: async (a, requestId) => {
        await screen.clients.case.allocateWorker({
          childId: child.id, requestId,
          allocation: { role: a.number("allocation.role"), workerId: a.text("allocation.worker_id"), workerName: a.text("allocation.worker_name"), teamId: a.text("allocation.team_id") },
        });
      },
    }),
  },
  "network-member": {
    link: "Add someone to the child's network",
    done: "Added to the network",
    offered: () => true,
    form: async (screen, { child }) => ({
      title: "Add someone to the child's network",
      fields: [
        { kind: "select", name: "member.relationship", label: "Who they are to the child", options: choices(RelationshipSchema), missing: "Select who they are to the child" },
        { kind: "text", name: "member.name", label: "Name", missing: "Enter their name" },
        { kind: "text", name: "member.organisation", label: "Organisation", hint: "For a GP, school or housing officer", optional: true },
        { kind: "radios", name: "member.household_member", label: "Do they live in the home the child would return to?", options: yesNo, missing: "Select yes or no" },
        { kind: "text", name: "member.phone", label: "Phone", optional: true },
        { kind: "text", name: "member.email", label: "Email", optional: true },
      ],
      button: "Add to the network",
      send: async (a, requestId) => {
        await screen.clients.case.addNetworkMember({
          childId: child.id, requestId, etag: child.etag,
          member: {
            relationship: a.number("member.relationship"), name: a.text("member.name"), organisation: a.text("member.organisation"),
            householdMember: a.text("member.household_member") === "true", phone: a.text("member.phone"), email: a.text("member.email"),
          },
        });
      },
    }),
  },
  "care-episode": {
    link: "Record that the child starts to be looked after",
    done: "Period of care started",
    offered: ({ child }) => !openEpisode(child),
    form: async (screen, { child }) => ({
      title: "The child starts to be looked after",
      intro: html`<p class="govuk-body">This starts a period of care in the SSDA903 return and opens the Going Home pathway (GH-1).</p>`,
      fields: [
        { kind: "select", name: "legal_status", label: "Legal status", options: choices(LegalStatusSchema), missing: "Select the legal status" },
        { kind: "date", name: "start_date", label: "Date care started", what: "the date care started" },
        ...carerFields("placement."),
      ],
      button: "Start the period of care",
      send: async (a, requestId) => {
        await screen.clients.case.startCareEpisode({
          childId: child.id, requestId, etag: child.etag, legalStatus: a.number("legal_status"), startDate: a.date("start_date"),
          placement: { carerType: a.number("placement.carer_type"), carerName: a.text("placement.carer_name"), startDate: a.date("start_date") },
        });
      },
    }),
  },
  placement: {
    link: "Record a change of placement",
    done: "Placement recorded",
    offered: ({ child }) => Boolean(openEpisode(child)),
    form: async (screen, { child }) => ({
      title: "Record a change of placement",
      intro: html`<p class="govuk-body">A child placed with their parents under an order is living at home (CLA-4).</p>`,
      fields: [...carerFields("placement."), { kind: "date", name: "placement.start_date", label: "Date the placement started", what: "the date the placement started" }],
      button: "Record the placement",
      send: async (a, requestId) => {
        await screen.clients.case.addPlacement({
          childId: child.id, episodeId: openEpisode(child)?.id ?? "", requestId, etag: child.etag,
          placement: { carerType: a.number("placement.carer_type"), carerName: a.text("placement.carer_name"), startDate: a.date("placement.start_date") },
        });
      },
    }),
  },
  "critical-conversation": pathwayRecord(RecordKind.CRITICAL_CONVERSATION, "Record a critical conversation", "The conversation with each party about what must change (GH-3, GH-12).", [
    { kind: "radios", name: "record.subject", label: "Who it was with", options: [["parents", "Parents"], ["foster-carers", "Foster carers"], ["wider-family", "Wider family"], ["professional-network", "The professional network"], ["child", "The child"]], missing: "Select who it was with" },
  ]),
  strengths: pathwayRecord(RecordKind.BUILD_STRENGTHS, "Record work to build the family's strengths", "Each option considered, offered, held or declined with a reason (GH-4).", [
    { kind: "radios", name: "record.subject", label: "Which", options: [["fgc", "Family group conference"], ["restorative-circle", "Restorative circle"], ["reflective-space", "Reflective space"], ["support-group", "Support group"], ["homestart", "Home-Start"]], missing: "Select which" },
    { kind: "radios", name: "record.status", label: "How it stands", options: [["considered", "Considered"], ["offered", "Offered"], ["held", "Held"], ["declined", "Declined"]], missing: "Select how it stands" },
  ]),
  "family-time": pathwayRecord(RecordKind.FAMILY_TIME, "Record family time", "Family time planned to build towards the return.", [
    { kind: "text", name: "record.subject", label: "Who the child spent time with", missing: "Enter who the child spent time with" },
    { kind: "text", name: "record.status", label: "How often, and supervised or not", missing: "Enter how often, and whether supervised" },
  ]),
  "contingency-plan": pathwayRecord(RecordKind.CONTINGENCY_PLAN, "Record the contingency plan", "What happens if the return breaks down; needed before the child goes home (GH-14).", []),
  review: pathwayRecord(RecordKind.REVIEW, "Record the CWCF review (IRO)", "The statutory review, chaired and recorded by the IRO with who attended (T-3, GH-2).", [
    { kind: "radios", name: "record.status", label: "The IRO's view of the plan", optional: true, options: [["plan-viable", "The plan is viable"], ["drift", "Drift"], ["reunification-not-viable", "Reunification is not viable"]] },
  ], "Name who attended, separated by commas"),
  "iro-views": pathwayRecord(RecordKind.IRO_VIEWS, "Record the IRO's views on a Section 20 return", "The IRO's own views, before the team manager decides (S20-6).", [], undefined, true),
  "step-down-plan": pathwayRecord(RecordKind.STEP_DOWN_PLAN, "Record the step-down plan", "The support the family has after the return.", [
    { kind: "text", name: "record.subject", label: "The plan", hint: "For example, CIN meeting", missing: "Enter the plan" },
  ]),
  "plan-review": pathwayRecord(RecordKind.PLAN_REVIEW, "Record a review of the plan", "The plan reviewed in supervision, legal, network or family time meetings (GH-5).", [
    { kind: "radios", name: "record.subject", label: "Where it was reviewed", options: [["md-supervision", "Management decision supervision"], ["legal-meeting", "Legal meeting"], ["network-meeting", "Network meeting"], ["family-time-review", "Family time review"]], missing: "Select where it was reviewed" },
  ]),
  "reunification-review": pathwayRecord(RecordKind.REUNIFICATION_REVIEW, "Record the reunification review", "Six weeks after a Section 20 return: what continues (S20-9).", [
    { kind: "radios", name: "record.subject", label: "What continues", options: [["CIN", "Child in need plan"], ["CP", "Child protection plan"], ["TAC", "Team around the child"], ["TAF", "Team around the family"]], missing: "Select what continues" },
  ]),
  "pathway-record": pathwayRecord(undefined, "Record another meeting or plan", "Tracker meetings, transfers, court proceedings, handover, drift, early closure and parallel plans.", [
    { kind: "text", name: "record.subject", label: "Subject", optional: true },
    { kind: "text", name: "record.status", label: "How it stands", optional: true },
  ]),
  "section-20-trigger": {
    link: "Record a Section 20 return request",
    done: "Section 20 return recorded: the team manager decides whether it is viable",
    offered: ({ child, pathway }) => Boolean(pathway) && openEpisode(child)?.legalStatus === LegalStatus.SECTION_20,
    form: async (screen, { child }) => ({
      title: "Record a Section 20 return request",
      intro: html`<p class="govuk-body">A parent asks for the child back, withdraws agreement, the young person asks to go home, or the child has gone home unplanned (S20-1). The IRO is told and the visits are set (S20-3, S20-4).</p>`,
      fields: [
        { kind: "radios", name: "trigger", label: "What happened", options: choices(Section20TriggerSchema), missing: "Select what happened" },
        { kind: "text", name: "raised_by", label: "Who raised it", missing: "Enter who raised it" },
        { kind: "date", name: "trigger_date", label: "When it was raised", what: "when it was raised" },
        { kind: "date", name: "return_date", label: "Date the child went home", hint: "Only if the child has already gone home", optional: true, what: "the date the child went home" },
        { kind: "textarea", name: "child_views", label: "The child's views", optional: true },
        { kind: "textarea", name: "parents_consulted", label: "Which parents were consulted", optional: true },
        { kind: "textarea", name: "young_person_rights", label: "The young person's rights explained", hint: "For a young person of 16 or 17", optional: true },
      ],
      button: "Record the request",
      send: async (a, requestId) => {
        const recorded = await screen.clients.pathway.recordSection20Trigger({
          childId: child.id, requestId, trigger: a.number("trigger"), raisedBy: a.text("raised_by"), triggerDate: a.date("trigger_date"), returnDate: a.date("return_date"),
          childViews: a.text("child_views"), parentsConsulted: a.text("parents_consulted"), youngPersonRights: a.text("young_person_rights"),
        });
        return new URLSearchParams({ return: recorded.id });
      },
    }),
  },
  document: {
    link: "File a document",
    done: "Document filed",
    offered: () => true,
    form: async (screen, { child }) => ({
      title: "File a document",
      fields: [
        { kind: "select", name: "document.kind", label: "Kind of document", options: choices(DocumentKindSchema), missing: "Select the kind of document" },
        { kind: "text", name: "document.title", label: "Title", missing: "Enter the title" },
        { kind: "text", name: "document.uri", label: "Where it is kept", hint: "Its address or reference in the document store", missing: "Enter where it is kept" },
        { kind: "date", name: "document.document_date", label: "Date of the document", optional: true, what: "the date of the document" },
      ],
      button: "File the document",
      send: async (a, requestId) => {
        await screen.clients.case.createDocument({
          childId: child.id, requestId,
          document: { kind: a.number("document.kind"), title: a.text("document.title"), uri: a.text("document.uri"), documentDate: a.date("document.document_date") },
        });
      },
    }),
  },
  household: {
    link: "Confirm who lives in the home",
    done: "Household confirmed",
    offered: ({ pathway }) => Boolean(pathway),
    form: async (screen, { child }) => ({
      title: "Confirm who lives in the home",
      intro: html`<p class="govuk-body">Every adult in the home the child returns to needs a clear DBS check (NS-1). Someone not listed is added to the network first.</p>`,
      fields: [
        { kind: "checkboxes", name: "member_ids", label: "The adults who live in the home", options: adults(child), missing: "Select the adults who live in the home" },
        { kind: "checkboxes", name: "no_other_adults", label: "Anyone else", options: [["true", "No other adult lives in the home"]], missing: "Confirm that no other adult lives in the home" },
      ],
      button: "Confirm the household",
      send: async (a, requestId) => {
        await screen.clients.assessment.confirmHousehold({ childId: child.id, requestId, memberIds: a.all("member_ids"), noOtherAdults: a.text("no_other_adults") === "true" });
      },
    }),
  },
  "dbs-check": {
    link: "Record a DBS check",
    done: "DBS check recorded",
    offered: ({ pathway }) => Boolean(pathway),
    form: async (screen, { child }) => ({
      title: "Record a DBS check",
      fields: [
        { kind: "radios", name: "check.network_member_id", label: "Whose check", options: adults(child), missing: "Select whose check it is" },
        { kind: "radios", name: "check.state", label: "Result", options: choices(DbsStateSchema), missing: "Select the result" },
        { kind: "date", name: "check.requested_on", label: "Date requested", what: "the date it was requested" },
        { kind: "date", name: "check.result_on", label: "Date of the result", optional: true, what: "the date of the result" },
        { kind: "textarea", name: "check.notes", label: "Notes", optional: true },
      ],
      button: "Record the check",
      send: async (a, requestId) => {
        await screen.clients.assessment.recordDbsCheck({
          requestId,
          check: {
            childId: child.id, networkMemberId: a.text("check.network_member_id"), state: a.number("check.state"),
            requestedOn: a.date("check.requested_on"), resultOn: a.date("check.result_on"), notes: a.text("check.notes"),
          },
        });
      },
    }),
  },
  risk: {
    link: "Classify the risk of returning home",
    done: "Risk classified",
    offered: ({ pathway }) => Boolean(pathway),
    form: async (screen, { child }) => ({
      title: "Classify the risk of returning home",
      intro: html`<p class="govuk-body">The NSPCC classification (RH-2): the band follows from these four answers.</p>`,
      fields: [
        { kind: "radios", name: "inputs.risk_factors", label: "Risk factors", options: choices(RiskFactorsSchema), missing: "Select the risk factors" },
        { kind: "radios", name: "inputs.protective_factors", label: "Protective factors", options: choices(ProtectiveFactorsSchema), missing: "Select the protective factors" },
        { kind: "radios", name: "inputs.capacity_to_change", label: "Capacity to change", options: choices(CapacityToChangeSchema), missing: "Select the capacity to change" },
        { kind: "radios", name: "inputs.wishes", label: "The wishes of the child and parents", options: choices(WishesSchema), missing: "Select their wishes" },
      ],
      button: "Classify the risk",
      send: async (a, requestId) => {
        await screen.clients.assessment.classifyRisk({
          childId: child.id, requestId,
          inputs: {
            riskFactors: a.number("inputs.risk_factors"), protectiveFactors: a.number("inputs.protective_factors"),
            capacityToChange: a.number("inputs.capacity_to_change"), wishes: a.number("inputs.wishes"),
          },
        });
      },
    }),
  },
  assessment: {
    link: "Work on the return home assessment",
    done: "Assessment saved",
    offered: ({ pathway }) => Boolean(pathway),
    form: assessmentForm,
  },
  checklist: {
    link: "Work through the returning home checklist",
    done: "Checklist saved",
    offered: ({ pathway }) => Boolean(pathway),
    form: checklistForm,
  },
  "checklist-complete": {
    link: "Complete the returning home checklist",
    done: "Checklist completed",
    offered: ({ pathway, roles }) => Boolean(pathway) && (isIro(roles) || isManager(roles)),
    form: async (screen, { child }) => {
      const checklist = await openChecklist(screen, child.id);
      if (!checklist) throw new Error("There is no checklist in progress for this child.");
      return {
        title: "Complete the returning home checklist",
        intro: html`<p class="govuk-body">${checklist.items.filter((item) => item.state === ItemState.NOT_STARTED).length} of ${checklist.items.length} items not yet settled.
          The IRO completes the checklist (RH-3); a team manager may complete it with items outstanding only with a reason.</p>`,
        fields: [{ kind: "textarea", name: "exception_reason", label: "Why it is complete with items outstanding", optional: true }],
        button: "Complete the checklist",
        send: async (a, requestId) => {
          await screen.clients.assessment.completeChecklist({ requestId, id: checklist.id, etag: checklist.etag, exceptionReason: a.text("exception_reason") });
        },
      };
    },
  },
  "section-20-decision": {
    link: "Decide whether a Section 20 return is viable",
    done: "Decision recorded",
    offered: () => false,
    form: section20DecisionForm,
  },
};

/** The people Case records as living in the home the child would return to (NS-1 names no one else). */
function adults(child: Child): [string, string][] {
  return child.network.filter((member) => member.householdMember).map((member) => [member.id, `${member.name} (${enumLabel(RelationshipSchema, member.relationship)})`]);
}

async function openChecklist(screen: Screen, childId: string): Promise<Checklist | undefined> {
  const { checklists } = await screen.clients.assessment.listChecklists({ childId, state: ChecklistState.IN_PROGRESS, pageSize: 1 });
  return checklists[0];
}

/** The assessment the service chooses for this return (S20-5), started; then its analysis written and completed. */
async function assessmentForm(screen: Screen, { child }: ChildContext): Promise<Form> {
  const { assessments } = await screen.clients.assessment.listAssessments({ childId: child.id, pageSize: 20 });
  const current = assessments.find((a) => a.state === AssessmentState.REQUESTED || a.state === AssessmentState.IN_PROGRESS);
  if (!current) {
    const chosen = await screen.clients.assessment.chooseReturnHomeAssessment({ childId: child.id });
    return {
      title: `Start the ${enumLabel(AssessmentKindSchema, chosen.form)} assessment`,
      intro: html`<p class="govuk-body">Why this form:</p><ul class="govuk-list govuk-list--bullet">${chosen.reasons.map((reason) => html`<li>${reason}</li>`)}</ul>`,
      fields: [{ kind: "date", name: "assessment.due_on", label: "Due", optional: true, what: "the due date" }],
      button: "Start the assessment",
      send: async (a, requestId) => {
        await screen.clients.assessment.createAssessment({
          requestId, assessment: { childId: child.id, kind: chosen.form, authorId: screen.person.id, dueOn: a.date("assessment.due_on") },
        });
      },
    };
  }
  return {
    title: `The ${enumLabel(AssessmentKindSchema, current.kind)} assessment`,
    intro: html`<p class="govuk-body">Write each part of the analysis (RH-4). Give the date it was completed to complete it; leave it empty to save and come back.</p>`,
    fields: [
      ...analysisQuestions.map(([key, path, label]): Field => ({ kind: "textarea", name: `assessment.analysis.${path}`, label, value: String(current.analysis?.[key] ?? ""), optional: true })),
      { kind: "date", name: "completed_on", label: "Date completed", optional: true, what: "the date it was completed" },
    ],
    button: "Save the assessment",
    check: (a) => (a.date("completed_on") ? analysisQuestions.filter(([, path]) => !a.text(`assessment.analysis.${path}`))
      .map(([, path, label]) => [`assessment.analysis.${path}`, `Enter ${label.toLowerCase()} before completing`]) : []),
    send: async (a, requestId) => {
      const analysis = Object.fromEntries(analysisQuestions.map(([key, path]) => [key, a.text(`assessment.analysis.${path}`)]));
      const saved = await screen.clients.assessment.updateAssessment({
        requestId: `${requestId}:analysis`, assessment: { id: current.id, etag: current.etag, analysis },
        updateMask: { paths: analysisQuestions.map(([, path]) => `analysis.${path}`) },
      });
      const completedOn = a.date("completed_on");
      if (completedOn) await screen.clients.assessment.completeAssessment({ requestId: `${requestId}:complete`, id: current.id, etag: saved.etag, completedOn });
    },
  };
}

/** The returning home checklist (RH-3): opened once, then each item met or not applicable, with its evidence. */
async function checklistForm(screen: Screen, { child }: ChildContext): Promise<Form> {
  const checklist = await openChecklist(screen, child.id);
  if (!checklist) {
    return {
      title: "Open the returning home checklist",
      fields: [
        { kind: "radios", name: "leaving_care_status", label: "Leaving care status", options: choices(LeavingCareStatusSchema), missing: "Select the leaving care status" },
        { kind: "checkboxes", name: "concerns", label: "Concerns in the family", hint: "Each adds its own items", options: choices(ConcernSchema), optional: true },
      ],
      button: "Open the checklist",
      send: async (a, requestId) => {
        await screen.clients.assessment.createChecklist({
          requestId, childId: child.id, subject: "return home", leavingCareStatus: a.number("leaving_care_status"), concerns: a.all("concerns").map(Number),
        });
      },
    };
  }
  const open = checklist.items.filter((item) => item.state === ItemState.NOT_STARTED);
  return {
    title: "The returning home checklist",
    intro: html`<p class="govuk-body">${checklist.items.length - open.length} of ${checklist.items.length} items settled. Answer the items you can; the rest stay open.</p>`,
    fields: open.flatMap((item): Field[] => [
      { kind: "radios", name: `items.${item.key}.state`, label: `${item.title} (${item.ruleId})`, optional: true,
        options: [[String(ItemState.MET), "Met"], [String(ItemState.NOT_APPLICABLE), "Not applicable"]] },
      { kind: "textarea", name: `items.${item.key}.note`, label: "Evidence, or why it does not apply", optional: true },
    ]),
    button: "Save the checklist",
    check: (a) => open.filter((item) => a.text(`items.${item.key}.state`) && !a.text(`items.${item.key}.note`))
      .map((item) => [`items.${item.key}.note`, `Enter the evidence for "${item.title}", or why it does not apply`]),
    send: async (a, requestId) => {
      for (const item of open) {
        const state = a.number(`items.${item.key}.state`);
        if (!state) continue;
        const note = a.text(`items.${item.key}.note`);
        await screen.clients.assessment.updateChecklistItem({
          requestId: `${requestId}:${item.key}`, checklistId: checklist.id, key: item.key, state,
          evidence: state === ItemState.MET ? { note } : undefined, notApplicableReason: state === ItemState.NOT_APPLICABLE ? note : "",
        });
      }
    },
  };
}

/** S20-6: the team manager decides whether the return is viable; a viable return goes on to its approvals. */
async function section20DecisionForm(screen: Screen, { child }: ChildContext): Promise<Form> {
  const returnId = new URLSearchParams(location.search).get("return") ?? "";
  const [s20, plans] = await Promise.all([
    screen.clients.pathway.getSection20Return({ id: returnId }),
    screen.clients.case.listDocuments({ childId: child.id, kind: DocumentKind.PLAN, pageSize: 20 }),
  ]);
  return {
    title: "Decide whether the Section 20 return is viable",
    intro: html`<p class="govuk-body">${enumLabel(Section20TriggerSchema, s20.trigger)}, raised by ${s20.raisedBy}.${s20.assessmentForm ? ` Assessment: ${s20.assessmentForm}.` : ""}</p>`,
    fields: [
      { kind: "radios", name: "viable", label: "Is the return viable?", options: yesNo, missing: "Select yes or no" },
      { kind: "textarea", name: "reason", label: "Why", missing: "Enter why" },
      { kind: "radios", name: "plan_document_id", label: "The return home plan", hint: plans.documents.length ? "" : "File the plan as a document first", optional: true,
        options: plans.documents.map((document) => [document.id, document.title]) },
      { kind: "checkboxes", name: "book", label: "Meetings to book", optional: true, options: [["icpc", "Initial child protection conference"], ["lpm", "Legal planning meeting"]] },
      { kind: "date", name: "planned_return_date", label: "Planned return date", optional: true, what: "the planned return date" },
    ],
    button: "Record the decision",
    send: async (a, requestId) => {
      await screen.clients.pathway.decideSection20Return({
        returnId, requestId, viable: a.text("viable") === "true", reason: a.text("reason"), planDocumentId: a.text("plan_document_id"),
        bookIcpc: a.all("book").includes("icpc"), bookLpm: a.all("book").includes("lpm"), plannedReturnDate: a.date("planned_return_date"),
      });
    },
  };
}

/** The links to each recording that fits the child now, for the child's page. */
export function recordingLinks(context: ChildContext): Html {
  return html`<ul class="govuk-list" id="record-links">${Object.entries(recordings).filter(([, recording]) => recording.offered(context))
    .map(([slug, recording]) => html`<li><a class="govuk-link" href="/children/${context.child.id}/record/${slug}">${recording.link}</a></li>`)}</ul>`;
}

export function recordingDone(slug: string | null): string | undefined {
  return slug ? recordings[slug]?.done : undefined;
}

/** One recording's page: the form as it stands for the child, then back to the child's page with its confirmation. */
export async function recordScreen(screen: Screen, childId: string, slug: string): Promise<void> {
  const recording = recordings[slug];
  const [child, pathway] = await Promise.all([
    screen.clients.case.getChild({ id: childId }),
    screen.clients.pathway.getPathway({ childId }).catch(() => undefined),
  ]);
  const name = `${child.givenName} ${child.familyName}`;
  const back = html`<a class="govuk-back-link" href="/children/${childId}">Back to ${name}</a>`;
  if (!recording) {
    setTitle("Page not found");
    show(screen.main, html`${back}<h1 class="govuk-heading-l">Page not found</h1>`);
    return;
  }
  let form: Form;
  try {
    form = await recording.form(screen, { child, name, pathway, roles: screen.person.roles });
  } catch (error) {
    setTitle(recording.link);
    show(screen.main, html`${back}<h1 class="govuk-heading-l">${recording.link}</h1>${problemPanel(error)}`);
    return;
  }
  setTitle(`${form.title}: ${name}`);
  show(screen.main, html`${back}<span class="govuk-caption-l">${name}</span><h1 class="govuk-heading-l">${form.title}</h1>${form.intro ?? ""}
    <form id="record-form" novalidate>${form.fields.map(fieldHtml)}<button type="submit" class="govuk-button">${form.button}</button></form>`);
  const element = screen.main.querySelector<HTMLFormElement>("#record-form")!;
  let requestId = newRequestId();
  element.addEventListener("submit", async (event) => {
    event.preventDefault();
    const { answers, problems } = readForm(element, form.fields);
    problems.push(...(form.check?.(answers) ?? []));
    if (problems.length) return fail(element, `${form.title}: ${name}`, problems);
    const button = element.querySelector<HTMLButtonElement>("button[type=submit]")!;
    button.disabled = true;
    try {
      const more = await form.send(answers, requestId);
      screen.navigate(`/children/${childId}?${new URLSearchParams({ done: slug, ...Object.fromEntries(more ?? []) })}`);
    } catch (error) {
      refused(element, `${form.title}: ${name}`, error);
      // The service answered: what it refused was not stored, and the person will change the answers before trying
      // again, so the next try is a new request. With no answer (the connection lost) the same id makes a retry safe.
      if (answered(error)) requestId = newRequestId();
    } finally {
      button.disabled = false;
    }
  });
}

function answered(error: unknown): boolean {
  return ![Code.Unavailable, Code.DeadlineExceeded, Code.Unknown, Code.Canceled].includes(describeError(error).code);
}
