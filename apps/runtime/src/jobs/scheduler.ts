/**
 * The deadline scheduler. Deadlines are rows: each subject's state row, and each
 * policy's shared row (its policy-scoped units, e.g. escalation), carries its next due
 * time (`due_ms`). Each pass claims due rows with FOR UPDATE SKIP LOCKED, takes the
 * subjects' advisory locks without waiting (a subject busy with an event is retried
 * shortly), advances each to now with the engine, and stores the decisions, the new
 * state and the next deadline in the same transaction. Decision ids are unique, so a deadline fires
 * exactly once however many processes run, and overdue ones fire at start.
 */
import { advanceUnit, type CompiledPolicy, type Decision, type SubjectState } from "@yardstick/engine";
import type { Database, Queryable } from "../db/database.js";
import { deadlineFor, recordDecisions, sharedDueFor, writeShared, writeSubjects, type SharedState, type SubjectWrite } from "../db/writes.js";
import { subjectLockKey } from "../hash.js";
import type { Logger } from "../observability/logger.js";
import type { Metrics } from "../observability/metrics.js";
import type { PolicyStore } from "../policies/store.js";
import { countQuarantine, quarantineUnits, releaseUnits, type UnitFault } from "./quarantine.js";

/** How often the scheduler re-reads whether anything is quarantined (other instances may have put it there). */
const QUARANTINE_RECHECK_MS = 10_000;

export interface SchedulerOptions {
  db: Database;
  policies: PolicyStore;
  metrics: Metrics;
  logger: Logger;
  latenessMs: number;
  pollMs: number;
  batch: number;
  onCommit(recorded: Decision[]): void;
}

export interface PassResult {
  claimed: number;
  fired: number;
  /** Rows claimed but left for later (subject busy). */
  skipped: number;
}

export class DeadlineScheduler {
  private stopped = true;
  private timer: NodeJS.Timeout | null = null;
  private wakeAt = Infinity;
  private wakeUp: (() => void) | null = null;
  private loop: Promise<void> | null = null;
  /** Whether a release of quarantined units is worth a statement (see QUARANTINE_RECHECK_MS). */
  private quarantineKnown = { any: true, checkedAt: 0 };

