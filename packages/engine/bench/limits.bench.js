// The heaviest single request the compile-time limits allow (issue 14, point 6), timed:
// - compile: a policy at MAX_STANDARDS standards, each with a start condition of
//   MAX_CONDITION_WIDTH leaves, and MAX_CALENDARS calendars at MAX_HOLIDAYS holidays
//   (as large as the 1 MiB document limit lets them be);
// - evaluate: 1,000 events through replayEvents, every one a start of every standard
//   (each computing a business-time deadline of MAX_DURATION in the worst calendar:
//   one working day a week, holidays on those days), then the clock run out.
// Figures are printed, never enforced (a worker with a time budget in the runtime
// covers what a single request may still cost). YARDSTICK_LIMITS_EVENTS overrides 1,000.
import { performance } from "node:perf_hooks";

const EVENTS = Number(process.env.YARDSTICK_LIMITS_EVENTS ?? 1000);

/** Mondays from 2026-01-05 on, as holidays: the calendar's only working day is gone for that long. */
function mondays(n) {
  const out = [];
  for (let i = 0; i < n; i++) out.push(new Date(Date.UTC(2026, 0, 5) + i * 7 * 86_400_000).toISOString().slice(0, 10));
  return out;
}

export function heaviestPolicy(L, { standards = L.MAX_STANDARDS, calendars = L.MAX_CALENDARS, holidays = L.MAX_HOLIDAYS, width = L.MAX_CONDITION_WIDTH, within = `P${L.MAX_DURATION_MS / 86_400_000}D` } = {}) {
  const cal = { timezone: "Asia/Shanghai", hours: { mon: [["09:00", "17:00"]] }, holidays: mondays(holidays) };
  const leaf = (i) => ({ fact: "data", path: `$.f${i % 10}`, operator: "in", value: [i, i + 1, i + 2] });
  return {
    id: "heaviest",
    title: "The heaviest policy the limits allow",
    timezone: "Asia/Shanghai",
    events: { "case.opened": { description: "opened" }, "case.closed": { description: "closed" } },
    calendars: Object.fromEntries(Array.from({ length: calendars }, (_, i) => [`c${i}`, cal])),
    standards: Array.from({ length: standards }, (_, i) => ({
      id: `S${i}`,
      kind: "timing",
      title: `Standard ${i}`,
      start: { event: "case.opened", when: { any: [...Array.from({ length: width - 1 }, (_, k) => leaf(k)), { fact: "data", path: "$.go", operator: "equal", value: true }] } },
      stop: "case.closed",
      within,
      warnBefore: "PT1H",
      calendar: `c${i % calendars}`,
    })),
  };
}

export default async function ({ emit, engine }) {
  const L = engine.limits;
  const doc = heaviestPolicy(L);
  const bytes = JSON.stringify(doc).length;
  let t = performance.now();
  const r = engine.compilePolicy(doc);
  const compileMs = performance.now() - t;
  if (!r.ok) throw new Error(`the heaviest policy must compile: ${JSON.stringify(r.diagnostics.slice(0, 3))}`);
  const t0 = Date.parse("2026-01-05T01:00:00Z");
  const events = Array.from({ length: EVENTS }, (_, i) => ({ id: `e${i}`, type: "case.opened", subject: `case-${i}`, time: new Date(t0 + i * 1000).toISOString(), data: { go: true } }));
  t = performance.now();
  const decisions = engine.replayEvents(r.value, events);
  const evaluateMs = performance.now() - t;
  emit({
    bench: "limits",
    document_bytes: bytes,
    standards: doc.standards.length,
    calendars: Object.keys(doc.calendars).length,
    holidays_per_calendar: L.MAX_HOLIDAYS,
    condition_width: L.MAX_CONDITION_WIDTH,
    within: doc.standards[0].within,
    compile_ms: Math.round(compileMs),
    events: EVENTS,
    evaluate_ms: Math.round(evaluateMs),
    decisions: decisions.length,
    ms_per_event: +(evaluateMs / EVENTS).toFixed(2),
  });
}
