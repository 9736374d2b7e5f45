// The engine against a hand-written exact evaluator of the restaurant policy
// (./restaurant-exact.js: a Map of open obligations and a min-heap of deadlines) on the
// same generated table visits (generate.js restaurantEvents), with the decisions of both
// checked for equality (`same_results`, as sorted JSON). The figure is CPU time per event
// (process.cpuUsage, user + system, median of rounds run alternately in this process):
// `ratio` = exact / engine, so 1.0 means the engine costs what the exact evaluator does
// (goal: ≥ 1.0, issue 15). It also reports the engine's heap per open restaurant subject
// (goal: ≤ 1 KB): subjects seated, given drinks and a main course order, kept open.
//
// YARDSTICK_BENCH_BASE_ENGINE=<path of another build's dist/src/index.js> adds that
// engine to the same run (before/after figures from one run).
//
// Prints {"bench":"engine-vs-exact/restaurant-dining",…} and {"bench":"heap-per-subject/restaurant-dining",…}.
import { readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { restaurantEvents } from "./generate.js";
import { exactRestaurant } from "./restaurant-exact.js";

const EVENTS = Number(process.env.YARDSTICK_BENCH_RESTAURANT_EVENTS ?? 240_000);
const ROUNDS = 5;
/** A multiple of 10,000 / 5 (replay reports progress every 10,000 events). */
const OPEN_SUBJECTS = 20_000;

export default async function ({ emit, engine, root }) {
  const doc = JSON.parse(readFileSync(join(root, "policies/restaurant-dining.policy.json"), "utf8"));
  const engines = [["engine", engine]];
  if (process.env.YARDSTICK_BENCH_BASE_ENGINE) engines.push(["base", await import(pathToFileURL(resolve(process.env.YARDSTICK_BENCH_BASE_ENGINE)).href)]);
  const policies = new Map(engines.map(([name, e]) => [name, e.compilePolicy(doc).value]));
  const events = [...restaurantEvents({ seed: 7, count: EVENTS })];

  const runs = new Map([["exact", () => exactRestaurant(events, engine.formatDuration)]]);
  for (const [name, e] of engines) runs.set(name, () => e.replayOrdered(policies.get(name), events, null));
  const results = new Map();
  const cpu = new Map([...runs.keys()].map((k) => [k, []]));
  for (const [name, run] of runs) results.set(name, run()); // warm-up, and the decisions compared
  for (let r = 0; r < ROUNDS; r++) {
    for (const [name, run] of runs) {
      globalThis.gc?.();
      const c0 = process.cpuUsage();
      run();
      const c = process.cpuUsage(c0);
      cpu.get(name).push((c.user + c.system) / EVENTS);
    }
  }
  const canonical = (ds) => ds.map((d) => JSON.stringify(d)).sort().join("\n");
  const exact = canonical(results.get("exact"));
  const us = (name) => median(cpu.get(name));
  const line = {
    bench: "engine-vs-exact/restaurant-dining",
    events: EVENTS,
    decisions: results.get("engine").length,
    engine_cpu_us_per_event: round(us("engine")),
    exact_cpu_us_per_event: round(us("exact")),
    ratio: round(us("exact") / us("engine")),
    goal_ratio: 1.0,
    same_results: canonical(results.get("engine")) === exact,
  };
  if (results.has("base")) {
    Object.assign(line, { base_cpu_us_per_event: round(us("base")), base_ratio: round(us("exact") / us("base")), base_same_results: canonical(results.get("base")) === exact });
  }
  emit(line);

  const heap = { bench: "heap-per-subject/restaurant-dining", open_subjects: OPEN_SUBJECTS, goal_bytes: 1024 };
  for (const [name, e] of engines) heap[`${name}_bytes_per_subject`] = heapPerSubject(e, policies.get(name));
  emit(heap);
}

/**
 * Heap after a full GC per open subject in a replay (the engine's evaluation state and its
 * deadline heap): each subject seated and greeted, with two drinks and a main course
 * ordered, all still running when the heap is sampled after the last event.
 */
function heapPerSubject(engine, policy) {
  const t0 = Date.parse("2026-11-02T11:00:00Z");
  const events = [];
  for (let i = 0; i < OPEN_SUBJECTS; i++) {
    const subject = `store-${i % 40}/table-${i % 25}/visit-${i}`;
    const t = t0 + i * 10;
    const ev = (n, type, dt, data = {}) => ({ id: `h${i}-${n}`, type, subject, time: new Date(t + dt).toISOString(), t: t + dt, data });
    events.push(ev(1, "guest.seated", 0, { partySize: 2, vip: false }), ev(2, "guest.greeted", 20_000), ev(3, "drink.ordered", 30_000, { item: "tea" }));
    events.push(ev(4, "drink.ordered", 31_000, { item: "juice" }), ev(5, "food.ordered", 60_000, { item: "main" }));
  }
  events.sort((a, b) => a.t - b.t || (a.id < b.id ? -1 : 1));
  globalThis.gc?.();
  const before = process.memoryUsage().heapUsed;
  let bytes = null;
  engine.replayOrdered(policy, events, events[events.length - 1].t, {
    onDecision: () => {},
    onProgress: (n, state) => {
      if (n !== events.length) return;
      globalThis.gc?.();
      bytes = Math.round((process.memoryUsage().heapUsed - before) / OPEN_SUBJECTS);
      if (Object.keys(state.subjects).length !== OPEN_SUBJECTS) throw new Error("every subject should still be open");
    },
  });
  return bytes;
}

const median = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
const round = (x) => Number(x.toFixed(3));
