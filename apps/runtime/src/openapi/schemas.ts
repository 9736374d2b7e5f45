/** OpenAPI 3.1 component schemas (JSON Schema 2020-12) for the runtime's bodies. */
import { DECISION_STATUSES, EVENT_TYPE_PATTERN } from "@yardstick/engine";
import { HTTP_ERROR_CODES } from "../http-codes.js";

const isoTime = { type: "string", format: "date-time", description: "ISO 8601 with offset" } as const;

export const schemas: Record<string, unknown> = {
  Error: {
    type: "object",
    required: ["error"],
    properties: {
      error: {
        type: "object",
        required: ["code", "message", "details"],
        properties: {
          code: { type: "string", enum: Object.keys(HTTP_ERROR_CODES), description: "Stable lower_snake_case code (API, never renamed; docs/codes.md)", examples: ["event_invalid"] },
          message: { type: "string" },
          details: { type: "object", description: "`path` names the offending field: a JSON pointer into the body, `?name` for a query parameter", additionalProperties: true },
        },
      },
    },
  },
  Event: {
    type: "object",
    required: ["id", "type", "subject", "time"],
    additionalProperties: false,
    properties: {
      id: { type: "string", minLength: 1, maxLength: 200, description: "Unique per event; a repeat is a duplicate" },
      type: { type: "string", pattern: EVENT_TYPE_PATTERN.source, examples: ["guest.seated"] },
      subject: { type: "string", minLength: 1, maxLength: 200, examples: ["store-7/table-12/visit-331"] },
      time: { ...isoTime, description: "Event time (not arrival time)" },
      data: { type: "object", additionalProperties: true },
    },
  },
  EventBatch: { type: "object", required: ["events"], additionalProperties: false, properties: { events: { type: "array", items: { $ref: "#/components/schemas/Event" }, maxItems: 10000 } } },
  IngestResult: {
    type: "object",
    required: ["accepted", "duplicates", "decisions"],
    properties: {
      accepted: { type: "integer", description: "Events stored by this request" },
      duplicates: { type: "integer", description: "Events already stored with the same content (nothing changed)" },
      decisions: { type: "array", items: { $ref: "#/components/schemas/Decision" } },
    },
  },
  Decision: {
    type: "object",
    required: ["id", "policy", "version", "standard", "subject", "key", "status", "at", "reasons", "events"],
    additionalProperties: true,
    properties: {
      id: { type: "string", description: "Deterministic: same version + same events give the same id" },
      policy: { type: "string" },
      version: { type: "integer" },
      standard: { type: "string" },
      subject: { type: "string" },
      key: { type: "string" },
      obligation: {
        type: ["string", "null"],
        description: "Stable id of the obligation (`<standard>|<subject>|<obligation>`): every decision about one obligation carries it (warning, breach, late stop, superseding decision, retraction); null for decisions stored before it was recorded",
      },
      status: { enum: [...DECISION_STATUSES] },
      startedAt: isoTime,
      dueAt: isoTime,
      at: isoTime,
      elapsedMs: { type: "number", description: "Wall-clock time the obligation's clock ran (held time excluded), ms" },
      overByMs: { type: "number", description: "Wall-clock time from dueAt to at, ms (breaches)" },
      businessElapsedMs: { type: "number", description: "Calendar standards: the running time in working time, ms" },
      businessOverByMs: { type: "number", description: "Calendar standards: working time from dueAt to at, ms (breaches)" },
      severity: { type: "string" },
      reasons: { type: "array", items: { type: "string" } },
      events: { type: "array", items: { type: "string" } },
      level: { type: "string" },
      owner: { type: "string" },
      ticket: { type: "string" },
      overtaken: { type: "array", items: { type: "string" } },
      supersedes: { type: "array", items: { type: "string" }, description: "Earlier decisions this one replaces" },
      retracted: { type: "boolean", description: "A notice withdrawing earlier decisions" },
    },
  },
  DecisionPage: {
    type: "object",
    required: ["decisions", "nextCursor", "hasMore"],
    properties: {
      decisions: { type: "array", items: { $ref: "#/components/schemas/Decision" } },
      nextCursor: { type: ["string", "null"], description: "Opaque; pass as ?cursor to continue (also to poll for newer ones)" },
      hasMore: { type: "boolean" },
    },
  },
  EvaluateRequest: {
    type: "object",
    required: ["events"],
    additionalProperties: false,
    properties: {
      policy: { $ref: "#/components/schemas/PolicyDocument" },
      policyRef: { type: "object", required: ["id"], additionalProperties: false, properties: { id: { type: "string" }, version: { type: "integer", minimum: 1 } } },
      events: { type: "array", items: { $ref: "#/components/schemas/Event" } },
      until: { ...isoTime, description: "Stop the clock here: what still runs is `open`" },
    },
    description: "Exactly one of policy or policyRef (without version: the active one).",
  },
  PolicyDocument: { type: "object", description: "A policy document (packages/engine/schema/policy.schema.json)", additionalProperties: true, required: ["id", "title", "standards"] },
  VersionInfo: {
    type: "object",
    required: ["id", "version", "hash", "chain", "prevChain", "author", "message", "publishedAt", "active"],
    properties: {
      id: { type: "string" },
      version: { type: "integer" },
      hash: { type: "string", description: "sha256 of the canonical document without `version`" },
      chain: { type: "string", description: "sha256 over {policy, version, hash, author, message, publishedAt, prev}" },
      prevChain: { type: ["string", "null"] },
      author: { type: "string", description: "Name of the key that published it" },
      message: { type: "string" },
      publishedAt: isoTime,
      active: { type: "boolean" },
    },
  },
  PublishRequest: {
    type: "object",
    required: ["policy", "message"],
    additionalProperties: false,
    properties: { policy: { $ref: "#/components/schemas/PolicyDocument" }, message: { type: "string", minLength: 1, maxLength: 2000 } },
  },
  PublishResult: {
    allOf: [{ $ref: "#/components/schemas/VersionInfo" }],
    type: "object",
    properties: { created: { type: "boolean", description: "False when the content equals the latest version" }, diagnostics: { type: "array", items: { type: "object" } } },
  },
  PolicySummary: {
    type: "object",
    properties: {
      id: { type: "string" },
      title: {},
      latestVersion: { type: "integer" },
      activeVersion: { type: ["integer", "null"] },
      activatedAt: { type: ["string", "null"], format: "date-time" },
      state: { enum: ["inactive", "active", "deactivated", "suspended"], description: "suspended: deactivated by the runtime after run-time faults (GET /v1/admin/policy-faults)" },
      changedBy: { type: ["string", "null"], description: "who made the last activation or deactivation" },
    },
  },
  Verify: {
    type: "object",
    properties: {
      id: { type: "string" },
      ok: { type: "boolean" },
      versions: { type: "integer" },
      head: { type: ["string", "null"] },
      problems: { type: "array", items: { type: "object", properties: { version: { type: "integer" }, code: { type: "string" }, message: { type: "string" } } } },
    },
  },
  Diff: {
    type: "object",
    properties: {
      id: { type: "string" },
      from: { type: "integer" },
      to: { type: "integer" },
      changes: { type: "array", items: { type: "object", properties: { kind: { enum: ["added", "removed", "changed"] }, standard: { type: "string" }, path: { type: "string" }, message: { type: "string" } } } },
      behaviour: {
        type: ["object", "null"],
        description: "Stored events in [replayFrom, replayTo) replayed through both versions (until replayTo)",
        properties: {
          changes: { type: "array", items: { type: "object" }, description: "The first ?changes= changes, in time order" },
          changesTotal: { type: "integer", description: "How many outcomes changed in all" },
          changesTruncated: { type: "boolean", description: "True when changes lists fewer than changesTotal" },
          transitions: {
            type: "array",
            description: "Every change counted per standard and transition (before → after status)",
            items: { type: "object", properties: { standard: { type: "string" }, before: { type: "string" }, after: { type: "string" }, count: { type: "integer" } } },
          },
          counts: { type: "object" },
          standards: { type: "object" },
          events: { type: "integer" },
          replayFrom: isoTime,
          replayTo: isoTime,
        },
      },
    },
  },
  Key: {
    type: "object",
    properties: {
      id: { type: "string" },
      name: { type: "string" },
      role: { enum: ["service", "manager", "auditor", "admin"] },
      createdAt: isoTime,
      createdBy: { type: "string" },
      revokedAt: { type: ["string", "null"], format: "date-time" },
    },
  },
  CreatedKey: {
    type: "object",
    required: ["id", "name", "role", "key"],
    properties: { id: { type: "string" }, name: { type: "string" }, role: { type: "string" }, key: { type: "string", description: "Shown once; stored only as its sha256" } },
  },
};
