#!/usr/bin/env node
// An integrator's client in Node (@grpc/grpc-js, loading protos/ at run time, no generated code): it subscribes a
// webhook, syncs a child from its system of record (twice: the second changes nothing), carries a Section 20 return
// home through Assessment, Pathway and Approvals with each person's own token, waits for the signed ChildReturnedHome
// delivery, checking its signature, and finds the same event (same id) in the integration event feed, as an
// integrator without webhooks would.
//
// Environment: GOINGHOME_<SERVICE> (host:port of case, approvals, assessment, notifications, pathway) and
// GOINGHOME_TOKEN_<ROLE> (bearer tokens for SW, TM, IRO, SM, HOS and DIRECTOR from the authority's IdP, and
// INTEGRATOR: this client's own, by OAuth client credentials).
// Prints one JSON line with what it did; exits non-zero on any failure.
import { createHmac, randomUUID, timingSafeEqual } from "node:crypto";
import { createServer } from "node:http";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import * as grpc from "@grpc/grpc-js";
import * as protoLoader from "@grpc/proto-loader";

const protos = join(dirname(fileURLToPath(import.meta.url)), "..", "..", "protos");
const definition = protoLoader.loadSync(
  ["case", "approvals", "assessment", "notifications", "pathway"].map((s) => `goinghome/${s}/v1/${s}.proto`),
  { includeDirs: [protos], keepCase: true, enums: String, longs: String, defaults: true, oneofs: true },
);
const api = grpc.loadPackageDefinition(definition).goinghome;
const env = (name) => process.env[name] ?? fail(`${name} is not set`);
const token = (role) => env(`GOINGHOME_TOKEN_${role}`);
const clients = {
  case: new api.case.v1.CaseService(env("GOINGHOME_CASE"), grpc.credentials.createInsecure()),
  approvals: new api.approvals.v1.ApprovalsService(env("GOINGHOME_APPROVALS"), grpc.credentials.createInsecure()),
  assessment: new api.assessment.v1.AssessmentService(env("GOINGHOME_ASSESSMENT"), grpc.credentials.createInsecure()),
  notifications: new api.notifications.v1.NotificationsService(env("GOINGHOME_NOTIFICATIONS"), grpc.credentials.createInsecure()),
  pathway: new api.pathway.v1.PathwayService(env("GOINGHOME_PATHWAY"), grpc.credentials.createInsecure()),
};

function fail(message) {
  console.error(message);
  process.exit(1);
}

/** One unary call as `role`; writes get a fresh request_id unless the request has one. */
function call(service, method, role, request) {
  const metadata = new grpc.Metadata();
  metadata.add("authorization", `Bearer ${token(role)}`);
  return new Promise((resolve, reject) =>
    clients[service][method](request, metadata, { deadline: Date.now() + 60_000 }, (error, response) =>
      error ? reject(new Error(`${service}.${method} as ${role}: ${error.code} ${error.details}`)) : resolve(response)));
}

const write = (service, method, role, request) => call(service, method, role, { request_id: randomUUID(), ...request });

