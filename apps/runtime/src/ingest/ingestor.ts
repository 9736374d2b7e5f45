/**
 * Group commit for events: requests queue here; a transaction takes everything queued
 * (up to MAX_GROUP_EVENTS), and each request is answered after that transaction
 * commits. Under load many requests share one commit, which is what makes durable
 * acknowledgements cheap; alone, a request runs at once.
 */
import type { Decision } from "@yardstick/engine";
import { isConnectionError, isRetryable, type Database } from "../db/database.js";
import { HttpError } from "../http-error.js";
import type { Logger } from "../observability/logger.js";
import type { Metrics } from "../observability/metrics.js";
import type { PolicyFault } from "../policies/faults.js";
import type { PolicyStore } from "../policies/store.js";
import type { ParsedEvents } from "./parse-events.js";
import type { UntakenType } from "./routing.js";
import { FaultRedo, processGroup, Redo, subjectLocksSql, type GroupJob, type GroupResult, type PolicySkips, MAX_FAULTS_PER_POLICY } from "./process-group.js";

export interface IngestResult {
  accepted: number;
  duplicates: number;
  decisions: Decision[];
  /** Present when some events' types are taken by no active policy (stored, judged by nothing). */
  unknownTypes?: UntakenType[];
}

/** Events per transaction: large enough to amortise a commit, small enough to keep latency. */
const MAX_GROUP_EVENTS = 2_000;
const MAX_ATTEMPTS = 5;

interface Pending {
  job: GroupJob;
  resolve(r: IngestResult): void;
  reject(e: unknown): void;
}

export interface IngestorOptions {
  db: Database;
  policies: PolicyStore;
  metrics: Metrics;
  latenessMs: number;
  logger: Logger;
  /** Run-time faults after which an activated policy version is suspended. */
  suspendAfter: number;
  /** Called after each commit with what it stored. */
  onCommit(result: GroupResult): void;
}

export class Ingestor {
  private readonly queue: Pending[] = [];
  private running = 0;
  private scheduled = false;
  private closed = false;
  private idle: Array<() => void> = [];

  constructor(private readonly o: IngestorOptions) {}

  /** Stores and evaluates a request's events; resolves after commit. */
  submit(parsed: ParsedEvents): Promise<IngestResult> {
    if (this.closed) return Promise.reject(new HttpError(503, "shutting_down", "the runtime is shutting down"));
    if (!parsed.events.length) return Promise.resolve({ accepted: 0, duplicates: parsed.duplicates, decisions: [] });
    return new Promise((resolve, reject) => {
      this.queue.push({ job: parsed, resolve, reject });
      this.pump();
    });
  }

  /** Stops taking requests and waits for the transactions under way. */
  async close(): Promise<void> {
    this.closed = true;
    if (this.running === 0 && this.queue.length === 0) return;
    await new Promise<void>((r) => this.idle.push(r));
  }

