// Replays 1,000,000 generated events through the bank-branch (queue) and the
// complaint-handling (escalation + timing) policies with the engine's streaming replay
// (`replayOrdered` with `onDecision`): events come from the generator as they are made,
// decisions are counted and dropped, settled subjects are retired. Memory must stay
// bounded by what is in progress, not grow with history: the heap after a full GC is
// sampled at each quarter of the stream.
//
// Prints {"bench":"replay-queue-1m",…} and {"bench":"replay-complaints-1m",…}.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { complaintEvents, queueEvents } from "./generate.js";

const EVENTS = Number(process.env.YARDSTICK_BENCH_EVENTS ?? 1_000_000);

export default async function ({ emit, engine, root }) {
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
    emit({ bench, ...replayStreaming(engine, policy, events()) });
  }
}

function replayStreaming(engine, policy, events) {
  const decisions = {};
  const heapMb = [];
  const liveSubjects = [];
  let peakRss = process.memoryUsage().rss;
  let processed = 0;
  let paused = 0;
  let finalState = null;
  let last = 0;
  const timed = (function* () {
    for (const ev of events) {
      last = ev.t;
      yield ev;
    }
  })();
  const started = performance.now();
  engine.replayOrdered(policy, timed, null, {
    onDecision: (d) => {
      decisions[d.status] = (decisions[d.status] ?? 0) + 1;
    },
    onProgress: (n, state) => {
      processed = n;
      finalState = state;
      peakRss = Math.max(peakRss, process.memoryUsage().rss);
      if (n % (EVENTS / 4) === 0 && globalThis.gc) {
        const p = performance.now();
        globalThis.gc();
        heapMb.push(Math.round(process.memoryUsage().heapUsed / 2 ** 20));
        liveSubjects.push(Object.keys(state.subjects).length);
        paused += performance.now() - p;
      }
    },
  });
  const seconds = (performance.now() - started - paused) / 1000;
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
  return {
    events: processed,
    events_per_s: Math.round(processed / seconds),
    peak_rss_mb: Math.round(peakRss / 2 ** 20),
    heap_after_gc_mb_by_quarter: heapMb,
    live_subjects_by_quarter: liveSubjects,
    decisions,
    shared_state_kb: finalState ? Math.round(JSON.stringify(finalState.shared).length / 1024) : 0,
    stream_days: Math.round((last - Date.parse("2026-11-02T00:00:00+08:00")) / 86_400_000),
  };
}
