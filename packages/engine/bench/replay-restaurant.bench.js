// Whole-engine throughput on the restaurant policy: generated table visits replayed
// end to end (compile once; sort, step, deadlines, decisions). Baseline in the same
// run: the same events through JSON.stringify+parse, a floor every service pays anyway,
// so the ratio says how many "event copies" one evaluated event costs.
import { readFileSync } from "node:fs";
import { join } from "node:path";

const VISITS = 20_000;

function* visit(i, t0) {
  const subject = `store-${i % 40}/table-${i % 25}/visit-${i}`;
  const at = (min) => new Date(t0 + min * 60_000).toISOString();
  const id = (n) => `v${i}-${n}`;
  const late = i % 7 === 0 ? 3 : 0; // some tables are served late
  yield { id: id(1), type: "guest.seated", subject, time: at(0), data: { partySize: 2 + (i % 4), vip: i % 11 === 0 } };
  yield { id: id(2), type: "guest.greeted", subject, time: at(1 + late * 0.5) };
  yield { id: id(3), type: "drink.ordered", subject, time: at(2), data: { item: "tea" } };
  yield { id: id(4), type: "drink.served", subject, time: at(4 + late) };
  yield { id: id(5), type: "food.order-asked", subject, time: at(6 + late) };
  yield { id: id(6), type: "food.ordered", subject, time: at(7 + late), data: { item: "fish" } };
  yield { id: id(7), type: "main.served", subject, time: at(15 + late) };
  yield { id: id(8), type: "plates.cleared", subject, time: at(40) };
  yield { id: id(9), type: "dessert.declined", subject, time: at(41) };
  yield { id: id(10), type: "bill.presented", subject, time: at(43 + late) };
  yield { id: id(11), type: "payment.placed", subject, time: at(45 + late), data: { method: "card" } };
  yield { id: id(12), type: "payment.collected", subject, time: at(46 + late) };
}

export default async function ({ emit, engine, root }) {
  const doc = JSON.parse(readFileSync(join(root, "policies/restaurant-dining.policy.json"), "utf8"));
  const policy = engine.compilePolicy(doc).value;
  const t0 = Date.parse("2026-11-01T11:00:00Z");
  const events = [];
  for (let i = 0; i < VISITS; i++) events.push(...visit(i, t0 + (i % 600) * 60_000));
  engine.replayEvents(policy, events.slice(0, 12_000)); // warm-up
  globalThis.gc?.();
  const rss0 = process.memoryUsage().rss;
  let start = performance.now();
  const decisions = engine.replayEvents(policy, events);
  const ours = performance.now() - start;
  const rss = process.memoryUsage().rss;
  start = performance.now();
  let copies = 0;
  for (const e of events) copies += JSON.parse(JSON.stringify(e)).id.length > 0 ? 1 : 0;
  const base = performance.now() - start;
  emit({
    bench: "replay/restaurant-dining",
    events: events.length,
    decisions: decisions.length,
    ours_per_s: Math.round(events.length / (ours / 1000)),
    reference_per_s: Math.round(copies / (base / 1000)),
    ratio: Number((base / ours).toFixed(3)),
    rss_growth_mb: Math.round((rss - rss0) / 2 ** 20),
  });
}
