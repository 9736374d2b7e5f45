/**
 * What the simulator computes from the draft text and its events, free of the DOM: the
 * simulation worker (simulate.worker.ts) is a thin wrapper around these functions, and
 * unit tests call them directly. Also the messages between the page and the worker.
 */
import { compilePolicy, parseJsonText, type CompiledPolicy, type ScenarioFile, type ScenarioResult, type YardstickEvent } from "@yardstick/engine";
import { runTests, simulate, type Simulation } from "./simulate.js";

/** Page → worker. `events` and `scenarios` are sent only when they changed; the worker keeps the last ones. */
export interface SimulationRequest {
  /** Increases with every request: a reply to an older one is stale. */
  id: number;
  /** Policy text that checked clean (the draft, or the last version of it that compiled). */
  text: string;
  until?: string;
  events?: YardstickEvent[];
  scenarios?: ScenarioFile | null;
}

/** Worker → page: the simulation first, then the scenario tests, or a fault that stopped both. */
export type SimulationReply =
  | { id: number; kind: "simulation"; simulation: Simulation; /** The engine's replay alone, ms. */ replayMs: number }
  | { id: number; kind: "tests"; tests: ScenarioResult[] | null }
  | { id: number; kind: "fault"; message: string };

type Compiled = { ok: true; policy: CompiledPolicy } | { ok: false; error: string };

// A cache of one: while only the events change, the text (and its policy) stays the same.
let last: { text: string; compiled: Compiled } | null = null;

/**
 * Compiles policy text into the policy the simulator runs; problems become one message.
 * @example compileDraft('{"id":"p","standards":[]}').ok
 */
export function compileDraft(text: string): Compiled {
  if (last?.text === text) return last.compiled;
  const parsed = parseJsonText(text);
  const result = parsed.ok ? compilePolicy(parsed.value) : parsed;
  const compiled: Compiled = result.ok ? { ok: true, policy: result.value } : { ok: false, error: result.diagnostics.map((d) => `${d.code}: ${d.message}`).join("\n") };
  last = { text, compiled };
  return compiled;
}

/**
 * Compiles the text and replays the events on it (see `simulate`).
 * @example simulateDraft(policyText, [{ id: "1", type: "guest.seated", subject: "v", time: "2026-11-22T12:00:00+08:00" }]).effective
 */
export function simulateDraft(text: string, events: readonly YardstickEvent[], until?: string): Simulation {
  const compiled = compileDraft(text);
  if (!compiled.ok) return { decisions: [], effective: [], ms: 0, error: compiled.error };
  return simulate(compiled.policy, events, until);
}

/** Compiles the text and runs the scenario tests on it; null without scenarios, every case failed when it does not compile. */
export function testDraft(text: string, scenarios: ScenarioFile | null): ScenarioResult[] | null {
  if (!scenarios) return null;
  const compiled = compileDraft(text);
  if (!compiled.ok) return scenarios.cases.map((c) => ({ name: c.name, ok: false, failures: [compiled.error], decisions: [] }));
  return runTests(compiled.policy, scenarios);
}
