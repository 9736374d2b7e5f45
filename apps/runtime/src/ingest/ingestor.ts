/**
 * Group commit for events: requests queue here; a transaction takes everything queued
 * (up to MAX_GROUP_EVENTS), and each request is answered after that transaction
 * commits. Under load many requests share one commit, which is what makes durable
 * acknowledgements cheap; alone, a request runs at once.
 */
import type { Decision } from "@yardstick/engine";
import { isRetryable, type Database } from "../db/database.js";
import { HttpError } from "../http-error.js";
import type { Metrics } from "../observability/metrics.js";
import type { PolicyStore } from "../policies/store.js";
import type { ParsedEvents } from "./parse-events.js";
import { processGroup, Redo, subjectLocksSql, type GroupJob, type GroupResult } from "./process-group.js";

export interface IngestResult {
  accepted: number;
  duplicates: number;
  decisions: Decision[];
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

  private async run(group: Pending[]): Promise<void> {
    let result: GroupResult | undefined;
    let lastError: unknown;
    const refused = new Map<number, HttpError>();
    for (let attempt = 1; attempt <= MAX_ATTEMPTS && !result; ) {
      try {
        const now = Date.now();
        const jobs = group.map((p) => p.job);
        const locks = this.o.db.serial ? undefined : subjectLocksSql(jobs);
        result = await this.o.db.transaction((tx) => processGroup(tx, jobs, { db: this.o.db, policies: this.o.policies, latenessMs: this.o.latenessMs, now, refused }), locks);
      } catch (err) {
        lastError = err;
        // A refused request: run the others again without it (bounded by the group size).
        if (err instanceof Redo && !refused.has(err.job)) refused.set(err.job, err.error);
        else if (isRetryable(err)) attempt++;
        else break;
      }
    }
    if (!result) {
      const err = isRetryable(lastError) ? new HttpError(503, "busy", "the database kept refusing this transaction; retry") : lastError;
      for (const p of group) p.reject(err);
      return;
    }
    this.o.onCommit(result);
    result.outcomes.forEach((o, i) => {
      if (o.ok) {
        this.o.metrics.events.inc({ result: "accepted" }, o.accepted);
        if (o.duplicates) this.o.metrics.events.inc({ result: "duplicate" }, o.duplicates);
        group[i].resolve({ accepted: o.accepted, duplicates: o.duplicates, decisions: o.decisions });
      } else {
        this.o.metrics.events.inc({ result: "refused" }, group[i].job.events.length);
        group[i].reject(o.error);
      }
    });
  }
}
