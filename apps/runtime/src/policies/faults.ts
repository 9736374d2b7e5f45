/**
 * Run-time failures of activated policies (issue 14): an engine step that throws for a
 * (policy version, event) is a fault of that policy, not of the request. The event is
 * stored and every other policy evaluates it; the failing policy skips it (its
 * decisions for that subject may be incomplete), the fault is counted in
 * `policy_faults`, logged and exported in /metrics, and after `suspendAfter` faults the
 * version is suspended: deactivated, exactly as a manager's POST …/deactivate.
 */
import { audit } from "../auth/keys.js";
import type { Queryable } from "../db/database.js";
import { lockActivations } from "./activation-lock.js";

/** One failed evaluation, recorded in the transaction that stores the event. */
export interface PolicyFault {
  policy: string;
  version: number;
  event: string;
  subject: string;
  error: string;
}

export interface Suspension {
  policy: string;
  version: number;
  faults: number;
}

export const SUSPEND_ACTOR = "runtime (auto-suspended)";

/** Counts the faults of a group and suspends the versions that reached `suspendAfter` and are still active. */
export async function recordPolicyFaults(tx: Queryable, faults: PolicyFault[], suspendAfter: number): Promise<Suspension[]> {
  if (!faults.length) return [];
  const byVersion = new Map<string, { policy: string; version: number; n: number; last: PolicyFault }>();
  for (const f of faults) {
    const k = `${f.policy}\u0000${f.version}`;
    const e = byVersion.get(k);
    if (e) {
      e.n++;
      // The error itself, not the note on the events skipped after it.
      if (!f.error.startsWith("skipped:") || e.last.error.startsWith("skipped:")) e.last = f;
    } else byVersion.set(k, { policy: f.policy, version: f.version, n: 1, last: f });
  }
  const rows = await tx.query<{ policy: string; version: number; faults: number; suspended: boolean }>(
    `INSERT INTO policy_faults (policy, version, faults, last_error, last_event)
     SELECT policy, version, n, error, event FROM json_to_recordset($1::json) AS r(policy text, version int, n int, error text, event text)
     ON CONFLICT (policy, version) DO UPDATE SET faults = policy_faults.faults + excluded.faults,
       last_error = CASE WHEN excluded.last_error LIKE 'skipped:%' THEN policy_faults.last_error ELSE excluded.last_error END,
       last_event = CASE WHEN excluded.last_error LIKE 'skipped:%' THEN policy_faults.last_event ELSE excluded.last_event END, last_at = now()
     RETURNING policy, version, faults, suspended_at IS NOT NULL AS suspended`,
    [JSON.stringify([...byVersion.values()].map((e) => ({ policy: e.policy, version: e.version, n: e.n, error: e.last.error.slice(0, 2000), event: e.last.event })))],
  );
  const out: Suspension[] = [];
  for (const r of rows) {
    if (r.suspended || r.faults < suspendAfter) continue;
    const active = await tx.query("SELECT version FROM policy_activations WHERE policy = $1 ORDER BY seq DESC LIMIT 1", [r.policy]);
    if (active[0]?.version !== r.version) continue;
    await deactivateIn(tx, r.policy, SUSPEND_ACTOR, { reason: "auto-suspended after run-time faults", version: r.version, faults: r.faults });
    await tx.query("UPDATE policy_faults SET suspended_at = now() WHERE policy = $1 AND version = $2", [r.policy, r.version]);
    out.push({ policy: r.policy, version: r.version, faults: r.faults });
  }
  return out;
}

/**
 * Deactivates a policy inside `tx`: no version receives its events any more, and its
 * tracked subjects and policy-scoped units are dropped (no deadline of it fires; its
 * events stay stored, and activating a version again starts from new events).
 */
export async function deactivateIn(tx: Queryable, policy: string, actor: string, details: Record<string, unknown>): Promise<void> {
  await lockActivations(tx);
  await tx.query("INSERT INTO policy_activations (policy, version, actor) VALUES ($1, NULL, $2)", [policy, actor]);
  await tx.query("DELETE FROM subject_states WHERE policy = $1", [policy]);
  await tx.query("DELETE FROM shared_states WHERE policy = $1", [policy]);
  await tx.query("DELETE FROM quarantine WHERE policy = $1", [policy]);
  await audit(tx, actor, "policy.deactivated", policy, details);
}

/** The fault counts, for GET /v1/admin/policy-faults. */
export async function listPolicyFaults(q: Queryable): Promise<Array<Record<string, unknown>>> {
  const rows = await q.query("SELECT policy, version, faults, last_error, last_event, first_at, last_at, suspended_at FROM policy_faults ORDER BY last_at DESC, policy, version LIMIT 1000");
  return rows.map((r) => ({
    policy: r.policy,
    version: r.version,
    faults: r.faults,
    lastError: r.last_error,
    lastEvent: r.last_event,
    firstAt: new Date(r.first_at).toISOString(),
    lastAt: new Date(r.last_at).toISOString(),
    suspendedAt: r.suspended_at ? new Date(r.suspended_at).toISOString() : null,
  }));
}
