/**
 * One transaction over a group of event requests (group commit: requests that arrive
 * while a transaction runs are processed together in the next one; each is answered
 * only after that commit).
 *
 * Per transaction:
 * 1. Lock every subject involved (advisory locks, in key order: no deadlocks between
 *    transactions; see subjectLocksSql), so a subject's work never interleaves across
 *    requests or processes. PGlite runs one transaction at a time in one process.
 * 2. Insert the events (ON CONFLICT DO NOTHING). Ids already stored are duplicates
 *    when the content is the same, and make their request a 409 when it differs.
 * 3. Load the subjects' states and run the engine over the new events in (time, id)
 *    order. A subject stays with the policy version its state was made under until it
 *    settles; new subjects go to the active version.
 * 4. Write states with their next deadline, and decisions.
 * A request refused in 2 or 3 (409, event_too_late) throws Redo: the transaction
 * rolls back and runs again without it, so a refused request stores nothing.
 * Any other engine failure is the policy's, not the request's (issue 14): it throws
 * FaultRedo, and the group runs again with that policy skipping the subject (see
 * policies/faults.ts; the fault is recorded in the committing transaction).
 */
import { stepUnit, unitsReached, YardstickError, type CompiledPolicy, type Decision, type NormalizedEvent, type SubjectState } from "@yardstick/engine";
import type { Database, Queryable } from "../db/database.js";
import { deadlineFor, recordDecisions, sharedDueFor, writeShared, writeSubjects, type SharedState, type SubjectWrite } from "../db/writes.js";
import { subjectLockKey } from "../hash.js";
import { httpCodeOf } from "../http-codes.js";
import { HttpError } from "../http-error.js";
import { ACTIVATIONS_SHARED_LOCK_SQL } from "../policies/activation-lock.js";
import { recordPolicyFaults, type PolicyFault, type Suspension } from "../policies/faults.js";
import type { PolicyStore } from "../policies/store.js";
import { sameEvent, type IncomingEvent } from "./parse-events.js";
import { accepts, needsShared, untakenTypes, type UntakenType } from "./routing.js";

export interface GroupJob {
  events: IncomingEvent[];
  /** Duplicates found while parsing (same id twice in the request). */
  duplicates: number;
}

export type JobOutcome = { ok: true; accepted: number; duplicates: number; decisions: Decision[]; untaken: UntakenType[] } | { ok: false; error: HttpError };

export interface GroupResult {
  outcomes: JobOutcome[];
  /** Decisions stored for the first time (for metrics and the stream). */
  recorded: Decision[];
  /** Earliest deadline written (to wake the scheduler), or null. */
  earliestDue: number | null;
  /** Run-time faults of policies recorded by this commit, and the versions they suspended. */
  faults: PolicyFault[];
  suspended: Suspension[];
}

/** One request of the group must be refused: roll back and run the group without it. */
export class Redo extends Error {
  constructor(
    readonly job: number,
    readonly error: HttpError,
  ) {
    super(error.message);
  }
}

/** One policy failed on one event: run the group again with `skip` added. */
export class FaultRedo extends Error {
  constructor(readonly fault: PolicyFault) {
    super(fault.error);
  }
}

/**
 * What the policies that failed earlier in this group skip: `policy@version` → subjects,
 * or "*" (every event of the group: it failed more than MAX_FAULTS_PER_POLICY times).
 */
export type PolicySkips = Map<string, Set<string>>;

/** Faults of one policy version in one group before it sits the rest of the group out (bounds the re-runs). */
export const MAX_FAULTS_PER_POLICY = 3;

export interface GroupContext {
  db: Database;
  policies: PolicyStore;
  latenessMs: number;
  now: number;
  /** Requests already refused (by an earlier attempt of this group). */
  refused: ReadonlyMap<number, HttpError>;
  /** Policies that failed earlier in this group and what they skip; their faults, recorded at commit. */
  skips: PolicySkips;
  faults: readonly PolicyFault[];
  /** Faults after which a version is suspended. */
  suspendAfter: number;
}

type Fresh = { job: number; e: IncomingEvent };

