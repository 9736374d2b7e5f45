// Cost per event against the size of the policy: generated timing policies of 10, 50,
// 200 and 1,000 standards where each event matches few of them (standards come in pairs
// sharing a start and a stop type: one within 5 min, one within 2 min with a warning),
// replayed over streams of the same shape (cases each working on a few random pairs).
// Each throughput (events per CPU second, median of rounds) is reported as a ratio to the
// 10-standard one: the engine's cost should follow the standards an event touches, not
// the policy (goal: 1,000 standards ≥ 0.5 × 10, issue 15).
//
// The policies beyond 100 standards exceed the document limit (limits.ts MAX_STANDARDS),
// so they are compiled with the compile stage alone (compileValidPolicy, after the schema
// check): what is measured here is the evaluation, whatever the limit.
//
// YARDSTICK_BENCH_BASE_ENGINE=<dist/src/index.js of another build> adds its curve.
//
// Prints {"bench":"sparse-scaling","standards":10,…} per size, then a summary line.
import { dirname, join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { random } from "./generate.js";

const SIZES = [10, 50, 200, 1000];
const EVENTS = Number(process.env.YARDSTICK_BENCH_SPARSE_EVENTS ?? 60_000);
const ROUNDS = 3;
const MIN = 60_000;

export default async function ({ emit, engine, dist }) {
  const builds = [["engine", engine, dist]];
  if (process.env.YARDSTICK_BENCH_BASE_ENGINE) {
    const path = resolve(process.env.YARDSTICK_BENCH_BASE_ENGINE);
    builds.push(["base", await import(pathToFileURL(path).href), dirname(path)]);
  }
  const curves = new Map();
  for (const [name, e, d] of builds) {
    const { compileValidPolicy } = await import(pathToFileURL(join(d, "compile/compile-policy.js")).href);
    const curve = [];
    for (const n of SIZES) {
      const doc = sparsePolicy(n);
      if (e.validatePolicyDocument(doc).length) throw new Error(`the ${n}-standard policy does not validate`);
      const compiled = compileValidPolicy(doc);
      if (!compiled.ok) throw new Error(JSON.stringify(compiled.diagnostics));
      const events = sparseEvents(n, EVENTS);
      const policy = compiled.value;
      let decisions = 0;
      const cpu = [];
      decisions = e.replayOrdered(policy, events, null).length; // warm-up
      for (let r = 0; r < ROUNDS; r++) {
        globalThis.gc?.();
        const c0 = process.cpuUsage();
        e.replayOrdered(policy, events, null);
        const c = process.cpuUsage(c0);
        cpu.push((c.user + c.system) / 1e6);
      }
      const perS = EVENTS / cpu.sort((a, b) => a - b)[ROUNDS >> 1];
      curve.push(perS);
      emit({ bench: "sparse-scaling", build: name, standards: n, events: EVENTS, decisions, events_per_cpu_s: Math.round(perS), ratio_to_10: Number((perS / curve[0]).toFixed(3)) });
    }
    curves.set(name, curve);
  }
  const summary = { bench: "sparse-scaling-summary", goal_ratio_1000_to_10: 0.5 };
  for (const [name, curve] of curves) summary[`${name}_ratio_1000_to_10`] = Number((curve[curve.length - 1] / curve[0]).toFixed(3));
  emit(summary);
}

/** `n` timing standards in pairs: pair p starts on `job-p.started` and stops on `job-p.finished`. */
export function sparsePolicy(n) {
  const standards = [];
  for (let i = 0; i < n; i++) {
    const p = i >> 1;
    const quick = i % 2 === 1;
    standards.push({
      id: `S${i}`,
      kind: "timing",
      title: `Job ${p} ${quick ? "acknowledged within 2 min" : "done within 5 min"}`,
      start: `job-${p}.started`,
      stop: `job-${p}.finished`,
      within: quick ? "PT2M" : "PT5M",
      ...(quick ? { warnBefore: "PT30S" } : {}),
    });
  }
  return { id: `sparse-${n}`, title: `${n} timing standards, few per event`, timezone: "UTC", standards };
}

/** Cases arriving every ~2 s, each working on 3 random job pairs (most finished within ~3 min), in (time, id) order. */
export function sparseEvents(n, count, seed = 5) {
  const rnd = random(seed);
  const pairs = Math.max(1, n >> 1);
  const t0 = Date.parse("2026-11-02T09:00:00Z");
  const raw = [];
  for (let c = 0; raw.length < count; c++) {
    const subject = `case-${c}`;
    const start = t0 + c * 2000;
    for (let j = 0; j < 3; j++) {
      const p = Math.floor(rnd() * pairs);
      const at = start + Math.round(rnd() * MIN);
      raw.push({ type: `job-${p}.started`, subject, t: at });
      if (rnd() < 0.85) raw.push({ type: `job-${p}.finished`, subject, t: at + Math.round(-Math.log(1 - rnd()) * 3 * MIN) });
    }
  }
  raw.length = count;
  raw.sort((a, b) => a.t - b.t);
  return raw.map((e, i) => ({ id: `e-${String(i).padStart(8, "0")}`, type: e.type, subject: e.subject, time: new Date(e.t).toISOString(), t: e.t, data: {} }));
}
