/**
 * Issue 14, database faults: the built server on a private PostgreSQL cluster that is
 * crashed (pg_ctl stop -m immediate) and started again several times while four
 * clients send event batches and the scheduler fires overdue deadlines. The process
 * must stay up, /readyz must say 503 while the database is away, no acknowledged event
 * may be lost, and once the clients have retried what was not acknowledged the stored
 * decisions must equal a replay of the stored events, each recorded once.
 * PG_RESTARTS (default 3) sets the number of restarts; the long run uses more.
 */
import { readFileSync } from "node:fs";
import type { ChildProcess } from "node:child_process";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { compilePolicy, effectiveDecisions, replayEvents, type Decision, type YardstickEvent } from "@yardstick/engine";
import { ADMIN_KEY, comparable, settled } from "./helpers.js";
import { freePort, postBatch, privateCluster, startServerProcess, stopProcess, visitBatch, type PrivateCluster } from "./processes.js";

const RESTARTS = Number(process.env.PG_RESTARTS ?? 3);
const restaurant = compilePolicy(JSON.parse(readFileSync(new URL("../../../policies/restaurant-dining.policy.json", import.meta.url), "utf8")), { version: 1 });

describe("PostgreSQL restarts under load (private cluster)", () => {
  let cluster: PrivateCluster | null = null;
  let child: ChildProcess | null = null;
  afterAll(async () => {
    if (child) await stopProcess(child, "SIGKILL");
    await cluster?.destroy();
  });

  it(`survives ${RESTARTS} crashes of the database: process up, readiness false while away, nothing acknowledged lost, decisions = replay`, async () => {
    cluster = await privateCluster();
    await cluster.start();
    const port = await freePort();
    child = await startServerProcess(
      { PORT: String(port), DATABASE_URL: cluster.url, YARDSTICK_ADMIN_KEY: ADMIN_KEY, YARDSTICK_LOG: "off", YARDSTICK_AUTHORING_DIR: "", YARDSTICK_SCHEDULER_POLL_MS: "50", YARDSTICK_RATE_LIMIT: "100000" },
      port,
    );
    let exited: string | null = null;
    child.once("exit", (code, signal) => (exited = `exit ${code} ${signal}`));
    const sent: YardstickEvent[][] = [];
    const acked = new Set<YardstickEvent[]>();
    const statuses = new Map<number, number>();
    let stopping = false;
    const sender = async () => {
      while (!stopping) {
        const b = visitBatch("pgr-visit");
        sent.push(b);
        const s = await postBatch(port, b);
        statuses.set(s, (statuses.get(s) ?? 0) + 1);
        if (s === 200) acked.add(b);
        else await new Promise((r) => setTimeout(r, 50));
      }
    };
    const readiness: number[] = [];
    const prober = async () => {
      while (!stopping) {
        readiness.push(await fetch(`http://127.0.0.1:${port}/readyz`).then((r) => r.status, () => 0));
        await new Promise((r) => setTimeout(r, 100));
      }
    };
    const load = [...Array.from({ length: 4 }, sender), prober()];
    for (let i = 0; i < RESTARTS; i++) {
      await new Promise((r) => setTimeout(r, 1_500));
      await cluster.stop("immediate");
      await new Promise((r) => setTimeout(r, 1_000));
      await cluster.start();
    }
    await new Promise((r) => setTimeout(r, 1_500));
    stopping = true;
    await Promise.all(load);
    console.log(`pg restarts: ${RESTARTS}; answers ${JSON.stringify(Object.fromEntries(statuses))}; readiness ${JSON.stringify(Object.fromEntries(readiness.reduce((m, s) => m.set(s, (m.get(s) ?? 0) + 1), new Map<number, number>())))}`);
    expect(exited).toBeNull();
    expect(acked.size).toBeGreaterThan(10);
    expect(readiness).toContain(503);
    // Only 200 (acknowledged) or 503 (database away: retry) were answered, never a 500.
    expect([...statuses.keys()].filter((s) => s !== 200 && s !== 503)).toEqual([]);

    // The clients retry what was not acknowledged (events that did commit come back as duplicates).
    for (const b of sent.filter((x) => !acked.has(x))) {
      let s = 0;
      for (let i = 0; i < 50 && s !== 200; i++) if ((s = await postBatch(port, b)) !== 200) await new Promise((r) => setTimeout(r, 200));
      expect(s).toBe(200);
    }
    const all = sent.flat();
    if (!restaurant.ok) throw new Error("restaurant policy does not compile");
    const want = comparable(effectiveDecisions(replayEvents(restaurant.value, all)));
    const readAll = async () => {
      const out: Decision[] = [];
      for (let cursor = ""; ; ) {
        const r = await fetch(`http://127.0.0.1:${port}/v1/decisions?policy=restaurant-dining&effective=true&limit=1000${cursor && `&cursor=${cursor}`}`, { headers: { authorization: `Bearer ${ADMIN_KEY}` } });
        const body = (await r.json()) as { decisions: Decision[]; nextCursor: string; hasMore: boolean };
        out.push(...body.decisions.filter((d) => d.subject.startsWith("pgr-visit")));
        if (!body.hasMore) return comparable(out);
        cursor = body.nextCursor;
      }
    };
    expect(await settled(readAll, want, 60_000)).toEqual(want);
    const c = new pg.Client({ connectionString: cluster.url });
    await c.connect();
    try {
      const stored = new Map((await c.query("SELECT id, body FROM events")).rows.map((r) => [r.id as string, r.body as YardstickEvent]));
      expect([...acked].flat().filter((e) => !stored.has(e.id))).toEqual([]);
      expect(all.map((e) => stored.get(e.id))).toEqual(all.map((e) => ({ ...e, data: e.data ?? {} })));
      const twice = await c.query("SELECT id FROM decisions GROUP BY id HAVING count(*) > 1");
      expect(twice.rows).toEqual([]);
    } finally {
      await c.end();
    }
    expect(exited).toBeNull();
  });
});