export async function processGroup(tx: Queryable, jobs: GroupJob[], ctx: GroupContext): Promise<GroupResult> {
  const live = jobs.map((_, j) => !ctx.refused.has(j));
  const duplicates = jobs.map((j) => j.duplicates);
  const fresh = await insertEvents(tx, jobs, live, duplicates);
  const world = await loadSubjects(tx, fresh, ctx);
  const run = evaluate(fresh, world, jobs.length, ctx);
  const writes: SubjectWrite[] = [];
  let earliestDue: number | null = null;
  for (const w of run.work.values()) {
    const due = deadlineFor(w.policy, w.subject, w.state, ctx.latenessMs);
    if (due !== null && (earliestDue === null || due < earliestDue)) earliestDue = due;
    writes.push({ subject: w.subject, policy: w.policy.id, version: w.policy.version, state: w.state, due });
  }
  const shared = [...world.shared].map(([policy, state]) => ({ policy, state, due: sharedDueFor(policy, state) }));
  for (const { due } of shared) {
    if (due !== null && (earliestDue === null || due < earliestDue)) earliestDue = due;
  }
  await writeSubjects(tx, writes);
  await writeShared(tx, shared);
  const recorded = await recordDecisions(tx, run.made);
  const faults = [...ctx.faults, ...run.skipped];
  const suspended = await recordPolicyFaults(tx, faults, ctx.suspendAfter);
  return {
    outcomes: jobs.map((job, j) =>
      live[j]
        ? { ok: true, accepted: run.accepted[j], duplicates: duplicates[j], decisions: run.decisions[j], untaken: untakenTypes(typeCounts(job), world.active) }
        : { ok: false, error: ctx.refused.get(j)! },
    ),
    recorded,
    earliestDue,
    faults,
    suspended,
  };
}

/** Events of a request per type. */
function typeCounts(job: GroupJob): Map<string, number> {
  const n = new Map<string, number>();
  for (const e of job.events) n.set(e.event.type, (n.get(e.event.type) ?? 0) + 1);
  return n;
}

/**
 * Inserts the group's events; returns the new ones in (time, id) order. Counts
 * duplicates per request; a conflict (same id, other content) throws Redo.
 */
async function insertEvents(tx: Queryable, jobs: GroupJob[], live: boolean[], duplicates: number[]): Promise<Fresh[]> {
  const candidates: Fresh[] = [];
  const first = new Map<string, Fresh>();
  jobs.forEach((job, j) => {
    if (!live[j]) return;
    for (const e of job.events) {
      const earlier = first.get(e.body.id);
      if (!earlier) {
        const f = { job: j, e };
        first.set(e.body.id, f);
        candidates.push(f);
      } else if (sameEvent(earlier.e.body, e.body)) duplicates[j]++;
      else throw new Redo(j, conflict(e));
    }
  });
  if (!candidates.length) return [];
  // Id order: two transactions inserting overlapping ids wait on each other in one order.
  candidates.sort((a, b) => (a.e.body.id < b.e.body.id ? -1 : a.e.body.id > b.e.body.id ? 1 : 0));
  const inserted = new Set<string>();
  const r = await tx.query<{ id: string }>(
    `INSERT INTO events (id, t_ms, body)
     SELECT body->>'id', t_ms, body FROM json_to_recordset($1::json) AS r(t_ms bigint, body json)
     ON CONFLICT (id) DO NOTHING RETURNING id`,
    [JSON.stringify(candidates.map(({ e }) => ({ t_ms: e.event.t, body: e.body })))],
  );
  for (const x of r) inserted.add(x.id);
  const known = candidates.filter((c) => !inserted.has(c.e.body.id));
  if (known.length) {
    const stored = new Map<string, unknown>();
    for (const x of await tx.query("SELECT id, body FROM events WHERE id = ANY($1::text[])", [known.map((k) => k.e.body.id)])) stored.set(x.id, x.body);
    for (const k of known) {
      if (!sameEvent(stored.get(k.e.body.id), k.e.body)) throw new Redo(k.job, conflict(k.e));
      duplicates[k.job]++;
    }
  }
  const fresh = candidates.filter((c) => inserted.has(c.e.body.id));
  return fresh.sort((a, b) => a.e.event.t - b.e.event.t || (a.e.event.id < b.e.event.id ? -1 : a.e.event.id > b.e.event.id ? 1 : 0));
}

interface World {
  active: CompiledPolicy[];
  /** States by `policy\0subject`, with the version they were made under. */
  loaded: Map<string, { version: number; state: SubjectState }>;
  /** Subjects that stay with an earlier version than the active one. */
  route: Map<string, CompiledPolicy>;
  /** Policy-scoped units (escalation) of the policies that have them. */
  shared: Map<CompiledPolicy, SharedState>;
}

