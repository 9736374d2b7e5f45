/**
 * The hand-written OpenAPI 3.1 document served at /openapi.json. A test checks that it
 * names exactly the routes the app mounts, with the roles that may call them.
 */
import { DECISION_STATUSES } from "@yardstick/engine";
import { schemas } from "./schemas.js";

type Op = Record<string, unknown>;
const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const json = (schema: unknown, description = "OK") => ({ description, content: { "application/json": { schema } } });
const err = (description: string) => json(ref("Error"), description);
const q = (name: string, description: string, schema: Record<string, unknown> = { type: "string" }, required = false) => ({ name, in: "query", required, description, schema });
const p = (name: string, description: string, schema: Record<string, unknown> = { type: "string" }) => ({ name, in: "path", required: true, description, schema });

/** Errors every /v1 operation may answer. */
const common = {
  "400": err("Invalid request: `details.path` names the field (`invalid_json`, `invalid_request`, …)"),
  "401": err("No key, or an unknown or revoked key (`unauthorized`)"),
  "403": err("The key's role may not do this (`forbidden`)"),
  "429": err("Rate limit of this key exceeded (`rate_limited`; see Retry-After)"),
};
const withBody = { ...common, "413": err("Body larger than the limit (`payload_too_large`)"), "415": err("Body is not application/json") };

function op(summary: string, roles: string[], extra: Op): Op {
  return { summary, description: `Roles: ${roles.join(", ")}.`, "x-roles": roles, security: [{ bearer: [] }], ...extra };
}

const decisionFilters = [
  q("subject", "Only this subject"),
  q("standard", "Only this standard id"),
  q("status", "Only this status", { enum: [...DECISION_STATUSES] }),
  q("policy", "Only this policy id"),
  q("version", "Only this policy version", { type: "integer" }),
  q("since", "Decision time `at` ≥ since", { type: "string", format: "date-time" }),
  q("until", "Decision time `at` < until", { type: "string", format: "date-time" }),
  q("effective", "true: only decisions neither superseded nor retracted", { type: "boolean" }),
];
const READ_ALL = ["service", "manager", "auditor", "admin"];
const REPORTS = ["manager", "auditor", "admin"];
const exportFormatParam = q("format", "ndjson (default) or csv; without it the Accept header chooses (text/csv, application/x-ndjson)", { enum: ["ndjson", "csv"] });
const streamed = (what: string) => ({
  description: `${what}, streamed page by page`,
  content: { "application/x-ndjson": { schema: { type: "string", description: "One JSON object a line" } }, "text/csv": { schema: { type: "string", description: "RFC 4180, a header line first" } } },
});
const POLICY_READ = ["manager", "auditor", "admin"];

