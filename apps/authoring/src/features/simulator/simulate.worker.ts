/**
 * The simulation off the main thread, so typing never waits for a replay. Requests
 * that arrive while one runs are coalesced: only the newest is computed, and its tests
 * are skipped when an even newer request came in meanwhile. Any fault is replied, not
 * swallowed, so the page never waits for nothing.
 */
import type { ScenarioFile, YardstickEvent } from "@yardstick/engine";
import { simulateDraft, testDraft, type SimulationReply, type SimulationRequest } from "./simulation-job.js";

// The app compiles with the DOM library, not WebWorker: only what this file uses.
const scope = self as unknown as { onmessage: ((e: MessageEvent<SimulationRequest>) => void) | null; postMessage(reply: SimulationReply): void };

const REPLAY = "yardstick:replay";
let events: YardstickEvent[] = [];
let scenarios: ScenarioFile | null = null;
let newest: SimulationRequest | null = null;
let running = false;

scope.onmessage = (e) => {
  const r = e.data;
  if (r.events) events = r.events;
  if (r.scenarios !== undefined) scenarios = r.scenarios;
  newest = r;
  if (!running) void drain();
};

/** Lets queued requests in (they replace `newest`). */
const nextTask = () => new Promise((resolve) => setTimeout(resolve, 0));

async function drain(): Promise<void> {
  running = true;
  try {
    while (newest) {
      const r = newest;
      newest = null;
      try {
        // simulate() measures the replay alone (User Timing, here in the worker's own timeline).
        performance.clearMeasures(REPLAY);
        const simulation = simulateDraft(r.text, events, r.until);
        const replayMs = performance.getEntriesByName(REPLAY, "measure").at(-1)?.duration ?? simulation.ms;
        scope.postMessage({ id: r.id, kind: "simulation", simulation, replayMs });
        await nextTask();
        if (newest) continue;
        scope.postMessage({ id: r.id, kind: "tests", tests: testDraft(r.text, scenarios) });
      } catch (e) {
        scope.postMessage({ id: r.id, kind: "fault", message: e instanceof Error ? e.message : String(e) });
      }
      await nextTask();
    }
  } finally {
    running = false;
  }
}
