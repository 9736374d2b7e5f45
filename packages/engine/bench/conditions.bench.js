// Matching events against every condition of a policy: ours (compiled closures, indexed
// by event type) against json-rules-engine (one Engine built once, one rule per matcher:
// all[event.type equals X, when]), on the same events in the same process.
//
// Policies: every policies/*.policy.json, with the events of its scenario file
// (policies/<name>.test.json) when there is one, and a generated 200-matcher policy with
// generated events. Prints per policy:
//   {"bench":"conditions/<name>","ours_per_s":…,"reference_per_s":…,"ratio":…,"same_results":true}
// same_results compares the matched matcher pointers of every event.
// Goals (printed on stderr, not enforced): ratio ≥ 150 on shipped policies, ≥ 100 on 200 rules.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { random } from "./generate.js";
import { measureAsync, measureSync } from "./measure.js";

export default async function benchConditions({ emit, dist, root }) {
  const { compileMatcherIndex } = await import(pathToFileURL(join(dist, "conditions/matchers.js")).href);
  const { createReferenceEngine, matcherRules } = await import(pathToFileURL(join(dist, "json-rules-engine/reference-engine.js")).href);

  const runs = [];
  const dir = join(root, "policies");
  const files = existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith(".policy.json")).sort() : [];
  for (const file of files) {
    const doc = JSON.parse(readFileSync(join(dir, file), "utf8"));
    const scenarios = join(dir, file.replace(/\.policy\.json$/, ".test.json"));
    const events = existsSync(scenarios) ? scenarioEvents(JSON.parse(readFileSync(scenarios, "utf8"))) : [];
    runs.push({ name: file.replace(/\.policy\.json$/, ""), doc, events: events.length > 0 ? events : eventsFor(doc, 500), goal: 150 });
  }
  if (files.length === 0) console.error("no policies/*.policy.json: only the generated policy is measured");
  const generated = generatedPolicy(200);
  runs.push({ name: "generated-200", doc: generated.doc, events: generated.events, goal: 100 });

  for (const run of runs) {
    const index = compileMatcherIndex(run.doc);
    if (!index.ok) throw new Error(`${run.name} does not compile: ${JSON.stringify(index.diagnostics)}`);
    const reference = createReferenceEngine(matcherRules(run.doc));
    const facts = factsOf(run.events);

    let same = true;
    for (const f of facts) {
      if (JSON.stringify(index.index.match(f)) !== JSON.stringify(await reference.run(f))) same = false;
    }
    const ours = measureSync(() => {
      let n = 0;
      for (let i = 0; i < facts.length; i++) n += index.index.match(facts[i]).length;
      return n;
    }, facts.length);
    let i = 0;
    const theirs = await measureAsync(() => reference.run(facts[i++ % facts.length]), 1);
    const ratio = ours / theirs;
    console.error(`  ${run.name}: ${index.index.size} matchers, ${facts.length} events; ratio ${ratio.toFixed(0)} (goal ≥ ${run.goal})`);
    emit({ bench: `conditions/${run.name}`, ours_per_s: Math.round(ours), reference_per_s: Math.round(theirs), ratio: Math.round(ratio * 10) / 10, same_results: same });
  }
}

/** Scenario events ({cases:[{events:[…]}]}), each case a subject of its own. */
function scenarioEvents(file) {
  return (file.cases ?? []).flatMap((c, ci) => (c.events ?? []).map((e, ei) => ({ id: `c${ci}-e${ei}`, subject: `case-${ci}`, ...e })));
}

/** Fact sets as the engine builds them: this event's data, the event, the subject's merged data. */
function factsOf(events) {
  const subjects = new Map();
  return events.map((e) => {
    const merged = { ...(subjects.get(e.subject) ?? {}), ...(e.data ?? {}) };
    subjects.set(e.subject, merged);
    return { data: e.data ?? {}, event: { id: e.id, type: e.type, subject: e.subject, time: e.time }, subject: merged };
  });
}

