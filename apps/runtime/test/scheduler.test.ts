/**
 * Several instances on one PostgreSQL (each with its own pool and scheduler): deadlines
 * fire exactly once, and a subject's events never interleave. And after a restart,
 * overdue deadlines fire at start.
 */
import { afterAll, describe, expect, it } from "vitest";
import { effectiveDecisions, replayEvents, type Decision, type YardstickEvent } from "@yardstick/engine";
import { openDatabase } from "../src/db/database.js";
import { BACKENDS, comparable, eventually, isoFromNow, settled, startServer, testConfig, testDatabase, uid, type TestServer } from "./helpers.js";

const fast = { enabled: true, pollMs: 20, batch: 50 };

/** All R1 decisions, by subject. */
async function r1BySubject(t: TestServer): Promise<Map<string, string[]>> {
  const rows = await t.db.query("SELECT subject, status FROM decisions WHERE standard = 'R1' ORDER BY subject, status");
  const out = new Map<string, string[]>();
  for (const r of rows) out.set(r.subject, [...(out.get(r.subject) ?? []), r.status]);
  return out;
}

describe("deadline scheduler", () => {
  const cleanups: Array<() => Promise<void>> = [];
  afterAll(async () => {
    for (const c of cleanups.reverse()) await c();
  });

  it("fires each deadline exactly once with two runtimes on one PostgreSQL", async () => {
    const d = await testDatabase("postgres");
    const a = await startServer(testConfig(d.config, { scheduler: fast }), d.db);
    const dbB = await openDatabase(d.config);
    const b = await startServer(testConfig(d.config, { scheduler: fast }), dbB);
    cleanups.push(async () => {
      await b.close();
      await dbB.close();
      await a.close();
      await d.drop();
    });
    // 300 visits whose R1 (2 min) falls due over the next ~3 s; each runtime receives half.
    const subjects = Array.from({ length: 300 }, () => uid("visit"));
    await Promise.all(
      subjects.map((s, i) =>
        (i % 2 ? a : b).call("POST", "/v1/events", undefined, { id: uid(), type: "guest.seated", subject: s, time: new Date(Date.now() - 118_000 + (i % 30) * 100).toISOString() }),
      ),
    );
    const fired = await eventually(async () => {
      const m = await r1BySubject(a);
      return subjects.every((s) => m.get(s)?.includes("breached")) ? m : null;
    });
    // R1: a warning 30 s before, then the breach; each exactly once.
    expect(subjects.filter((s) => JSON.stringify(fired.get(s)) !== JSON.stringify(["breached", "warning"]))).toEqual([]);
    const lag = async (t: TestServer) => Number(/^yardstick_deadline_lag_seconds_count (\d+)$/m.exec(await t.runtime.services.metrics.render())?.[1] ?? 0);
    expect([(await lag(a)) > 0, (await lag(b)) > 0]).toEqual([true, true]);
  });

  // PGlite allows one process per directory: there, one runtime gets every event twice.
  it.each(BACKENDS)("serialises each subject: concurrent events of the same visits, sent twice, end where a replay ends (%s)", async (backend) => {
    const d = await testDatabase(backend);
    const a = await startServer(testConfig(d.config, { scheduler: fast }), d.db);
    const dbB = backend === "postgres" ? await openDatabase(d.config) : null;
    const b = dbB ? await startServer(testConfig(d.config, { scheduler: fast }), dbB) : a;
    cleanups.push(async () => {
      if (dbB) {
        await b.close();
        await dbB.close();
      }
      await a.close();
      await d.drop();
    });
    const at = (m: number) => isoFromNow((m - 30) * 60_000);
    const visits = Array.from({ length: 20 }, () => uid("visit"));
    const events: YardstickEvent[] = visits.flatMap((s) => [
      { id: uid(), type: "guest.seated", subject: s, time: at(0) },
      { id: uid(), type: "drink.ordered", subject: s, time: at(0.5), data: { item: "tea" } },
      { id: uid(), type: "guest.greeted", subject: s, time: at(1.5) },
      { id: uid(), type: "drink.served", subject: s, time: at(3), data: { item: "tea" } },
      { id: uid(), type: "food.order-asked", subject: s, time: at(5) },
      { id: uid(), type: "food.ordered", subject: s, time: at(6), data: { item: "soup" } },
      { id: uid(), type: "main.served", subject: s, time: at(18), data: { item: "soup" } },
    ]);
    // Every event sent twice, once to each runtime, all at once in a shuffled order (a fixed
    // permutation: the same on every run; the concurrency of the sends is what is tested).
    const pairs = [...events.map((e) => [a, e] as const), ...events.map((e) => [b, e] as const)];
    const sends = pairs.map((p, i) => ({ p, k: Math.imul(i + 1, 2654435761) >>> 0 })).sort((x, y) => x.k - y.k).map((x) => x.p);
    const results = await Promise.all(sends.map(([t, e]) => t.call("POST", "/v1/events", undefined, e)));
    expect(results.filter((r) => r.status !== 200)).toEqual([]);
    expect(results.reduce((n, r) => n + r.body.accepted, 0)).toBe(events.length);
    while ((await a.runtime.services.scheduler.pass(Date.now())).claimed > 0);
    const policy = await a.runtime.services.policies.compiledVersion("restaurant-dining", 1);
    const want = comparable(effectiveDecisions(replayEvents(policy, events)));
    const read = async () => {
      const r = await a.call("GET", "/v1/decisions?effective=true&limit=1000");
      return comparable(r.body.decisions);
    };
    expect(await settled(read, want)).toEqual(want);
  });

  it.each(BACKENDS)("fires deadlines that fell due while no runtime ran, at start (%s)", async (backend) => {
    const d = await testDatabase(backend);
    cleanups.push(d.drop);
    const first = await startServer(testConfig(d.config, { scheduler: { ...fast, enabled: false } }), d.db);
    const subject = uid("visit");
    await first.call("POST", "/v1/events", undefined, { id: uid(), type: "guest.seated", subject, time: isoFromNow(-119_000) });
    await first.close();
    await new Promise((r) => setTimeout(r, 2_000));
    expect((await r1BySubject(first)).get(subject)).toBeUndefined();
    const second = await startServer(testConfig(d.config, { scheduler: fast }), d.db);
    cleanups.push(() => second.close());
    const got = await eventually(async () => {
      const r = await second.call("GET", `/v1/decisions?subject=${subject}&standard=R1`);
      return (r.body.decisions as Decision[]).length === 2 ? r.body.decisions : null;
    }, 5_000);
    expect((got as Decision[]).map((x) => x.status)).toEqual(["warning", "breached"]);
  });
});