/** The subjects' states and the active versions (one round trip), and the policy-scoped units. */
async function loadSubjects(tx: Queryable, fresh: Fresh[], ctx: GroupContext): Promise<World> {
  const subjects = [...new Set(fresh.map((f) => f.e.event.subject))];
  const loaded = new Map<string, { version: number; state: SubjectState }>();
  const pairs: Array<{ policy: string; version: number }> = [];
  // One index probe per subject (LATERAL … OFFSET 0 keeps the planner from flattening it):
  // `subject = ANY($1)` was planned as a sequential scan whenever the table's statistics
  // were stale (always, on PGlite: no autovacuum), so each group read every stored state.
  for (const r of await tx.query(
    `SELECT s.subject, s.policy, s.version, s.state FROM unnest($1::text[]) AS u(subject)
       CROSS JOIN LATERAL (SELECT subject, policy, version, state FROM subject_states WHERE subject = u.subject OFFSET 0) s
     UNION ALL
     SELECT NULL, policy, version, NULL FROM (SELECT DISTINCT ON (policy) policy, version FROM policy_activations ORDER BY policy, seq DESC) a WHERE version IS NOT NULL`,
    [subjects],
  )) {
    if (r.subject === null) pairs.push({ policy: r.policy, version: r.version });
    else loaded.set(`${r.policy}\u0000${r.subject}`, { version: r.version, state: r.state });
  }
  const active: CompiledPolicy[] = [];
  for (const a of pairs) active.push(await ctx.policies.compiledVersion(a.policy, a.version, tx));
  const route = new Map<string, CompiledPolicy>();
  for (const [key, l] of loaded) {
    const p = active.find((a) => key.startsWith(`${a.id}\u0000`));
    if (p && l.version !== p.version) route.set(key, await ctx.policies.compiledVersion(p.id, l.version, tx));
  }
  const routed = new Set<CompiledPolicy>([...active, ...route.values()]);
  const shared = await readShared(tx, [...routed].filter(needsShared), !ctx.db.serial);
  return { active, loaded, route, shared };
}

/**
 * Steps the new events through every policy that accepts them, in memory. `ctx.now`
 * (server time, what the scheduler advances units to) is the policy clock the engine
 * checks lateness against, so an event too old for a subject already settled and
 * dropped is refused rather than starting the subject afresh.
 */
function evaluate(fresh: Fresh[], world: World, jobCount: number, ctx: GroupContext) {
  const work = new Map<string, { policy: CompiledPolicy; subject: string; state: SubjectState | null }>();
  const decisions: Decision[][] = Array.from({ length: jobCount }, () => []);
  // In the order they were made: a decision's `supersedes` only means anything after what it replaces.
  const made: Decision[] = [];
  const failedOn = new Set(ctx.faults.map((f) => f.event));
  const skipped: PolicyFault[] = [];
  const accepted = new Array<number>(jobCount).fill(0);
  for (const { job, e } of fresh) {
    const ev = e.event;
    accepted[job]++;
    for (const base of world.active) {
      const key = `${base.id}\u0000${ev.subject}`;
      const policy = world.route.get(key) ?? base;
      if (!accepts(policy, ev.type)) continue;
      const skip = ctx.skips.get(`${policy.id}@${policy.version}`);
      if (skip && (skip.has("*") || skip.has(ev.subject))) {
        // Counted as the policy's faults too: it missed these events because it failed.
        if (!failedOn.has(ev.id)) skipped.push({ policy: policy.id, version: policy.version, event: ev.id, subject: ev.subject, error: "skipped: the policy failed on an earlier event of this group" });
        continue;
      }
      let w = work.get(key);
      if (!w) work.set(key, (w = { policy, subject: ev.subject, state: world.loaded.get(key)?.state ?? null }));
      let out: Decision[];
      try {
        out = stepUnits(policy, w, world, ev, ctx.latenessMs, ctx.now);
      } catch (err) {
        if (isRequestRefusal(err)) throw new Redo(job, engineRefusal(err, e));
        throw new FaultRedo({ policy: policy.id, version: policy.version, event: ev.id, subject: ev.subject, error: err instanceof Error ? `${err.name}: ${err.message}` : String(err) });
      }
      decisions[job].push(...out);
      made.push(...out);
    }
  }
  return { work, decisions, made, accepted, skipped };
}

/**
 * One event through the units it reaches (its subject, then the policy's shared units),
 * in place: the states are this attempt's own (read in this transaction); a refusal
 * throws, and the Redo reads them again, so a refused event stores nothing.
 */