const CHANNELS = ["counter", "phone", "app", "web", "kiosk"];
const TAGS = ["vip", "allergy", "birthday", "late", "regular", "staff"];

function eventData(r) {
  const d = { partySize: 1 + Math.floor(r() * 10), channel: CHANNELS[Math.floor(r() * CHANNELS.length)], amount: Math.round(r() * 50000) / 100 };
  if (r() < 0.3) d.vip = r() < 0.5;
  if (r() < 0.5) d.tags = TAGS.filter(() => r() < 0.3);
  if (r() < 0.4) d.lines = [{ sku: `sku-${Math.floor(r() * 20)}`, qty: 1 + Math.floor(r() * 4) }];
  return d;
}

/** Events for a policy without scenarios: its matchers' event types, random data. */
function eventsFor(doc, count) {
  const types = [...new Set((doc.standards ?? []).flatMap((s) => ["start", "stop", "cancel", "requires"].flatMap((k) => [s[k]].flat())).filter(Boolean).map((m) => (typeof m === "string" ? m : m.event)))];
  const r = random(7);
  return Array.from({ length: count }, (_, i) => ({ id: `g${i}`, type: types[i % Math.max(1, types.length)] ?? "x.y", subject: `s${i % 25}`, time: new Date(Date.UTC(2026, 10, 22, 4) + i * 1000).toISOString(), data: eventData(r) }));
}

function leaf(r) {
  const k = Math.floor(r() * 7);
  switch (k) {
    case 0: return { fact: "data", path: "$.partySize", operator: ["greaterThan", "lessThanInclusive", "greaterThanInclusive"][Math.floor(r() * 3)], value: 2 + Math.floor(r() * 6) };
    case 1: return { fact: "data", path: "$.channel", operator: r() < 0.5 ? "in" : "notIn", value: CHANNELS.filter(() => r() < 0.5) };
    case 2: return { fact: "data", path: "$.vip", operator: "equal", value: true };
    case 3: return { fact: "data", path: "$.tags", operator: r() < 0.7 ? "contains" : "doesNotContain", value: TAGS[Math.floor(r() * TAGS.length)] };
    case 4: return { fact: "data", path: "$.amount", operator: r() < 0.5 ? "lessThan" : "greaterThan", value: Math.round(r() * 400) };
    case 5: return { fact: "subject", path: "$.channel", operator: r() < 0.5 ? "equal" : "notEqual", value: CHANNELS[Math.floor(r() * CHANNELS.length)] };
    default: return { fact: "data", path: "$.lines[0].qty", operator: "greaterThanInclusive", value: 2 };
  }
}

function condition(r) {
  const n = 1 + Math.floor(r() * 3);
  const leaves = Array.from({ length: n }, () => (r() < 0.15 ? { not: leaf(r) } : leaf(r)));
  return r() < 0.6 ? { all: leaves } : { any: leaves };
}

/** A timing policy with `matchers` matchers over 20 event types, most with a condition. */
function generatedPolicy(matchers) {
  const r = random(200);
  const types = Array.from({ length: 20 }, (_, i) => `gen.event-${String(i).padStart(2, "0")}`);
  const matcher = () => {
    const event = types[Math.floor(r() * types.length)];
    return r() < 0.8 ? { event, when: condition(r) } : event;
  };
  const standards = Array.from({ length: matchers / 4 }, (_, i) => ({
    id: `G${i}`,
    kind: "timing",
    title: `Generated standard ${i}`,
    start: matcher(),
    stop: matcher(),
    cancel: matcher(),
    requires: matcher(),
    within: "PT5M",
  }));
  const doc = { id: "generated-200", title: "Generated", standards };
  const events = Array.from({ length: 800 }, (_, i) => ({
    id: `g${i}`,
    type: types[Math.floor(r() * types.length)],
    subject: `s${i % 50}`,
    time: new Date(Date.UTC(2026, 10, 22, 4) + i * 1000).toISOString(),
    data: eventData(r),
  }));
  return { doc, events };
}
