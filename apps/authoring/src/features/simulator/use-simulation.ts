/**
 * The simulation of the current draft, computed by the simulation worker shortly after
 * the text, the events or the scenarios change. The last result stays shown until the
 * next one arrives; replies to superseded requests never show.
 */
import { useEffect, useRef, useState } from "react";
import type { ScenarioFile, ScenarioResult } from "@yardstick/engine";
import { measureDuration, measureSince } from "../../timing.js";
import type { SimInput } from "./event-source.js";
import type { Simulation } from "./simulate.js";
import { SimulationClient } from "./simulation-client.js";

export interface SimulationState {
  simulation: Simulation | null;
  /** When the request behind `simulation` was sent (performance.now()), to measure until it is drawn. */
  requestedAt: number;
  tests: ScenarioResult[] | null;
  /** The policy text `tests` ran on (publishing checks that it is the editor's). */
  testedText: string | null;
  /** A request is on its way: what is shown may be older than the draft. */
  running: boolean;
  /** The worker failed (its message); cleared by the next result. */
  fault: string | null;
}

// Short: typing no longer waits for a simulation (it runs in the worker, which only
// computes the newest request), so the wait only spares the worker a run per keystroke.
// It was 150 ms while the replay ran on the main thread.
const DEBOUNCE_MS = 50;

export function useSimulation(text: string | null, input: SimInput, scenarios: ScenarioFile | null): SimulationState {
  const [state, setState] = useState<SimulationState>({ simulation: null, requestedAt: 0, tests: null, testedText: null, running: false, fault: null });
  const client = useRef<SimulationClient | null>(null);

  useEffect(() => {
    const c = new SimulationClient();
    client.current = c;
    return () => c.dispose();
  }, []);

  useEffect(() => {
    if (text === null) return;
    const timer = setTimeout(() => {
      const requestedAt = performance.now();
      setState((s) => ({ ...s, running: true }));
      client.current?.run(
        { text, events: input.events, until: input.until, scenarios },
        {
          simulation(simulation, replayMs) {
            // User Timing entries: the benchmark reads them, and so do browser dev tools.
            measureSince("yardstick:simulate-request", requestedAt);
            measureDuration("yardstick:replay", replayMs);
            setState((s) => ({ ...s, simulation, requestedAt, running: false, fault: null }));
          },
          tests: (tests) => setState((s) => ({ ...s, tests, testedText: text })),
          fault: (fault) => setState((s) => ({ ...s, running: false, fault })),
        },
      );
    }, DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [text, input, scenarios]);

  return state;
}
