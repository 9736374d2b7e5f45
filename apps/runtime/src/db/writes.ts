/**
 * Bulk writes shared by event ingestion and the deadline scheduler. Each takes one
 * JSON parameter expanded with json_to_recordset: one round trip per table whatever
 * the number of rows, and the same SQL on PGlite and PostgreSQL.
 */
import { unitDueAt, type CompiledPolicy, type Decision, type SubjectState } from "@yardstick/engine";
import { storableDue } from "../limits.js";
import { ENQUEUE_DELIVERIES_CTE } from "../webhooks/outbox.js";
import type { Queryable } from "./database.js";

/** The new state of one (policy, version, subject): null when the engine dropped it. */
export interface SubjectWrite {
  subject: string;
  policy: string;
  version: number;
  state: SubjectState | null;
  /** Next time the scheduler must look at it, or null. */
  due: number | null;
}

/**
 * When the scheduler must next visit a subject: the engine's unitDueAt (its next
 * deadline, else the moment it settles and advanceUnit drops it), or null.
 */
export function deadlineFor(policy: CompiledPolicy, subject: string, state: SubjectState | null, latenessMs: number): number | null {
  return unitDueAt(policy, { subject, state }, { latenessMs });
}

/** States and deadlines of many subjects in one statement (writable CTEs over one JSON parameter). */
export async function writeSubjects(tx: Queryable, writes: SubjectWrite[]): Promise<void> {
  if (!writes.length) return;
  await tx.query(
    `WITH r AS (SELECT * FROM json_to_recordset($1::json) AS r(subject text, policy text, version int, state json, due_ms bigint)),
     keep AS (
       INSERT INTO subject_states (subject, policy, version, state, due_ms) SELECT subject, policy, version, state, due_ms FROM r WHERE state IS NOT NULL
       ON CONFLICT (subject, policy, version) DO UPDATE SET state = excluded.state, due_ms = excluded.due_ms)
     DELETE FROM subject_states s USING r WHERE r.state IS NULL AND s.subject = r.subject AND s.policy = r.policy AND s.version = r.version`,
    [JSON.stringify(writes.map((w) => ({ subject: w.subject, policy: w.policy, version: w.version, state: w.state, due_ms: storableDue(w.due) })))],
  );
}

/** A policy's policy-scoped units (escalation standards): each one's state by standard id (one shared_states row). */
export type SharedState = Record<string, SubjectState>;

/** When the scheduler must next advance a policy's shared units (the earliest unitDueAt), or null. */
export function sharedDueFor(policy: CompiledPolicy, shared: SharedState): number | null {
  let min: number | null = null;
  for (const [standard, state] of Object.entries(shared)) {
    const due = unitDueAt(policy, { standard, state });
    if (due !== null && (min === null || due < min)) min = due;
  }
  return min;
}

/** Shared states of many policies with their next deadline (see sharedDueFor), in one statement. */
export async function writeShared(tx: Queryable, rows: Array<{ policy: CompiledPolicy; state: SharedState; due: number | null }>): Promise<void> {
  if (!rows.length) return;
  await tx.query(
    `INSERT INTO shared_states (policy, version, state, due_ms)
     SELECT policy, version, state, due_ms FROM json_to_recordset($1::json) AS r(policy text, version int, state json, due_ms bigint)
     ON CONFLICT (policy, version) DO UPDATE SET state = excluded.state, due_ms = excluded.due_ms`,
    [JSON.stringify(rows.map((r) => ({ policy: r.policy.id, version: r.policy.version, state: r.state, due_ms: storableDue(r.due) })))],
  );
}

/**
 * Stores decisions in the order they were made. Ids are deterministic, so a decision
 * made twice is stored once (UNIQUE id). `supersedes` is applied in emission order: a
 * superseded decision that is made again (a second late event restored the outcome)
 * becomes effective again. Each new decision is enqueued for the webhook subscriptions
 * it matches (webhooks/outbox.ts). Returns the decisions that were new.
 */
export async function recordDecisions(tx: Queryable, decisions: Decision[]): Promise<Decision[]> {
  if (!decisions.length) return [];
  const rows = decisions.map((d) => ({
    id: d.id,
    policy: d.policy,
    version: d.version,
    standard: d.standard,
    subject: d.subject,
    status: d.status,
    at: d.at,
    retracted: d.retracted === true,
    obligation: typeof d.obligation === "string" ? d.obligation : null,
    elapsed_ms: d.elapsedMs ?? null,
    over_by_ms: d.overByMs ?? null,
    severity: d.severity ?? null,
    first_event: d.events[0] ?? null,
    body: d,
  }));
  // The webhook outbox is filled by the same statement, from the rows stored now only.
  const inserted = await tx.query<{ id: string }>(
    // site: the `site` data field of the decision's first (start) event, stored before it (reports group by it).
    `WITH stored AS (
       INSERT INTO decisions (id, policy, version, standard, subject, status, at, retracted, obligation, elapsed_ms, over_by_ms, severity, site, body)
       SELECT id, policy, version, standard, subject, status, at, retracted, obligation, elapsed_ms, over_by_ms, severity,
         (SELECT e.body->'data'->>'site' FROM events e WHERE e.id = r.first_event), body
       FROM json_to_recordset($1::json) AS r(id text, policy text, version int, standard text, subject text, status text, at timestamptz, retracted boolean, obligation text,
         elapsed_ms bigint, over_by_ms bigint, severity text, first_event text, body json)
       ON CONFLICT (id) DO NOTHING RETURNING id, policy, standard, subject, status, body),
     ${ENQUEUE_DELIVERIES_CTE}
     SELECT id FROM stored`,
    [JSON.stringify(rows)],
  );
  const fresh = new Set(inserted.map((r) => r.id));
  const supersededBy = new Map<string, string>();
  const revived = new Set<string>();
  for (const d of decisions) {
    supersededBy.delete(d.id);
    if (!fresh.has(d.id)) revived.add(d.id);
    for (const old of d.supersedes ?? []) {
      supersededBy.set(old, d.id);
      revived.delete(old);
    }
  }
  if (revived.size) await tx.query("DELETE FROM supersessions WHERE decision_id = ANY($1::text[])", [[...revived]]);
  if (supersededBy.size) {
    await tx.query(
      `INSERT INTO supersessions (decision_id, superseded_by)
       SELECT decision_id, superseded_by FROM json_to_recordset($1::json) AS r(decision_id text, superseded_by text)
       ON CONFLICT (decision_id) DO UPDATE SET superseded_by = excluded.superseded_by`,
      [JSON.stringify([...supersededBy].map(([decision_id, superseded_by]) => ({ decision_id, superseded_by })))],
    );
  }
  const seen = new Set<string>();
  return decisions.filter((d) => fresh.has(d.id) && !seen.has(d.id) && seen.add(d.id));
}