  constructor(private readonly o: SchedulerOptions) {}

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.loop = this.run();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.wake(0);
    await this.loop;
  }

  get running(): boolean {
    return !this.stopped;
  }

  /** A deadline at `dueMs` was written: make sure the scheduler looks by then. */
  wake(dueMs: number): void {
    if (dueMs >= this.wakeAt || !this.wakeUp) return;
    this.sleep(dueMs - Date.now());
  }

  /** One pass at time `now`: fires up to `batch` due deadlines. */
  async pass(now: number): Promise<PassResult> {
    const out = await this.o.db.transaction((tx) => this.fire(tx, now));
    if (out.recorded.length) this.o.onCommit(out.recorded);
    // Lag is measured once the firing is committed: due → durable.
    const committed = Date.now();
    for (const due of out.dues) this.o.metrics.deadlineLag.observe((committed - due) / 1000);
    if (out.dues.length) this.o.metrics.lastDeadlineLag.set((committed - out.dues[out.dues.length - 1]) / 1000);
    return out.result;
  }

  private async run(): Promise<void> {
    while (!this.stopped) {
      let delay = this.o.pollMs;
      try {
        const r = await this.pass(Date.now());
        if (r.claimed === this.o.batch && r.skipped < r.claimed) continue;
        const [next] = await this.o.db.query(
          "SELECT least((SELECT min(due_ms) FROM subject_states WHERE due_ms IS NOT NULL), (SELECT min(due_ms) FROM shared_states WHERE due_ms IS NOT NULL))::float8 AS due",
        );
        if (next?.due != null) delay = Math.min(delay, Math.max(0, next.due - Date.now()));
        // Due rows we could not take (another process or a busy subject): look again soon.
        if (delay === 0) delay = 20;
      } catch (err) {
        if (this.stopped) break;
        this.o.logger.error("deadline pass failed", { error: err instanceof Error ? err.stack : String(err) });
      }
      if (this.stopped) break;
      await new Promise<void>((resolve) => {
        this.wakeUp = resolve;
        this.sleep(delay);
      });
      this.wakeUp = null;
      this.wakeAt = Infinity;
    }
  }

  private sleep(ms: number): void {
    if (this.timer) clearTimeout(this.timer);
    const wait = Math.max(0, ms);
    this.wakeAt = Date.now() + wait;
    this.timer = setTimeout(() => {
      this.timer = null;
      this.wakeUp?.();
    }, wait);
  }

  private async fire(tx: Queryable, now: number): Promise<{ result: PassResult; recorded: Decision[]; dues: number[] }> {
    const subjects = await this.fireSubjects(tx, now);
    const shared = await this.fireShared(tx, now);
    const decisions = [...subjects.decisions, ...shared.decisions];
    const recorded = await recordDecisions(tx, decisions);
    await this.settleQuarantine(tx, [...subjects.faults, ...shared.faults], [...subjects.ok, ...shared.ok], now);
    const result = { claimed: subjects.claimed + shared.claimed, fired: subjects.fired + shared.fired, skipped: subjects.claimed - subjects.fired + shared.claimed - shared.fired };
    return { result, recorded, dues: [...subjects.dues, ...shared.dues] };
  }

  /** Due subject rows: each subject advanced to `now` on its own (subject units need no shared state). */
  private async fireSubjects(tx: Queryable, now: number): Promise<Fired> {
    // PGlite: one transaction at a time in one process, so nothing to lock or skip.
    const serial = this.o.db.serial;
    const rows = await tx.query<{ policy: string; version: number; subject: string; due: number; state: SubjectState }>(
      `SELECT policy, version, subject, due_ms::float8 AS due, state FROM subject_states WHERE due_ms <= $1 ORDER BY due_ms LIMIT $2${serial ? "" : " FOR UPDATE SKIP LOCKED"}`,
      [now, this.o.batch],
    );
    if (!rows.length) return { claimed: 0, fired: 0, decisions: [], dues: [], faults: [], ok: [] };
    let mine = rows;
    if (!serial) {
      // A subject busy with events is left for the next pass (never wait while holding claimed rows).
      const keys = [...new Map(rows.map((r) => subjectLockKey(r.subject)).map((k) => [`${k[0]},${k[1]}`, k])).values()];
      const locked = new Set<string>();
      for (const r of await tx.query("SELECT a, b, pg_try_advisory_xact_lock(a, b) AS ok FROM unnest($1::int[], $2::int[]) AS k(a, b)", [keys.map((k) => k[0]), keys.map((k) => k[1])])) {
        if (r.ok) locked.add(`${r.a},${r.b}`);
      }
      mine = rows.filter((r) => locked.has(subjectLockKey(r.subject).join(",")));
    }
    const writes: SubjectWrite[] = [];
    const decisions: Decision[] = [];
    const dues: number[] = [];
    const faults: UnitFault[] = [];
    const ok: Fired["ok"] = [];
    for (const r of mine) {
      const unit = { kind: "subject" as const, policy: r.policy, version: r.version, subject: r.subject };
      try {
        const policy = await this.o.policies.compiledVersion(r.policy, r.version, tx);
        const [after, made] = advanceUnit(policy, { subject: r.subject, state: r.state }, now, { latenessMs: this.o.latenessMs });
        // A state that cannot be stored (too deep for JSON.stringify) is this unit's fault, not the batch's.
        JSON.stringify(after);
        writes.push({ subject: r.subject, policy: r.policy, version: r.version, state: after, due: deadlineFor(policy, r.subject, after, this.o.latenessMs) });
        decisions.push(...made);
        dues.push(r.due);
        ok.push(unit);
      } catch (err) {
        faults.push({ ...unit, error: this.unitFailed(unit, err) });
      }
    }
    await writeSubjects(tx, writes);
    return { claimed: rows.length, fired: mine.length, decisions, dues, faults, ok };
  }

  /**
   * Due policy-scoped units (escalation: ages, the end of an instant), one row per
   * policy version. A row an ingesting transaction holds is skipped and looked at again.
   */
  private async fireShared(tx: Queryable, now: number): Promise<Fired> {
    const serial = this.o.db.serial;
    const rows = await tx.query<{ policy: string; version: number; due: number; state: SharedState }>(
      `SELECT policy, version, due_ms::float8 AS due, state FROM shared_states WHERE due_ms <= $1 ORDER BY due_ms LIMIT $2${serial ? "" : " FOR UPDATE SKIP LOCKED"}`,
      [now, this.o.batch],
    );
    const writes: Array<{ policy: CompiledPolicy; state: SharedState; due: number | null }> = [];
    const decisions: Decision[] = [];
    const dues: number[] = [];
    const faults: UnitFault[] = [];
    const ok: Fired["ok"] = [];
    for (const r of rows) {
      const unit = { kind: "shared" as const, policy: r.policy, version: r.version, subject: "" };
      try {
        const policy = await this.o.policies.compiledVersion(r.policy, r.version, tx);
        const [after, made] = advanceShared(policy, r.state, now, this.o.latenessMs);
        JSON.stringify(after);
        writes.push({ policy, state: after, due: sharedDueFor(policy, after) });
        decisions.push(...made);
        dues.push(r.due);
        ok.push(unit);
      } catch (err) {
        faults.push({ ...unit, error: this.unitFailed(unit, err) });
      }
    }
    await writeShared(tx, writes);
    return { claimed: rows.length, fired: rows.length, decisions, dues, faults, ok };
  }

  /** A unit whose evaluation threw (a bug, or a state the engine cannot handle): logged loudly, then quarantined. */
  private unitFailed(unit: Omit<UnitFault, "error">, err: unknown): string {
    this.o.metrics.schedulerFaults.inc({ kind: unit.kind });
    this.o.logger.error("deadline failed: unit quarantined", { ...unit, error: err instanceof Error ? err.stack : String(err) });
    return err instanceof Error ? `${err.name}: ${err.message}` : String(err);
  }

  /** Quarantines this pass's failures (their rows move to the next retry) and releases units that fired again. */
  private async settleQuarantine(tx: Queryable, faults: UnitFault[], ok: Fired["ok"], now: number): Promise<void> {
    if (faults.length) {
      await quarantineUnits(tx, faults, now);
      this.quarantineKnown = { any: true, checkedAt: now };
    }
    if (!ok.length) return;
    if (now - this.quarantineKnown.checkedAt > QUARANTINE_RECHECK_MS) this.quarantineKnown = { any: (await countQuarantine(tx)) > 0, checkedAt: now };
    if (this.quarantineKnown.any) await releaseUnits(tx, ok);
  }
}

interface Fired {
  claimed: number;
  fired: number;
  decisions: Decision[];
  dues: number[];
  faults: UnitFault[];
  ok: Array<Omit<UnitFault, "error">>;
}

/** Advances each of a policy's shared units (one shared_states row) to `now`. */
function advanceShared(policy: CompiledPolicy, shared: SharedState, now: number, latenessMs: number): [SharedState, Decision[]] {
  // Null-prototype: standard ids such as "constructor" or "__proto__" are plain keys in it.
  const next: SharedState = Object.create(null) as SharedState;
  const decisions: Decision[] = [];
  for (const [standard, state] of Object.entries(shared)) {
    const [after, made] = advanceUnit(policy, { standard, state }, now, { latenessMs });
    if (after) next[standard] = after;
    decisions.push(...made);
  }
  return [next, decisions];
}
