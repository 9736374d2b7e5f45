/**
 * Quarantine of deadline units whose evaluation throws (issue 14: an accepted deep-data
 * event used to overflow the scheduler's stack on every pass, forever, and hold up the
 * rest of its batch). Such a subject or policy-scoped unit is recorded here with its
 * error and attempts; its row's due_ms (only that: its state is left as stored) moves
 * to the next retry, 1 s, 2 s, 4 s, … up to an hour after each failure. A successful
 * retry removes the record. Listed by GET /v1/admin/quarantine, counted in /metrics.
 */
import type { Queryable } from "../db/database.js";

export interface UnitFault {
  kind: "subject" | "shared";
  policy: string;
  version: number;
  /** The subject; "" for a policy's shared unit. */
  subject: string;
  error: string;
}

const BASE_MS = 1_000;
const MAX_MS = 3_600_000;

/** The wait after the `attempts`-th failure. */
export function retryDelay(attempts: number): number {
  return Math.min(MAX_MS, BASE_MS * 2 ** Math.min(30, Math.max(0, attempts - 1)));
}

/** Records the faults and postpones their rows; returns the next retry of each (same order). */
export async function quarantineUnits(tx: Queryable, faults: UnitFault[], now: number): Promise<number[]> {
  if (!faults.length) return [];
  const rows = await tx.query<{ kind: string; policy: string; version: number; subject: string; attempts: number }>(
    `INSERT INTO quarantine (kind, policy, version, subject, error, attempts, next_retry_ms)
     SELECT kind, policy, version, subject, error, 1, $2 FROM json_to_recordset($1::json) AS r(kind text, policy text, version int, subject text, error text)
     ON CONFLICT (kind, policy, version, subject) DO UPDATE SET error = excluded.error, attempts = quarantine.attempts + 1, last_at = now()
     RETURNING kind, policy, version, subject, attempts`,
    [JSON.stringify(faults.map((f) => ({ ...f, error: f.error.slice(0, 2000) }))), now + retryDelay(1)],
  );
  const attempts = new Map(rows.map((r) => [`${r.kind}\u0000${r.policy}\u0000${r.version}\u0000${r.subject}`, r.attempts]));
  const next = faults.map((f) => now + retryDelay(attempts.get(`${f.kind}\u0000${f.policy}\u0000${f.version}\u0000${f.subject}`) ?? 1));
  const param = JSON.stringify(faults.map((f, i) => ({ kind: f.kind, policy: f.policy, version: f.version, subject: f.subject, next: next[i] })));
  await tx.query(
    `UPDATE quarantine q SET next_retry_ms = r.next FROM json_to_recordset($1::json) AS r(kind text, policy text, version int, subject text, next bigint)
     WHERE q.kind = r.kind AND q.policy = r.policy AND q.version = r.version AND q.subject = r.subject`,
    [param],
  );
  await tx.query(
    `UPDATE subject_states s SET due_ms = r.next FROM json_to_recordset($1::json) AS r(kind text, policy text, version int, subject text, next bigint)
     WHERE r.kind = 'subject' AND s.policy = r.policy AND s.version = r.version AND s.subject = r.subject`,
    [param],
  );
  await tx.query(
    `UPDATE shared_states s SET due_ms = r.next FROM json_to_recordset($1::json) AS r(kind text, policy text, version int, subject text, next bigint)
     WHERE r.kind = 'shared' AND s.policy = r.policy AND s.version = r.version`,
    [param],
  );
  return next;
}

/** Units that fired fine again leave the quarantine. */
export async function releaseUnits(tx: Queryable, units: Array<Omit<UnitFault, "error">>): Promise<void> {
  if (!units.length) return;
  await tx.query(
    `DELETE FROM quarantine q USING json_to_recordset($1::json) AS r(kind text, policy text, version int, subject text)
     WHERE q.kind = r.kind AND q.policy = r.policy AND q.version = r.version AND q.subject = r.subject`,
    [JSON.stringify(units)],
  );
}

export async function countQuarantine(q: Queryable): Promise<number> {
  const [r] = await q.query<{ n: number }>("SELECT count(*)::int AS n FROM quarantine");
  return r?.n ?? 0;
}

/** For GET /v1/admin/quarantine: newest failures first. */
export async function listQuarantine(q: Queryable): Promise<Array<Record<string, unknown>>> {
  const rows = await q.query(
    "SELECT kind, policy, version, subject, error, attempts, first_at, last_at, next_retry_ms::float8 AS next FROM quarantine ORDER BY last_at DESC, policy, subject LIMIT 1000",
  );
  return rows.map((r) => ({
    kind: r.kind,
    policy: r.policy,
    version: r.version,
    ...(r.kind === "subject" ? { subject: r.subject } : {}),
    error: r.error,
    attempts: r.attempts,
    firstAt: new Date(r.first_at).toISOString(),
    lastAt: new Date(r.last_at).toISOString(),
    nextRetryAt: new Date(r.next).toISOString(),
  }));
}