async function eventually(what, attempt, seconds = 60) {
  const deadline = Date.now() + seconds * 1000;
  for (;;) {
    try {
      const result = await attempt();
      if (result) return result;
    } catch (error) {
      if (Date.now() > deadline) throw error;
    }
    if (Date.now() > deadline) fail(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

const day = (offset) => {
  const d = new Date(Date.now() + offset * 86_400_000);
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
};

// The webhook receiver: verifies GoingHome-Signature (v1=HMAC-SHA256 over "<timestamp>.<body>").
const secret = randomUUID();
const deliveries = [];
const receiver = createServer((req, res) => {
  const chunks = [];
  req.on("data", (c) => chunks.push(c));
  req.on("end", () => {
    const body = Buffer.concat(chunks);
    const expected = Buffer.from(`v1=${createHmac("sha256", secret).update(`${req.headers["goinghome-timestamp"]}.`).update(body).digest("hex")}`);
    const given = Buffer.from(String(req.headers["goinghome-signature"] ?? ""));
    // A replayed old delivery is refused too: the timestamp is signed, and must be within five minutes of now.
    const fresh = Math.abs(Date.now() / 1000 - Number(req.headers["goinghome-timestamp"])) < 300;
    const valid = fresh && given.length === expected.length && timingSafeEqual(given, expected);
    deliveries.push({ valid, id: req.headers["goinghome-delivery-id"], type: req.headers["goinghome-event-type"], payload: JSON.parse(body.toString("utf8")) });
    res.writeHead(valid ? 204 : 401).end();
  });
});
await new Promise((r) => receiver.listen(0, "127.0.0.1", r));

try {
  await write("notifications", "CreateWebhookSubscription", "INTEGRATOR", {
    subscription: {
      url: `http://127.0.0.1:${receiver.address().port}/goinghome`, secret, description: "Node integrator test",
      event_types: ["goinghome.events.v1.ChildReturnedHome"],
    },
  });

  // The child comes from the authority's system of record, by its own id: identity, allocations, network and the
  // care episode with its placement in one SyncChildren call. Sent twice: the second changes nothing.
  const source = {
    source_id: `lcs-${randomUUID()}`,
    child: { given_name: "Noor", family_name: "Node", date_of_birth: day(-11 * 365), gender: "GENDER_FEMALE" },
    care_episodes: [{
      legal_status: "LEGAL_STATUS_SECTION_20", start_date: day(-40),
      placements: [{ carer_type: "CARER_TYPE_FOSTER", carer_name: "The Greens", start_date: day(-40) }],
    }],
    allocations: [["WORKER_ROLE_SOCIAL_WORKER", "sw-node"], ["WORKER_ROLE_TEAM_MANAGER", "tm-node"], ["WORKER_ROLE_INDEPENDENT_REVIEWING_OFFICER", "iro-node"]]
      .map(([role, worker_id]) => ({ role, worker_id, team_id: "north" })),
    network: [{ relationship: "RELATIONSHIP_PARENT", name: "Hana", household_member: true }, { relationship: "RELATIONSHIP_GP", name: "Dr Ames" }],
  };
  const synced = [];
  for (let attempt = 0; attempt < 2; attempt++) {
    const { results: [result] } = await write("case", "SyncChildren", "INTEGRATOR", { source_system: "lcs", children: [source] });
    if (result.outcome === "SYNC_OUTCOME_REFUSED") fail(`sync refused: ${JSON.stringify(result.violations)}`);
    synced.push(result);
  }
  const child = await call("case", "GetChild", "SW", { id: synced[0].child_id });
  const mother = child.network.find((m) => m.name === "Hana");
  await eventually("the pathway to open", () => call("pathway", "GetPathway", "SW", { child_id: child.id }));

  // S20-1 / S20-2 / S20-4: the mother asks for the return; the child's views and the parents' agreement are recorded.
  const s20 = await write("pathway", "RecordSection20Trigger", "SW", {
    child_id: child.id, trigger: "SECTION20_TRIGGER_PARENT_REQUEST", raised_by: "Hana (mother)", trigger_date: day(0),
    child_views: "I want to live with mum again",
    parents_consulted: "Hana asked for the return; she and the father agree it after the assessment (S20-4).",
  });

  // Assessment: the form the service chooses, the risk, the checklist (IRO completes), the household DBS check.
  const form = await call("assessment", "ChooseReturnHomeAssessment", "SW", { child_id: child.id });
  const assessment = await write("assessment", "CreateAssessment", "SW", { assessment: { child_id: child.id, kind: form.form, author_id: "sw-node" } });
  const analysis = {
    chronology: "Reviewed", child_journey: "Since care", reasons_for_care: "Parental stress", evidence_of_change: "Programme completed",
    capacity_to_sustain_change: "Stable routines", fathers_and_partners: "Not involved", partner_agencies: "Housing consulted", family_stresses: "Debt advice",
  };
  const analysed = await write("assessment", "UpdateAssessment", "SW", {
    assessment: { id: assessment.id, etag: assessment.etag, analysis },
    update_mask: { paths: Object.keys(analysis).map((section) => `analysis.${section}`) },
  });
  await write("assessment", "CompleteAssessment", "SW", { id: assessment.id, etag: analysed.etag, completed_on: day(0) });
  await write("assessment", "ClassifyRisk", "SW", {
    child_id: child.id,
    inputs: {
      risk_factors: "RISK_FACTORS_NONE_OR_ADDRESSED", protective_factors: "PROTECTIVE_FACTORS_AT_LEAST_ONE",
      capacity_to_change: "CAPACITY_TO_CHANGE_SUSTAINED", wishes: "WISHES_BOTH_WANT_RETURN",
    },
  });
  const checklist = await write("assessment", "CreateChecklist", "SW", { child_id: child.id, subject: "return home", leaving_care_status: "LEAVING_CARE_STATUS_NONE" });
  // RH-4: the HoS's agreement is recorded by the HoS's approval itself, not attested here.
  for (const item of checklist.items.filter((i) => i.key !== "rh4-hos-agreement")) {
    await write("assessment", "UpdateChecklistItem", "SW", { checklist_id: checklist.id, key: item.key, state: "ITEM_STATE_MET", evidence: { note: "Agreed at the review" } });
  }
  await write("assessment", "CompleteChecklist", "IRO", { id: checklist.id });
  await write("assessment", "ConfirmHousehold", "SW", { child_id: child.id, member_ids: [mother.id], no_other_adults: true });
  await write("assessment", "RecordDbsCheck", "SW", {
    check: { child_id: child.id, network_member_id: mother.id, state: "DBS_STATE_CLEAR", requested_on: day(-10), result_on: day(-3) },
  });

  // S20-6 / AP-2 / AP-1: viable; an 11-year-old looked after 40 days: the SM agrees (the AD is told), the HoS agrees,
  // then the Director authorises; then the episode is ended through Pathway.
  // S20-6 / S20-8: the IRO's own views and the step-down plan go to the HoS with the form.
  await write("pathway", "AddPathwayRecord", "IRO", { child_id: child.id, record: { kind: "RECORD_KIND_IRO_VIEWS", notes: "Supports the return", occurred_on: day(0) } });
  await write("pathway", "AddPathwayRecord", "SW", {
    child_id: child.id, record: { kind: "RECORD_KIND_STEP_DOWN_PLAN", subject: "CIN meeting", notes: "Aim: support for six months", occurred_on: day(0) },
  });
  // RH-8: the return home plan is a document on the child's record; GP and Housing are sent it before the return.
  const plan = await write("case", "CreateDocument", "SW", {
    child_id: child.id, document: { kind: "DOCUMENT_KIND_PLAN", title: "Return home plan", uri: "https://records.example.test/plan.pdf", content_type: "application/pdf", document_date: day(0) },
  });
  await write("pathway", "DecideSection20Return", "TM", { return_id: s20.id, viable: true, reason: "Assessment supports the return", plan_document_id: plan.id, planned_return_date: day(7) });
  const { approval_requests: [request] } = await call("approvals", "ListApprovalRequests", "HOS", { child_id: child.id });
  for (const role of ["SM", "HOS", "DIRECTOR"]) {
    const current = await call("approvals", "GetApprovalRequest", role, { id: request.id });
    const step = current.steps.find((s) => s.state === "STEP_STATE_CURRENT");
    await write("approvals", "DecideApprovalStep", role, {
      approval_request_id: request.id, step_index: step.index, decision: "DECISION_APPROVE", rationale: "Plan is safe", etag: current.etag,
    });
  }
  const completed = await write("pathway", "CompleteSection20Return", "TM", { return_id: s20.id, end_date: day(0) });

  const delivery = await eventually("the ChildReturnedHome webhook", () => deliveries.find((d) => d.payload.childId === child.id));
  if (!delivery.valid) fail("the webhook's signature did not verify");
  const gp = delivery.payload.notifications.filter((n) => n.kind === "child-returned-home").map((n) => n.recipient);

  // The pull feed: the same event, by the same id, for an integrator whose network cannot take webhooks.
  const fromFeed = await eventually("ChildReturnedHome in the feed", async () => (await call("notifications", "ListIntegrationEvents", "INTEGRATOR", {
    child_id: child.id, event_types: ["goinghome.events.v1.ChildReturnedHome"],
  })).events.find((e) => e.event_id === delivery.payload.eventId));
  console.log(JSON.stringify({
    child: child.id, form: form.form, s20: completed.state, webhook: delivery.type, deliveryId: delivery.id, told: gp,
    webhookEventId: delivery.payload.eventId, feedEventId: fromFeed.event_id, sync: synced.map((r) => r.outcome),
  }));
} catch (error) {
  fail(error.message);
} finally {
  receiver.close();
  Object.values(clients).forEach((c) => c.close());
}