export const openApiDocument = {
  openapi: "3.1.0",
  info: {
    title: "Yardstick runtime",
    version: "1",
    description:
      "Events in, decisions out; versioned policies; API keys. Authenticate with `Authorization: Bearer <key>`. Errors are `{error: {code, message, details}}`; a 4xx means the request was wrong, a 5xx is a bug.",
  },
  components: { securitySchemes: { bearer: { type: "http", scheme: "bearer" } }, schemas },
  paths: {
    "/v1/events": {
      post: op("Send one event or a batch; answered after commit", ["service", "admin"], {
        requestBody: { required: true, content: { "application/json": { schema: { oneOf: [ref("Event"), ref("EventBatch")] } } } },
        responses: {
          "200": json(ref("IngestResult")),
          ...withBody,
          "409": err("The id is already stored with different content (`event_conflict`); nothing of this request was stored"),
        },
        operationId: "sendEvents",
        description:
          "Roles: service, admin. Idempotent by event id. Events older than the lateness bound (default 24 h) or more than 60 s ahead of server time are refused (400 `event_too_late` / `event_in_future`) and not stored.",
      }),
      get: op("Export stored events in time order as NDJSON or CSV (replay them with `yardstick replay`)", REPORTS, {
        operationId: "exportEvents",
        parameters: [
          q("from", "Event time ≥ from", { type: "string", format: "date-time" }),
          q("to", "Event time < to", { type: "string", format: "date-time" }),
          q("type", "Only this event type"),
          q("subject", "Only this subject"),
          exportFormatParam,
        ],
        responses: { "200": streamed("Events as stored ({id, type, subject, time, data}; CSV: data as JSON)"), ...common, "406": err("The Accept header names neither format (`not_acceptable`)") },
      }),
    },
    "/v1/decisions": {
      get: op("Decisions in recorded order, cursor-paginated", READ_ALL, {
        parameters: [
          ...decisionFilters,
          q("distinct", "obligation: of the matching decisions, only the latest recorded one of each obligation (count obligations, not decisions: `?status=breached&effective=true&distinct=obligation` lists each breached obligation once)", { enum: ["obligation"] }),
          q("limit", "1–1000 (default 100)", { type: "integer" }),
          q("cursor", "From a previous page's nextCursor"),
        ],
        responses: { "200": json(ref("DecisionPage")), ...common },
      }),
    },
    "/v1/decisions/stream": {
      get: op("Server-sent events: each new decision as `event: decision`", READ_ALL, {
        parameters: [
          ...decisionFilters.filter((x) => !["since", "until", "effective"].includes(x.name)),
          q("cursor", "Resume point (or send Last-Event-ID)"),
          q("access_token", "A stream token from POST /v1/decisions/stream-tokens, instead of the Authorization header (for a browser's EventSource)"),
        ],
        responses: { "200": { description: "text/event-stream; every message's id is a cursor", content: { "text/event-stream": { schema: { type: "string" } } } }, ...common },
      }),
    },
    "/v1/decisions/stream-tokens": {
      post: op("A short-lived token (5 min) that opens the decision stream from a browser: GET /v1/decisions/stream?access_token=…", READ_ALL, {
        responses: {
          "201": json({ type: "object", properties: { token: { type: "string" }, expiresAt: { type: "string", format: "date-time" }, url: { type: "string" } } }, "Created"),
          ...common,
        },
      }),
    },
    "/v1/evaluate": {
      post: op("Stateless evaluation: identical to replayEvents / `yardstick replay`", READ_ALL, {
        requestBody: { required: true, content: { "application/json": { schema: ref("EvaluateRequest") } } },
        responses: {
          "200": json({ type: "object", properties: { decisions: { type: "array", items: ref("Decision") } } }),
          ...withBody,
          "404": err("policyRef names no such (active) version"),
          "422": err("The policy does not compile (`policy_invalid`, with diagnostics), or the evaluation ran out of its budget (`budget_exceeded`)"),
          "503": err("Every evaluation worker is busy and the queue is full (`busy`; see Retry-After)"),
        },
      }),
    },
    "/v1/policies": {
      get: op("Every policy with its latest and active version", POLICY_READ, {
        responses: { "200": json({ type: "object", properties: { policies: { type: "array", items: ref("PolicySummary") } } }), ...common },
      }),
    },
    "/v1/policies/{id}/versions": {
      get: op("Version history", POLICY_READ, {
        parameters: [p("id", "Policy id")],
        responses: {
          "200": json({ type: "object", properties: { id: { type: "string" }, activeVersion: { type: ["integer", "null"] }, versions: { type: "array", items: ref("VersionInfo") } } }),
          ...common,
          "404": err("No such policy"),
        },
      }),
      post: op("Publish a new immutable version (compiled first)", ["manager", "admin"], {
        parameters: [p("id", "Policy id; must equal the document's id")],
        requestBody: { required: true, content: { "application/json": { schema: ref("PublishRequest") } } },
        responses: {
          "201": json(ref("PublishResult"), "Published"),
          "200": json(ref("PublishResult"), "Same content as the latest version: nothing new stored"),
          ...withBody,
          "422": err("Does not compile (`policy_invalid`, diagnostics with JSON pointers)"),
        },
      }),
    },
    "/v1/policies/{id}/versions/{v}": {
      get: op("One version with its document (`policy`)", POLICY_READ, {
        parameters: [p("id", "Policy id"), p("v", "Version", { type: "integer" })],
        responses: { "200": json({ allOf: [ref("VersionInfo")], properties: { policy: ref("PolicyDocument") } }), ...common, "404": err("No such version") },
      }),
    },
    "/v1/policies/{id}/activate": {
      post: op("Choose the version that receives new events", ["manager", "admin"], {
        parameters: [p("id", "Policy id")],
        requestBody: { required: true, content: { "application/json": { schema: { type: "object", required: ["version"], properties: { version: { type: "integer", minimum: 1 } } } } } },
        responses: {
          "200": json({ type: "object", properties: { id: { type: "string" }, version: { type: "integer" }, previous: { type: ["integer", "null"] }, changed: { type: "boolean" } } }),
          ...withBody,
          "404": err("No such version"),
        },
        description:
          "Roles: manager, admin. New subjects go to the active version; a subject already tracked under an earlier version stays with it until it settles, so an obligation is judged by one version from start to end.",
      }),
    },
    "/v1/policies/{id}/deactivate": {
      post: op("Stop the policy: no version receives events; its tracked subjects are dropped", ["manager", "admin"], {
        parameters: [p("id", "Policy id")],
        requestBody: { required: true, content: { "application/json": { schema: { type: "object", additionalProperties: false } } } },
        responses: {
          "200": json({ type: "object", properties: { id: { type: "string" }, previous: { type: ["integer", "null"] }, changed: { type: "boolean" } } }),
          ...withBody,
          "404": err("No such policy"),
        },
        description:
          "Roles: manager, admin. Its events stay stored; no deadline of it fires any more; activating a version again starts from new events. The runtime does the same on its own (state `suspended`) to a version that failed on YARDSTICK_POLICY_FAULT_LIMIT events.",
      }),
    },
    "/v1/policies/{id}/verify": {
      get: op("Recompute content hashes and the hash chain", POLICY_READ, {
        parameters: [p("id", "Policy id")],
        responses: { "200": json(ref("Verify")), ...common, "404": err("No such policy") },
      }),
    },
    "/v1/policies/{id}/diff": {
      get: op("Structural diff of two versions, plus behavioural over stored events", POLICY_READ, {
        parameters: [
          p("id", "Policy id"),
          q("from", "Old version", { type: "integer" }, true),
          q("to", "New version", { type: "integer" }, true),
          q("replayFrom", "Replay stored events with time ≥ this", { type: "string", format: "date-time" }),
          q("replayTo", "… and < this (the replay's until)", { type: "string", format: "date-time" }),
          q("changes", "Most behaviour changes listed (0–10000, default 1000); all are counted in transitions", { type: "integer", minimum: 0, maximum: 10000 }),
        ],
        responses: { "200": json(ref("Diff")), ...common, "404": err("No such version") },
      }),
    },
    "/v1/keys": {
      post: op("Create a key (the secret is shown once)", ["admin"], {
        requestBody: {
          required: true,
          content: { "application/json": { schema: { type: "object", required: ["role", "name"], properties: { role: { enum: ["service", "manager", "auditor", "admin"] }, name: { type: "string" } } } } },
        },
        responses: { "201": json(ref("CreatedKey"), "Created"), ...withBody },
      }),
      get: op("List keys (metadata, never secrets)", ["auditor", "admin"], {
        responses: { "200": json({ type: "object", properties: { keys: { type: "array", items: ref("Key") } } }), ...common },
      }),
    },
    "/v1/keys/me": {
      get: op("The calling key's id, name and role", ["service", "manager", "auditor", "admin"], {
        responses: { "200": json({ type: "object", properties: { id: { type: "string" }, name: { type: "string" }, role: { type: "string" } } }), ...common },
      }),
    },
    "/v1/keys/{id}": {
      delete: op("Revoke a key (effective within 1 s on every instance)", ["admin"], {
        parameters: [p("id", "Key id")],
        responses: { "200": json({ type: "object", properties: { id: { type: "string" }, revoked: { const: true } } }), ...common, "404": err("No such active key") },
      }),
    },
    "/v1/webhooks": {
      post: op("Subscribe a receiver URL to decisions (signed Standard Webhooks deliveries; the secret is shown once)", ["manager", "admin"], {
        requestBody: { required: true, content: { "application/json": { schema: ref("WebhookInput") } } },
        responses: { "201": json(ref("WebhookCreated"), "Created"), ...withBody },
      }),
      get: op("List webhook subscriptions (never their secrets)", ["manager", "auditor", "admin"], {
        responses: { "200": json({ type: "object", properties: { webhooks: { type: "array", items: ref("Webhook") } } }), ...common },
      }),
    },
    "/v1/webhooks/{id}": {
      delete: op("Delete a subscription and its deliveries (pending ones are not sent)", ["manager", "admin"], {
        parameters: [p("id", "Subscription id (wh_…)")],
        responses: { "200": json({ type: "object", properties: { id: { type: "string" }, deleted: { const: true } } }), ...common, "404": err("No such subscription") },
      }),
    },
    "/v1/webhooks/{id}/test": {
      post: op("Send a webhook.test delivery to the subscription's receiver", ["manager", "admin"], {
        parameters: [p("id", "Subscription id (wh_…)")],
        responses: { "202": json({ type: "object", properties: { delivery: { type: "string" } } }, "Enqueued"), ...common, "404": err("No such subscription") },
      }),
    },
    "/v1/webhooks/{id}/deliveries": {
      get: op("The delivery log of a subscription, newest first: attempts, last answer, state", ["manager", "auditor", "admin"], {
        parameters: [p("id", "Subscription id (wh_…)"), q("state", "Only deliveries in this state", { enum: ["pending", "delivered", "dead"] }), q("limit", "At most this many (1–1000, default 100)", { type: "integer" })],
        responses: { "200": json({ type: "object", properties: { deliveries: { type: "array", items: ref("WebhookDelivery") } } }), ...common, "404": err("No such subscription") },
      }),
    },
    "/v1/admin/quarantine": {
      get: op("Subjects and policy-scoped units whose deadline evaluation threw: error, attempts, next retry", ["auditor", "admin"], {
        responses: { "200": json({ type: "object", properties: { quarantined: { type: "array", items: { type: "object" } } } }), ...common },
      }),
    },
    "/v1/admin/policy-faults": {
      get: op("Activated policies that failed on events: counts, last error, suspension", ["auditor", "admin"], {
        responses: { "200": json({ type: "object", properties: { policies: { type: "array", items: { type: "object" } } } }), ...common },
      }),
    },
    "/v1/audit": {
      get: op("The audit trail: keys and policy versions, who and when", ["auditor", "admin"], {
        parameters: [q("limit", "1–1000 (default 100)", { type: "integer" }), q("cursor", "From a previous page")],
        responses: { "200": json({ type: "object", properties: { entries: { type: "array", items: { type: "object" } }, nextCursor: { type: "string" }, hasMore: { type: "boolean" } } }), ...common },
      }),
    },
    "/v1/reports/compliance": {
      get: op("Compliance report: obligations met and breached per day, week, site, severity or standard", REPORTS, {
        operationId: "getComplianceReport",
        parameters: [
          q("policy", "Only this policy (its timezone is the default ?tz)"),
          q("standard", "Only this standard id"),
          q("from", "Obligations whose first outcome (met or breach time) is ≥ from", { type: "string", format: "date-time" }, true),
          q("to", "… and < to; at most 400 days after from", { type: "string", format: "date-time" }, true),
          q("groupBy", "day (default), week (Monday first), site (the events' data.site), severity or standard", { enum: ["day", "week", "site", "severity", "standard"] }),
          q("tz", "IANA zone for days and weeks (default: the policy's timezone, else UTC)"),
        ],
        responses: { "200": json(ref("ComplianceReport")), ...common, "404": err("No such policy") },
      }),
    },
    "/v1/open": {
      get: op("Live board: obligations running now with due time, time left and warning state", REPORTS, {
        operationId: "listOpenObligations",
        parameters: [
          q("at", "The instant time left is measured from (default: the server clock)", { type: "string", format: "date-time" }),
          q("policy", "Only this policy"),
          q("site", "Only obligations whose start event has this data.site"),
          q("limit", "Subjects per page, 1–1000 (default 100); a page lists their running obligations, sometimes none", { type: "integer" }),
          q("cursor", "From a previous page's nextCursor"),
        ],
        responses: { "200": json(ref("OpenPage")), ...common },
      }),
    },
    "/v1/decisions/export": {
      get: op("Export decisions (the filters of GET /v1/decisions) as NDJSON or CSV", REPORTS, {
        operationId: "exportDecisions",
        parameters: [
          ...decisionFilters,
          q("from", "Same as since", { type: "string", format: "date-time" }),
          q("to", "Same as until", { type: "string", format: "date-time" }),
          exportFormatParam,
        ],
        responses: { "200": streamed("Decisions in recorded order"), ...common, "406": err("The Accept header names neither format (`not_acceptable`)") },
      }),
    },
    "/healthz": { get: { summary: "Liveness (no key)", security: [], responses: { "200": json({ type: "object" }) } } },
    "/readyz": { get: { summary: "Readiness: database reachable and migrated, scheduler running (no key)", security: [], responses: { "200": json({ type: "object" }), "503": err("Not ready") } } },
    "/metrics": {
      get: {
        summary: "Prometheus metrics (no key): events, decisions by status, deadline lag, request latency",
        security: [],
        responses: { "200": { description: "text/plain; version=0.0.4", content: { "text/plain": { schema: { type: "string" } } } } },
      },
    },
    "/openapi.json": { get: { summary: "This document (no key)", security: [], responses: { "200": json({ type: "object" }) } } },
    "/docs": { get: { summary: "This document rendered as HTML (no key)", security: [], responses: { "200": { description: "HTML", content: { "text/html": { schema: { type: "string" } } } } } } },
  },
} as const;