  /**
   * Starts transactions for what is queued, on the next turn of the event loop: PGlite
   * runs a whole transaction without yielding to I/O, so starting at once would run
   * each request alone before the next socket is even read. Deferring to setImmediate
   * lets every request already received join the group.
   */
  private pump(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      this.startGroups();
    });
  }

  private startGroups(): void {
    while (this.running < this.o.db.parallelism && this.queue.length) {
      const group: Pending[] = [];
      let n = 0;
      while (this.queue.length && (group.length === 0 || n + this.queue[0].job.events.length <= MAX_GROUP_EVENTS)) {
        const p = this.queue.shift()!;
        n += p.job.events.length;
        group.push(p);
      }
      this.running++;
      void this.run(group).finally(() => {
        this.running--;
        if (this.queue.length) this.pump();
        else if (this.running === 0) for (const r of this.idle.splice(0)) r();
      });
    }
  }

  /**
   * Runs one group until it commits. A refused request (Redo) or a policy failing on
   * an event (FaultRedo) makes it run again without that; serialization failures are
   * retried; connection errors were already retried by db.transaction and fail the
   * whole group with 503 (nothing acknowledged). Any other error cannot be pinned on one
   * request, so the group is split in halves, each run on its own: the failing request
   * ends alone and gets its error, every other one commits (issue 14: one request never
   * fails another's).
   */
  private async run(group: Pending[]): Promise<void> {
    let result: GroupResult | undefined;
    let lastError: unknown;
    const refused = new Map<number, HttpError>();
    const skips: PolicySkips = new Map();
    const faults: PolicyFault[] = [];
    for (let attempt = 1; attempt <= MAX_ATTEMPTS && !result; ) {
      try {
        const now = Date.now();
        const jobs = group.map((p) => p.job);
        const locks = this.o.db.serial ? undefined : subjectLocksSql(jobs);
        const ctx = { db: this.o.db, policies: this.o.policies, latenessMs: this.o.latenessMs, now, refused, skips, faults, suspendAfter: this.o.suspendAfter };
        result = await this.o.db.transaction((tx) => processGroup(tx, jobs, ctx), locks);
      } catch (err) {
        lastError = err;
        if (err instanceof Redo && !refused.has(err.job)) refused.set(err.job, err.error);
        else if (err instanceof FaultRedo) addSkip(skips, faults, err);
        else if (isRetryable(err)) attempt++;
        else break;
      }
    }
    if (!result) return this.failed(group, refused, lastError);
    this.o.onCommit(result);
    for (const f of result.faults) {
      this.o.metrics.policyFaults.inc({ policy: f.policy, version: String(f.version) });
      if (!f.error.startsWith("skipped:")) this.o.logger.error("policy failed on an event (skipped by that policy; stored and evaluated by the others)", { ...f });
    }
    for (const x of result.suspended) this.o.logger.error("policy suspended after run-time faults", { ...x });
    result.outcomes.forEach((o, i) => {
      if (o.ok) {
        this.o.metrics.events.inc({ result: "accepted" }, o.accepted);
        if (o.duplicates) this.o.metrics.events.inc({ result: "duplicate" }, o.duplicates);
        if (o.untaken.length) this.o.metrics.unknownTypes.inc({}, o.untaken.reduce((n, u) => n + u.events, 0));
        group[i].resolve({ accepted: o.accepted, duplicates: o.duplicates, decisions: o.decisions, ...(o.untaken.length ? { unknownTypes: o.untaken } : {}) });
      } else {
        this.o.metrics.events.inc({ result: "refused" }, group[i].job.events.length);
        group[i].reject(o.error);
      }
    });
  }

  /** A group that did not commit: answer the refused, then isolate the failure (see run). */
  private async failed(group: Pending[], refused: Map<number, HttpError>, err: unknown): Promise<void> {
    if (isConnectionError(err) || isRetryable(err)) {
      const answer = isConnectionError(err)
        ? new HttpError(503, "database_unavailable", "the database is not reachable right now; nothing was acknowledged: retry", { retryAfterSeconds: 1 })
        : new HttpError(503, "busy", "the database kept refusing this transaction; retry", { retryAfterSeconds: 1 });
      for (const p of group) p.reject(answer);
      return;
    }
    const rest: Pending[] = [];
    group.forEach((p, i) => {
      const r = refused.get(i);
      if (r) {
        this.o.metrics.events.inc({ result: "refused" }, p.job.events.length);
        p.reject(r);
      } else rest.push(p);
    });
    if (rest.length === 1) {
      this.o.metrics.events.inc({ result: "failed" }, rest[0].job.events.length);
      rest[0].reject(err);
      return;
    }
    const half = Math.ceil(rest.length / 2);
    await this.run(rest.slice(0, half));
    await this.run(rest.slice(half));
  }
}

/** Skips the failed policy for that subject; after MAX_FAULTS_PER_POLICY faults in one group, for all of it. */
function addSkip(skips: PolicySkips, faults: PolicyFault[], err: FaultRedo): void {
  const k = `${err.fault.policy}@${err.fault.version}`;
  let s = skips.get(k);
  if (!s) skips.set(k, (s = new Set()));
  s.add(err.fault.subject);
  faults.push(err.fault);
  if (faults.filter((f) => f.policy === err.fault.policy && f.version === err.fault.version).length >= MAX_FAULTS_PER_POLICY) s.add("*");
}
