// Replays 1,000,000 generated events through the bank-branch (queue) and the
// complaint-handling (escalation + timing) policies, streaming: events come from the
// generator as they are made, decisions are counted and dropped, settled subjects are
// retired. Memory must stay bounded by what is in progress, not grow with history:
// the heap after a full GC is sampled at each quarter of the stream.
//
// Prints {"bench":"replay-queue-1m",…} and {"bench":"replay-complaints-1m",…}.
// The loop is replayOrdered's (src/replay/replay.ts) with decisions drained as they are
// made: replayOrdered collects them all (a million decisions do not fit a bounded
// memory). When the engine offers a streaming replay (onDecision), use it here.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { complaintEvents, queueEvents } from "./generate.js";

const EVENTS = Number(process.env.YARDSTICK_BENCH_EVENTS ?? 1_000_000);
const RETIRE_AFTER_MS = 86_400_000;

export default async function ({ emit, engine, dist, root }) {
  const { Run, nextDueAt } = await import(pathToFileURL(join(dist, "evaluate/engine.js")).href);
  const { MinHeap } = await import(pathToFileURL(join(dist, "replay/heap.js")).href);
  const { handlers } = await import(pathToFileURL(join(dist, "evaluate/handlers.js")).href);
  const load = (name) => {
    const r = engine.compilePolicy(JSON.parse(readFileSync(join(root, "policies", `${name}.policy.json`), "utf8")));
    if (!r.ok) throw new Error(`${name}: ${JSON.stringify(r.diagnostics)}`);
    return r.value;
  };
  const runs = [
    ["replay-queue-1m", load("bank-branch"), () => queueEvents({ seed: 7, count: EVENTS })],
    ["replay-complaints-1m", load("complaint-handling"), () => complaintEvents({ seed: 7, count: EVENTS })],
  ];
  for (const [bench, policy, events] of runs) {
    globalThis.gc?.();
    const result = replayStreaming({ Run, nextDueAt, MinHeap, handlers }, policy, events(), EVENTS);
    emit({ bench, ...result });
  }
}

function replayStreaming({ Run, nextDueAt, MinHeap, handlers }, policy, events, total) {
  const run = new Run(policy, { clock: 0, subjects: {}, shared: {} }, {}, false);
  const subjects = run.state.subjects;
  const heap = new MinHeap();
  const dueOf = (subj) => nextDueAt(policy, { clock: 0, subjects: { s: subj }, shared: {} });
  const schedule = (subject) => {
    const subj = subjects[subject];
    const due = subj ? dueOf(subj) : null;
    if (due !== null) heap.push(due, subject);
  };
  const decisions = {};
  const drain = () => {
    for (const d of run.out) decisions[d.status] = (decisions[d.status] ?? 0) + 1;
    run.out.length = 0;
  };
  const fireUntil = (t, inclusive) => {
    while (heap.size > 0 && (inclusive ? heap.peekKey() <= t : heap.peekKey() < t)) {
      const { key, value: subject } = heap.pop();
      const subj = subjects[subject];
      if (!subj || dueOf(subj) !== key) continue;
      run.fireBefore(subject, key + 1);
      schedule(subject);
    }
  };
  const retire = (now) => {
    for (const [subject, subj] of Object.entries(subjects)) {
      if (now - subj.lastEventAt <= RETIRE_AFTER_MS) continue;
      if (policy.standards.every((std) => subj.slots[std.id] === undefined || handlers[std.kind].idle(std, subj.slots[std.id]))) delete subjects[subject];
    }
  };
  const heapMb = [];
  const liveSubjects = [];
  let peakRss = process.memoryUsage().rss;
  let processed = 0;
  let lastRetire = -Infinity;
  let last = 0;
  const started = performance.now();
  let paused = 0;
  for (const ev of events) {
    fireUntil(ev.t, false);
    run.event(ev);
    schedule(ev.subject);
    drain();
    last = ev.t;
    if (++processed % 10_000 === 0) {
      if (ev.t - lastRetire > RETIRE_AFTER_MS / 4) {
        retire(ev.t);
        lastRetire = ev.t;
      }
      peakRss = Math.max(peakRss, process.memoryUsage().rss);
      if (processed % (total / 4) === 0 && globalThis.gc) {
        const p = performance.now();
        globalThis.gc();
        heapMb.push(Math.round(process.memoryUsage().heapUsed / 2 ** 20));
        liveSubjects.push(Object.keys(subjects).length);
        paused += performance.now() - p;
      }
    }
  }
  // Run the clock on to the last deadline, as a replay without `until` does.
  while (heap.size > 0) {
    fireUntil(heap.peekKey(), true);
    drain();
  }
  const seconds = (performance.now() - started - paused) / 1000;
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
  const shared = JSON.stringify(run.state.shared).length;
  retire(last + 2 * RETIRE_AFTER_MS);
  return {
    events: processed,
    events_per_s: Math.round(processed / seconds),
    peak_rss_mb: Math.round(peakRss / 2 ** 20),
    heap_after_gc_mb_by_quarter: heapMb,
    live_subjects_by_quarter: liveSubjects,
    decisions,
    live_subjects_at_end: Object.keys(subjects).length,
    shared_state_kb: Math.round(shared / 1024),
    stream_days: Math.round((last - Date.parse("2026-11-02T00:00:00+08:00")) / 86_400_000),
  };
}
