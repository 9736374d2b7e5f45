/**
 * Runs the engine in the browser (in the simulation worker), exactly as `yardstick
 * replay` and the runtime do. A fault (an invalid event, a bad `until`) becomes a
 * message, never an exception.
 */
import { effectiveDecisions, replayEvents, runScenarios, YardstickError, type CompiledPolicy, type Decision, type ScenarioFile, type ScenarioResult, type YardstickEvent } from "@yardstick/engine";
import { measureSince } from "../../timing.js";

export interface Simulation {
  /** Every decision, superseded ones included (what the runtime would have sent). */
  decisions: Decision[];
  /** What stands once late events settled: what the timeline draws. */
  effective: Decision[];
  ms: number;
  error?: string;
}

/**
 * Replays events; with `until`, whatever still runs is `open`, otherwise the clock
 * runs past the last deadline.
 * @example simulate(policy, [{ id: "1", type: "guest.seated", subject: "v", time: "2026-11-22T12:00:00+08:00" }])
 */
export function simulate(policy: CompiledPolicy, events: readonly YardstickEvent[], until?: string): Simulation {
  const t = performance.now();
  try {
    const decisions = replayEvents(policy, events, until ? { until } : {});
    measureSince("yardstick:replay", t);
    return { decisions, effective: effectiveDecisions(decisions), ms: performance.now() - t };
  } catch (e) {
    return { decisions: [], effective: [], ms: performance.now() - t, error: describeFault(e) };
  }
}

/** Runs a policy's scenario tests; a fault fails every case with its message. */
export function runTests(policy: CompiledPolicy, file: ScenarioFile): ScenarioResult[] {
  try {
    return runScenarios(policy, file);
  } catch (e) {
    return file.cases.map((c) => ({ name: c.name, ok: false, failures: [describeFault(e)], decisions: [] }));
  }
}

function describeFault(e: unknown): string {
  if (e instanceof YardstickError) return `${e.code}: ${e.message}`;
  return e instanceof Error ? e.message : String(e);
}