function stepUnits(policy: CompiledPolicy, w: { state: SubjectState | null }, world: World, ev: NormalizedEvent, latenessMs: number, now: number): Decision[] {
  const options = { latenessMs, inPlace: true, watermark: now };
  const out: Decision[] = [];
  for (const unit of unitsReached(policy, ev)) {
    if ("subject" in unit) {
      const [next, made] = stepUnit(policy, { subject: unit.subject, state: w.state }, ev, options);
      w.state = next;
      out.push(...made);
      continue;
    }
    const shared = world.shared.get(policy) ?? nullObject<SubjectState>();
    const [next, made] = stepUnit(policy, { standard: unit.standard, state: Object.hasOwn(shared, unit.standard) ? shared[unit.standard] : null }, ev, options);
    if (next) shared[unit.standard] = next;
    world.shared.set(policy, shared);
    out.push(...made);
  }
  return out;
}

/**
 * SQL taking the advisory locks of every subject in the group, in key order so that
 * transactions never deadlock; run right after BEGIN (PostgreSQL only: PGlite runs one
 * transaction at a time in one process, there is nothing to exclude).
 */
export function subjectLocksSql(jobs: GroupJob[]): string | undefined {
  const keys = new Map<string, [number, number]>();
  for (const j of jobs) {
    for (const e of j.events) {
      const k = subjectLockKey(e.event.subject);
      keys.set(`${k[0]},${k[1]}`, k);
    }
  }
  if (!keys.size) return undefined;
  const sorted = [...keys.values()].sort((x, y) => x[0] - y[0] || x[1] - y[1]);
  // The activations lock, shared: taken before the group reads which versions are active
  // and held to its commit, so a deactivation (exclusive) waits for the groups that read
  // "active" and drops what they wrote, and later groups read "inactive".
  return `SELECT ${ACTIVATIONS_SHARED_LOCK_SQL}, count(pg_advisory_xact_lock(a, b)) FROM (VALUES ${sorted.map((k) => `(${k[0]}, ${k[1]})`).join(", ")}) AS k(a, b)`;
}

/** Policy-scoped units of the policies that have them, locked (FOR UPDATE) unless transactions are serial. */
async function readShared(tx: Queryable, policies: CompiledPolicy[], lock: boolean): Promise<Map<CompiledPolicy, SharedState>> {
  const out = new Map<CompiledPolicy, SharedState>();
  policies.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : a.version - b.version));
  for (const p of policies) {
    if (lock) await tx.query("INSERT INTO shared_states (policy, version, state) VALUES ($1, $2, '{}'::json) ON CONFLICT DO NOTHING", [p.id, p.version]);
    const rows = await tx.query(`SELECT state FROM shared_states WHERE policy = $1 AND version = $2${lock ? " FOR UPDATE" : ""}`, [p.id, p.version]);
    // Null-prototype: standard ids such as "constructor" or "__proto__" are plain keys in it.
    out.set(p, Object.assign(nullObject<SubjectState>(), rows[0]?.state ?? {}));
  }
  return out;
}

/** A null-prototype object: subject ids such as "constructor" or "__proto__" are plain keys in it. */
function nullObject<T>(): Record<string, T> {
  return Object.create(null) as Record<string, T>;
}

function conflict(e: IncomingEvent): HttpError {
  return new HttpError(409, "event_conflict", `${e.pointer}/id: event id ${e.body.id} is already stored with different content`, {
    path: `${e.pointer}/id`,
    id: e.body.id,
  });
}

/**
 * Engine refusals that are the request's fault (the event is too late, or a time it
 * carries or implies is out of range): the request is refused and nothing stored. Any
 * other failure is the policy's (a fault, skipped and counted).
 */
function isRequestRefusal(err: unknown): err is YardstickError {
  return err instanceof YardstickError && (err.code === "event_too_late" || err.code === "engine_time_out_of_range");
}

function engineRefusal(err: unknown, e: IncomingEvent): HttpError {
  if (err instanceof YardstickError && err.code === "event_too_late") {
    return new HttpError(400, "event_too_late", `${e.pointer}/time: ${err.message}`, { path: `${e.pointer}/time`, id: e.body.id });
  }
  if (err instanceof YardstickError) return new HttpError(422, httpCodeOf(err.code), `${e.pointer}: ${err.message}`, { path: e.pointer, id: e.body.id, ...err.details });
  throw err;
}
