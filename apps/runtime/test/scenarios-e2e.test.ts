/**
 * End to end, on PGlite and PostgreSQL: every shipped policy's scenario events go over
 * HTTP in shuffled batches of random sizes, with duplicates, from concurrent senders,
 * while the scheduler fires deadlines in between. Afterwards the stored effective
 * decisions must equal replayEvents of the stored events (docs/contracts.md: "the runtime's
 * decisions equal a replay of its stored events").
 * Escalation (complaint-handling) is included: its policy-wide unit lives in
 * shared_states and has deadlines of its own, fired by the same scheduler passes.
 * SCENARIO_SEED=n runs another shuffle (the default is fixed, so a failure reproduces).
 */
import { readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { effectiveDecisions, replayEvents, type Decision, type ScenarioFile, type YardstickEvent } from "@yardstick/engine";
import { accepts } from "../src/ingest/routing.js";
import { BACKENDS, comparable, settled, effectiveOf, startServerForSuite } from "./helpers.js";
import { shuffledBatches } from "./arrival.js";

const POLICIES = new URL("../../../policies/", import.meta.url);
const readJson = (f: string) => JSON.parse(readFileSync(new URL(f, POLICIES), "utf8"));
/** Scenario files with the id of the policy they test (`policy` names its file). */
const files = readdirSync(POLICIES)
  .filter((f) => f.endsWith(".test.json"))
  .map((f) => readJson(f) as ScenarioFile)
  .map((file) => ({ ...file, policy: file.policy.endsWith(".json") ? (readJson(file.policy).id as string) : file.policy }));

/** Every case's events (defaults as the scenario runner fills them), ids and subjects prefixed so that cases and files never collide. */
const raw: YardstickEvent[] = files.flatMap((file) =>
  file.cases.flatMap((c, ci) =>
    c.events.map((e, i) => ({
      id: `${file.policy}/${ci}/${e.id ?? `case${ci}-${i + 1}`}`,
      type: e.type,
      subject: `${file.policy}/${ci}/${e.subject ?? c.subject ?? "subject-1"}`,
      time: e.time,
      ...(e.data !== undefined ? { data: e.data } : {}),
    })),
  ),
);

/**
 * The runtime fires deadlines by the wall clock, so scenarios dated in the future are
 * moved back by whole weeks (weekdays and times of day, hence calendars, unchanged),
 * times inside `data` (promise deadlines) with them.
 */
const WEEK = 7 * 86_400_000;
const latest = Math.max(...raw.map((e) => Date.parse(e.time)));
const shift = latest > Date.now() - 3_600_000 ? -Math.ceil((latest - Date.now() + 3_600_000) / WEEK) * WEEK : 0;
const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;
const moved = (v: unknown): unknown =>
  typeof v === "string" && ISO.test(v) ? new Date(Date.parse(v) + shift).toISOString() : v && typeof v === "object" && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k, moved(x)])) : v;
const events: YardstickEvent[] = raw.map((e) => ({ ...e, time: moved(e.time) as string, ...(e.data ? { data: moved(e.data) as Record<string, unknown> } : {}) }));
const unique = [...new Map(events.map((e) => [e.id, e])).values()];
const times = unique.map((e) => Date.parse(e.time));



describe.each(BACKENDS)("shipped scenarios over HTTP (%s)", (backend) => {
  const t = startServerForSuite(backend, {
    // The scenarios happen on fixed dates in the past: widen the lateness bound to admit them.
    config: () => ({
      latenessMs: Math.max(86_400_000, Date.now() - Math.min(...times) + WEEK),
      scheduler: { enabled: false, pollMs: 50, batch: 500 },
    }),
  });

  it("stores every event once, and its effective decisions equal a replay of the stored events", async () => {
    expect(files.length).toBeGreaterThanOrEqual(2);
    const seed = Number(process.env.SCENARIO_SEED ?? (backend === "pglite" ? 1 : 2));
    const shuffled = shuffledBatches(events, seed, 0.2, 12);
    let accepted = 0;
    let duplicates = 0;
    const send = async (batch: YardstickEvent[]) => {
      const r = await t.call("POST", "/v1/events", undefined, batch.length === 1 ? batch[0] : { events: batch });
      expect(r.status, JSON.stringify(r.body)).toBe(200);
      accepted += r.body.accepted;
      duplicates += r.body.duplicates;
    };
    let next = 0;
    const sender = async () => {
      while (next < shuffled.length) {
        await send(shuffled[next++]);
        if (next % 5 === 0) await t.runtime.services.scheduler.pass(Date.now());
      }
    };
    await Promise.all([sender(), sender(), sender(), sender()]);
    const sent = shuffled.flat().length;
    expect([accepted, duplicates]).toEqual([unique.length, sent - unique.length]);
    const stored = await t.db.query("SELECT body FROM events");
    expect(stored.map((r) => r.body).sort((a, b) => (a.id < b.id ? -1 : 1))).toEqual(
      unique.map((e) => ({ ...e, data: e.data ?? {} })).sort((a, b) => (a.id < b.id ? -1 : 1)),
    );

    const checkAt = Date.now();
    while ((await t.runtime.services.scheduler.pass(checkAt)).claimed > 0);
    const want: Record<string, Decision[]> = {};
    for (const file of files) {
      const policy = await t.runtime.services.policies.compiledVersion(file.policy, 1);
      const mine = stored.map((r) => r.body as YardstickEvent).filter((e) => accepts(policy, e.type));
      want[file.policy] = comparable(effectiveDecisions(replayEvents(policy, mine)).filter((d) => Date.parse(d.at) <= checkAt));
      expect(want[file.policy].length, file.policy).toBeGreaterThan(0);
    }
    const byPolicy = async () => {
      const got = await effectiveOf(t);
      return Object.fromEntries(files.map((f) => [f.policy, comparable(got.filter((d) => d.policy === f.policy))]));
    };
    expect(await settled(byPolicy, want)).toEqual(want);
  });
});
