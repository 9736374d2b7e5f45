/**
 * A bounded pool of evaluation workers (node:worker_threads). Each task gets a time
 * budget: a worker that overruns it is terminated (a `P999999999D` replay loops
 * forever inside the engine; only terminate() stops it) and replaced, and the request
 * gets 422 `budget_exceeded`. Heap is capped per worker (resourceLimits): running out
 * is the same refusal. At most `size` tasks run and `queue` wait; more get 503 `busy`.
 *
 * The worker runs the built file (dist/workers/evaluate-worker.js) in tests too: worker
 * threads cannot load TypeScript sources, and the runtime's test setup builds dist/.
 */
import { Worker } from "node:worker_threads";
import { HttpError } from "../http-error.js";
import type { Logger } from "../observability/logger.js";
import type { Metrics } from "../observability/metrics.js";
import type { WorkerAnswer, WorkerTask } from "./protocol.js";

/** From src/workers/ and dist/workers/ alike: the package root is two levels up. */
const WORKER_FILE = new URL("../../dist/workers/evaluate-worker.js", import.meta.url);

export interface PoolOptions {
  size: number;
  queue: number;
  budgetMs: number;
  memoryMb: number;
  metrics: Metrics;
  logger: Logger;
}

interface Job {
  task: WorkerTask;
  resolve(a: string): void;
  reject(e: unknown): void;
}

interface Slot {
  worker: Worker;
  /** The worker has loaded the engine: budgets start counting only then. */
  ready: boolean;
  job: (Job & { id: number; timer: NodeJS.Timeout }) | null;
}

export class WorkerPool {
  private readonly slots: Slot[] = [];
  private readonly waiting: Job[] = [];
  private nextId = 1;
  private closed = false;

  constructor(private readonly o: PoolOptions) {}

  /** Runs a task; resolves with the answer's JSON text, rejects with an HttpError (4xx/503). */
  run(task: WorkerTask): Promise<string> {
    if (this.closed) return Promise.reject(new HttpError(503, "shutting_down", "the runtime is shutting down"));
    const busy = this.slots.filter((s) => s.job).length;
    if (busy + this.waiting.length >= this.o.size + this.o.queue) {
      this.o.metrics.budget.inc({ outcome: "busy" });
      return Promise.reject(new HttpError(503, "busy", `every evaluation worker is busy (${this.o.size} running, ${this.o.queue} waiting): retry`, { retryAfterSeconds: 1 }));
    }
    return new Promise((resolve, reject) => {
      this.waiting.push({ task, resolve, reject });
      this.dispatch();
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const j of this.waiting.splice(0)) j.reject(new HttpError(503, "shutting_down", "the runtime is shutting down"));
    await Promise.all(this.slots.splice(0).map((s) => s.worker.terminate()));
  }

  private dispatch(): void {
    while (this.waiting.length) {
      const slot = this.slots.find((s) => s.ready && !s.job);
      if (!slot) {
        // Start another worker if there is room; it dispatches when it is ready.
        if (this.slots.length < this.o.size && !this.slots.some((s) => !s.ready)) this.spawn();
        return;
      }
      const job = this.waiting.shift()!;
      const id = this.nextId++;
      const s = slot;
      const timer = setTimeout(() => this.fail(s, "time"), this.o.budgetMs);
      s.job = { ...job, id, timer };
      s.worker.postMessage({ id, task: job.task });
    }
  }

  private spawn(): Slot {
    const worker = new Worker(WORKER_FILE, { resourceLimits: { maxOldGenerationSizeMb: this.o.memoryMb, maxYoungGenerationSizeMb: Math.min(64, this.o.memoryMb / 4) } });
    const slot: Slot = { worker, ready: false, job: null };
    worker.unref();
    worker.on("message", (m: { id: number; answer: WorkerAnswer } | { ready: true }) => {
      if ("ready" in m) {
        slot.ready = true;
        return this.dispatch();
      }
      const job = slot.job;
      if (!job || job.id !== m.id) return;
      clearTimeout(job.timer);
      slot.job = null;
      const a = m.answer;
      if (a.ok) {
        this.o.metrics.budget.inc({ outcome: "ok" });
        job.resolve(a.json);
      } else {
        if (a.bug) this.o.logger.error("evaluation failed in the engine", { code: a.code, error: a.message });
        this.o.metrics.budget.inc({ outcome: a.bug ? "failed" : "refused" });
        job.reject(new HttpError(a.status, a.code, a.message, a.details));
      }
      this.dispatch();
    });
    // Out of memory (ERR_WORKER_OUT_OF_MEMORY) or a crash: the request's budget, not the process.
    worker.on("error", (err) => this.fail(slot, /memory/i.test(String(err)) ? "memory" : "crashed", err));
    worker.on("exit", () => this.fail(slot, "crashed"));
    this.slots.push(slot);
    return slot;
  }

  /** Ends a slot's worker (overrun, out of memory, crash), answers its job, starts a fresh one for the queue. */
  private fail(slot: Slot, why: "time" | "memory" | "crashed", err?: unknown): void {
    const i = this.slots.indexOf(slot);
    if (i < 0) return;
    this.slots.splice(i, 1);
    void slot.worker.terminate();
    const job = slot.job;
    slot.job = null;
    if (job) {
      clearTimeout(job.timer);
      this.o.metrics.budget.inc({ outcome: why });
      if (why === "crashed") this.o.logger.error("evaluation worker crashed", { error: err instanceof Error ? err.stack : String(err) });
      job.reject(
        why === "crashed"
          ? new HttpError(422, "evaluation_failed", "the evaluation worker failed on this input")
          : new HttpError(422, "budget_exceeded", why === "time" ? `the evaluation ran longer than its budget of ${this.o.budgetMs} ms: send fewer events or a shorter range` : `the evaluation needed more than ${this.o.memoryMb} MB`, {
              budget: why === "time" ? { ms: this.o.budgetMs } : { mb: this.o.memoryMb },
            }),
      );
    }
    if (!this.closed) this.dispatch();
  }
}
