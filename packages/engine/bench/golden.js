// Golden outputs for behaviour-preserving refactors: writes, for a built engine, the
// decisions of every case of every shipped scenario file (policies/*.test.json), and the
// sha256 of the NDJSON decision stream of 1M generated events per policy the generators
// support (bank-branch, complaint-handling, restaurant-dining), through replayOrdered and, for the first
// 100k events, through step/advance one event at a time (the unit-level path).
// Run it before and after a change and compare the output folders byte for byte:
//
//   node bench/golden.js <out-dir> [engine-dist-index.js]
//   diff -r /work/baseline-kinds /tmp/after-kinds
import { createHash } from "node:crypto";
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { complaintEvents, queueEvents, restaurantEvents } from "./generate.js";

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, "../../..");
const out = resolve(process.argv[2] ?? "golden-out");
const enginePath = resolve(process.argv[3] ?? join(here, "../dist/src/index.js"));
const engine = await import(pathToFileURL(enginePath).href);
const COUNT = Number(process.env.YARDSTICK_GOLDEN_EVENTS ?? 1_000_000);
const STEP_COUNT = Math.min(COUNT, Number(process.env.YARDSTICK_GOLDEN_STEP_EVENTS ?? 20_000));
/** Only these generated streams (comma-separated policy names), default all. */
const ONLY = process.env.YARDSTICK_GOLDEN_STREAMS?.split(",") ?? null;
mkdirSync(out, { recursive: true });

const load = (name) => {
  const r = engine.compilePolicy(JSON.parse(readFileSync(join(root, "policies", `${name}.policy.json`), "utf8")));
  if (!r.ok) throw new Error(`${name}: ${JSON.stringify(r.diagnostics)}`);
  return r.value;
};

// (a) scenario files: every case's decisions, and the scenario verdicts.
for (const file of readdirSync(join(root, "policies")).filter((f) => f.endsWith(".test.json")).sort()) {
  const scen = JSON.parse(readFileSync(join(root, "policies", file), "utf8"));
  const policy = load(file.replace(/\.test\.json$/, ""));
  const cases = scen.cases.map((c, ci) => {
    let decisions;
    try {
      decisions = engine.replayEvents(policy, engine.caseEvents(c, ci), c.until !== undefined ? { until: c.until } : {});
    } catch (e) {
      decisions = { error: e.code ?? String(e) };
    }
    return { name: c.name, decisions };
  });
  const verdicts = engine.runScenarios(policy, scen).map((r) => ({ name: r.name, ok: r.ok, failures: r.failures }));
  writeFileSync(join(out, `${file}.decisions.json`), JSON.stringify({ cases, verdicts }, null, 1) + "\n");
  process.stderr.write(`${file}: ${cases.length} cases\n`);
}

// (a') lint of every shipped policy, and the structural diff of every ordered pair.
const docs = readdirSync(join(root, "policies")).filter((f) => f.endsWith(".policy.json")).sort();
const tools = { lint: {}, diff: {} };
for (const f of docs) {
  const doc = JSON.parse(readFileSync(join(root, "policies", f), "utf8"));
  tools.lint[f] = engine.lintPolicy(doc);
  for (const g of docs) tools.diff[`${f} -> ${g}`] = engine.diffPolicies(doc, JSON.parse(readFileSync(join(root, "policies", g), "utf8")));
}
writeFileSync(join(out, "tools.json"), JSON.stringify(tools, null, 1) + "\n");
if (process.env.YARDSTICK_GOLDEN_ONLY === "scenarios") process.exit(0);

// (b) generated streams: hash of the NDJSON decisions.
const streams = [
  ["bank-branch", () => queueEvents({ seed: 7, count: COUNT })],
  ["complaint-handling", () => complaintEvents({ seed: 7, count: COUNT })],
  ["restaurant-dining", () => restaurantEvents({ seed: 7, count: COUNT })],
];
for (const [name, gen] of streams) {
  if (ONLY && !ONLY.includes(name)) continue;
  const policy = load(name);
  const h = createHash("sha256");
  let n = 0;
  engine.replayOrdered(policy, gen(), null, {
    onDecision: (d) => {
      h.update(JSON.stringify(d) + "\n");
      n++;
    },
  });
  const line = { policy: name, events: COUNT, decisions: n, sha256: h.digest("hex") };
  writeFileSync(join(out, `${name}.replay-${COUNT}.json`), JSON.stringify(line) + "\n");
  process.stderr.write(`${JSON.stringify(line)}\n`);

  // step/advance event by event (advance to each event's time first, then a final tail).
  const hs = createHash("sha256");
  let state = engine.initialState();
  let m = 0;
  const take = (ds) => {
    for (const d of ds) hs.update(JSON.stringify(d) + "\n");
    m += ds.length;
  };
  let i = 0;
  let last = 0;
  for (const ev of gen()) {
    if (i++ >= STEP_COUNT) break;
    // In place: the same code path without copying the whole state per event.
    let r = engine.advance(policy, state, ev.t, { inPlace: true });
    take(r[1]);
    r = engine.step(policy, r[0], ev, { inPlace: true });
    take(r[1]);
    state = r[0];
    last = ev.t;
  }
  const r = engine.advance(policy, state, last + 30 * 86_400_000);
  take(r[1]);
  const open = engine.openDecisions(policy, r[0], last + 30 * 86_400_000).length;
  const sline = { policy: name, events: STEP_COUNT, decisions: m, open, nextDueAt: engine.nextDueAt(policy, r[0]), sha256: hs.digest("hex") };
  writeFileSync(join(out, `${name}.step-${STEP_COUNT}.json`), JSON.stringify(sline) + "\n");
  process.stderr.write(`${JSON.stringify(sline)}\n`);
}
