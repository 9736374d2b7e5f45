/**
 * GET /v1/decisions/stream: server-sent events of new decisions. Each subscriber reads
 * the decisions table from its cursor (the same query and order as GET /v1/decisions),
 * when this process commits decisions and every POLL_MS for other processes' commits.
 * Every message carries its cursor as the SSE id, so a reconnecting client resumes
 * with Last-Event-ID and misses nothing.
 */
import type { Request, Response } from "express";
import type { Database } from "../db/database.js";
import { HttpError } from "../http-error.js";
import { currentCursor, decodeCursor, queryDecisions, type Cursor, type DecisionFilter } from "./query.js";

const POLL_MS = 500;
const HEARTBEAT_MS = 15_000;
const PAGE = 500;
const MAX_SUBSCRIBERS = 200;

/** Wakes subscribers when this process has committed decisions. */
export class DecisionSignal {
  private waiters = new Set<() => void>();
  notify(): void {
    for (const w of [...this.waiters]) w();
  }
  wait(ms: number): { promise: Promise<void>; cancel(): void } {
    let done!: () => void;
    const promise = new Promise<void>((resolve) => (done = resolve));
    const timer = setTimeout(() => finish(), ms);
    const finish = () => {
      clearTimeout(timer);
      this.waiters.delete(finish);
      done();
    };
    this.waiters.add(finish);
    return { promise, cancel: finish };
  }
  get subscribers(): number {
    return this.waiters.size;
  }
}

let open = 0;
/** Open streams per key id (issue 14: one key could take all 200 slots). */
const perKey = new Map<string, number>();

/** Serves one stream until the client goes away (or the runtime closes); `key` holds at most `perKeyLimit` at once. */
export async function streamDecisions(db: Database, signal: DecisionSignal, filter: DecisionFilter, req: Request, res: Response, closing: AbortSignal, key: string, perKeyLimit: number): Promise<void> {
  const resume = req.get("last-event-id") ?? (typeof req.query.cursor === "string" ? req.query.cursor : undefined);
  let cursor: Cursor = resume ? decodeCursor(resume, req.get("last-event-id") ? "Last-Event-ID" : "?cursor") : await currentCursor(db);
  const mine = perKey.get(key) ?? 0;
  if (mine >= perKeyLimit) throw new HttpError(429, "too_many_streams", `this key already has ${mine} decision streams open (at most ${perKeyLimit})`, { retryAfterSeconds: 5 });
  if (open >= MAX_SUBSCRIBERS) throw new HttpError(503, "busy", `at most ${MAX_SUBSCRIBERS} decision streams at once`, { retryAfterSeconds: 5 });
  open++;
  perKey.set(key, mine + 1);
  res.status(200);
  for (const [k, v] of Object.entries({ "content-type": "text/event-stream", "cache-control": "no-cache", connection: "keep-alive", "x-accel-buffering": "no" })) res.setHeader(k, v);
  res.flushHeaders();
  res.write(`: yardstick decision stream\nretry: 1000\n\n`);
  let gone = false;
  let pending: { cancel(): void } | null = null;
  const stop = () => {
    gone = true;
    pending?.cancel();
  };
  req.on("close", stop);
  closing.addEventListener("abort", stop);
  let lastWrite = Date.now();
  try {
    while (!gone) {
      const page = await queryDecisions(db, filter, cursor, PAGE);
      for (let i = 0; i < page.decisions.length; i++) {
        // Each message's id is the cursor just after it.
        res.write(`id: ${page.cursors[i]}\nevent: decision\ndata: ${JSON.stringify(page.decisions[i])}\n\n`);
        lastWrite = Date.now();
      }
      if (page.nextCursor) cursor = decodeCursor(page.nextCursor);
      if (page.hasMore) continue;
      if (Date.now() - lastWrite >= HEARTBEAT_MS) {
        res.write(`: ping\n\n`);
        lastWrite = Date.now();
      }
      const w = signal.wait(POLL_MS);
      pending = w;
      await w.promise;
      pending = null;
    }
  } finally {
    open--;
    const left = (perKey.get(key) ?? 1) - 1;
    if (left > 0) perKey.set(key, left);
    else perKey.delete(key);
    req.off("close", stop);
    closing.removeEventListener("abort", stop);
    res.end();
  }
}
