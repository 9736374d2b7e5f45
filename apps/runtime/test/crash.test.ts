/**
 * Crash test, on PGlite and PostgreSQL: the built server (dist/server.js, its own
 * process group) takes a burst of event batches while its scheduler fires overdue
 * deadlines; it is killed with SIGKILL mid-burst and started again on the same data.
 * The client then retries what was not acknowledged. Every acknowledged event must be
 * stored exactly once, and every due deadline breached exactly once (the stored
 * decisions equal a replay of the stored events, and no decision is recorded twice).
 */
import type { ChildProcess } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PGlite } from "@electric-sql/pglite";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { compilePolicy, effectiveDecisions, replayEvents, type Decision, type YardstickEvent } from "@yardstick/engine";
import { ADMIN_KEY, BACKENDS, comparable, dropSchema, PG_URL, settled, type Backend } from "./helpers.js";
import { freePort, startServerProcess as start, stopProcess as stop, visitBatch } from "./processes.js";

const restaurant = compilePolicy(JSON.parse(readFileSync(new URL("../../../policies/restaurant-dining.policy.json", import.meta.url), "utf8")), { version: 1 });

/** Batch sizes from a fixed seed (mulberry32): the same bursts on every run (CRASH_SEED=n for others). */
let seed = Number(process.env.CRASH_SEED ?? 20261202) | 0;
function rnd(): number {
  seed = (seed + 0x6d2b79f5) | 0;
  let x = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  x = (x + Math.imul(x ^ (x >>> 7), 61 | x)) ^ x;
  return ((x ^ (x >>> 14)) >>> 0) / 2 ** 32;
}

/** A batch of 1–12 events from the seeded sizes. */
const batch = (): YardstickEvent[] => visitBatch("crash-visit", rnd);

async function post(port: number, events: YardstickEvent[]): Promise<{ accepted: number; duplicates: number } | null> {
  try {
    const r = await fetch(`http://127.0.0.1:${port}/v1/events`, {
      method: "POST",
      headers: { authorization: `Bearer ${ADMIN_KEY}`, "content-type": "application/json" },
      body: JSON.stringify({ events }),
    });
    return r.status === 200 ? ((await r.json()) as { accepted: number; duplicates: number }) : null;
  } catch {
    return null; // the connection died with the server: not acknowledged
  }
}

describe.each(BACKENDS)("kill -9 during a burst (%s)", (backend: Backend) => {
  const dir = mkdtempSync(join(tmpdir(), "yardstick-crash-"));
  const schema = `crash_${process.pid}_${Date.now() % 100000}`;
  let child: ChildProcess | null = null;
  afterAll(async () => {
    if (child) await stop(child, "SIGKILL");
    rmSync(dir, { recursive: true, force: true });
    if (backend === "postgres") await dropSchema(schema);
  });

  it("stores every acknowledged event once and breaches every due deadline once", async () => {
    const port = await freePort();
    const env: Record<string, string> = {
      PORT: String(port),
      YARDSTICK_ADMIN_KEY: ADMIN_KEY,
      YARDSTICK_LOG: "off",
      YARDSTICK_AUTHORING_DIR: "",
      YARDSTICK_SCHEDULER_POLL_MS: "50",
      YARDSTICK_RATE_LIMIT: "100000",
      ...(backend === "pglite" ? { YARDSTICK_DATA_DIR: join(dir, "data") } : { DATABASE_URL: PG_URL, YARDSTICK_DB_SCHEMA: schema }),
    };
    child = await start(env, port);
    const sent: YardstickEvent[][] = [];
    const acked: YardstickEvent[][] = [];
    let killed = false;
    const sender = async () => {
      while (!killed) {
        const b = batch();
        sent.push(b);
        if (await post(port, b)) acked.push(b);
      }
    };
    const senders = Array.from({ length: 4 }, sender);
    await new Promise((r) => setTimeout(r, 1_500));
    await stop(child, "SIGKILL");
    killed = true;
    await Promise.all(senders);
    expect(acked.length).toBeGreaterThan(10);

    child = await start(env, port);
    // The client retries what was not acknowledged; events that did commit are duplicates.
    for (const b of sent.filter((x) => !acked.includes(x))) expect(await post(port, b)).not.toBeNull();
    const all = sent.flat();
    if (!restaurant.ok) throw new Error("restaurant policy does not compile");
    const want = comparable(effectiveDecisions(replayEvents(restaurant.value, all)));
    // Wait until the scheduler has fired everything due (all of it is overdue).
    const readAll = async () => {
      const out: Decision[] = [];
      for (let cursor = ""; ; ) {
        const r = await fetch(`http://127.0.0.1:${port}/v1/decisions?policy=restaurant-dining&effective=true&limit=1000${cursor && `&cursor=${cursor}`}`, {
          headers: { authorization: `Bearer ${ADMIN_KEY}` },
        });
        const body = (await r.json()) as { decisions: Decision[]; nextCursor: string; hasMore: boolean };
        out.push(...body.decisions);
        if (!body.hasMore) return comparable(out);
        cursor = body.nextCursor;
      }
    };
    expect(await settled(readAll, want, 60_000)).toEqual(want);
    // Read what is stored where it lives (PGlite only after the server has stopped).
    let query: (sql: string) => Promise<any[]>;
    let close: () => Promise<void>;
    if (backend === "pglite") {
      await stop(child, "SIGTERM");
      const db = await PGlite.create(join(dir, "data", "pglite"));
      query = async (sql) => (await db.query(sql)).rows as any[];
      close = () => db.close();
    } else {
      const c = new pg.Client({ connectionString: PG_URL });
      await c.connect();
      await c.query(`SET search_path = ${schema}`);
      query = async (sql) => (await c.query(sql)).rows;
      close = () => c.end();
    }
    try {
      const stored = (await query("SELECT body FROM events")).map((r) => r.body as YardstickEvent);
      const ids = stored.map((e) => e.id);
      expect(new Set(ids).size).toBe(ids.length);
      const byId = new Map(stored.map((e) => [e.id, e]));
      // Every acknowledged event, and after the retries every sent one, stored exactly once.
      expect(acked.flat().filter((e) => !byId.has(e.id))).toEqual([]);
      expect(all.map((e) => byId.get(e.id))).toEqual(all.map((e) => ({ ...e, data: e.data ?? {} })));
      expect(stored.filter((e) => e.subject.startsWith("crash-visit")).length).toBe(all.length);

      const decisions = (await query("SELECT body FROM decisions WHERE policy = 'restaurant-dining'")).map((r) => r.body as Decision);
      const twice = await query(
        "SELECT subject, standard, status, at, count(*)::int AS n FROM decisions GROUP BY subject, standard, status, at, body->>'key' HAVING count(*) > 1",
      );
      expect(twice).toEqual([]);
      if (!restaurant.ok) throw new Error("restaurant policy does not compile");
      const superseded = new Set((await query("SELECT decision_id FROM supersessions")).map((r) => r.decision_id));
      const effective = decisions.filter((d) => !d.retracted && !superseded.has(d.id));
      expect(comparable(effective)).toEqual(comparable(want));
      expect(want.filter((d) => d.status === "breached").length).toBeGreaterThan(all.length / 2);
    } finally {
      await close();
    }
  });
});
