/**
 * The deadline scheduler. Deadlines are rows: each subject's state row carries its next
 * due time (`due_ms`). Each pass claims due rows with FOR UPDATE SKIP LOCKED, takes the subjects' advisory
 * locks without waiting (a subject busy with an event is retried shortly), advances
 * each subject to now with the engine, and stores the decisions, the new state and the
 * next deadline in the same transaction. Decision ids are unique, so a deadline fires
 * exactly once however many processes run, and overdue ones fire at start.
 */
import { advance, type CompiledPolicy, type Decision, type SubjectState } from "@yardstick/engine";
import type { Database, Queryable } from "../db/database.js";
import { deadlineFor, recordDecisions, writeShared, writeSubjects, type SubjectWrite } from "../db/writes.js";
import { subjectLockKey } from "../hash.js";
import { needsShared } from "../ingest/routing.js";
import type { Logger } from "../observability/logger.js";
import type { Metrics } from "../observability/metrics.js";
import type { PolicyStore } from "../policies/store.js";

/** When a subject's deadline could not be advanced (an engine fault), try it again this much later. */
const RETRY_FAILED_MS = 60_000;

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
        const [next] = await this.o.db.query("SELECT min(due_ms)::float8 AS due FROM subject_states WHERE due_ms IS NOT NULL");
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
    // PGlite: one transaction at a time in one process, so nothing to lock or skip.
    const serial = this.o.db.serial;
    const rows = await tx.query<{ policy: string; version: number; subject: string; due: number; state: SubjectState }>(
      `SELECT policy, version, subject, due_ms::float8 AS due, state FROM subject_states WHERE due_ms <= $1 ORDER BY due_ms LIMIT $2${serial ? "" : " FOR UPDATE SKIP LOCKED"}`,
      [now, this.o.batch],
    );
    if (!rows.length) return { result: { claimed: 0, fired: 0, skipped: 0 }, recorded: [], dues: [] };
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
    const policies = new Map<string, CompiledPolicy>();
    for (const r of mine) {
      const k = `${r.policy}@${r.version}`;
      if (!policies.has(k)) policies.set(k, await this.o.policies.compiledVersion(r.policy, r.version, tx));
    }
    const shared = new Map<CompiledPolicy, Record<string, Record<string, unknown>>>();
    for (const p of [...policies.values()].filter(needsShared)) {
      const s = await tx.query(`SELECT state FROM shared_states WHERE policy = $1 AND version = $2${serial ? "" : " FOR UPDATE SKIP LOCKED"}`, [p.id, p.version]);
      if (s.length || serial) shared.set(p, s[0]?.state ?? {});
      else mine = mine.filter((r) => !(r.policy === p.id && r.version === p.version));
    }
    const writes: SubjectWrite[] = [];
    const decisions: Decision[] = [];
    const dues: number[] = [];
    for (const r of mine) {
      const policy = policies.get(`${r.policy}@${r.version}`)!;
      let next, made;
      try {
        [next, made] = advance(policy, { clock: 0, subjects: { [r.subject]: r.state }, shared: shared.get(policy) ?? {} }, now, { latenessMs: this.o.latenessMs });
      } catch (err) {
        // An engine fault on one subject (a bug) must not hold up every other deadline:
        // say so loudly and look at this subject again in a minute.
        this.o.logger.error("deadline failed", { policy: r.policy, version: r.version, subject: r.subject, error: err instanceof Error ? err.stack : String(err) });
        writes.push({ subject: r.subject, policy: r.policy, version: r.version, state: r.state, due: now + RETRY_FAILED_MS });
        continue;
      }
      if (needsShared(policy)) shared.set(policy, next.shared);
      const after = next.subjects[r.subject] ?? null;
      writes.push({ subject: r.subject, policy: r.policy, version: r.version, state: after, due: deadlineFor(policy, after, this.o.latenessMs, now) });
      decisions.push(...made);
      dues.push(r.due);
    }
    await writeSubjects(tx, writes);
    await writeShared(tx, [...shared].map(([p, state]) => ({ policy: p.id, version: p.version, state })));
    const recorded = await recordDecisions(tx, decisions);
    return { result: { claimed: rows.length, fired: mine.length, skipped: rows.length - mine.length }, recorded, dues };
  }
}
