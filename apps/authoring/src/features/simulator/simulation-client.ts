/**
 * The page's side of the simulation worker: one request at a time in flight as far as
 * the page cares — a newer request supersedes the older one, whose replies are dropped
 * by id. A worker that dies (a load or script error) is reported and replaced on the
 * next request, never left hanging.
 */
import type { ScenarioFile, ScenarioResult, YardstickEvent } from "@yardstick/engine";
import type { Simulation } from "./simulate.js";
import type { SimulationReply, SimulationRequest } from "./simulation-job.js";

export interface SimulationInput {
  /** Policy text that checked clean. */
  text: string;
  events: readonly YardstickEvent[];
  until?: string;
  scenarios: ScenarioFile | null;
}

/** Replies to the newest request only. */
export interface SimulationHandlers {
  /** `replayMs`: the engine's replay alone, in the worker. */
  simulation(simulation: Simulation, replayMs: number): void;
  tests(tests: ScenarioResult[] | null): void;
  /** The worker failed: nothing more comes for this request. */
  fault(message: string): void;
}

/** The worker as Vite bundles it (module worker, served from this origin). */
function spawnWorker(): Worker {
  return new Worker(new URL("./simulate.worker.ts", import.meta.url), { type: "module", name: "yardstick-simulator" });
}

export class SimulationClient {
  private worker: Worker | null = null;
  private newest = 0;
  private handlers: SimulationHandlers | null = null;
  // What the worker holds already: 10,000 events are not copied again for each edit.
  private sentEvents: readonly YardstickEvent[] | null = null;
  private sentScenarios: ScenarioFile | null | undefined = undefined;

  constructor(private readonly spawn: () => Worker = spawnWorker) {}

  /** Asks for a simulation (then the tests) of `input`; earlier requests are superseded. */
  run(input: SimulationInput, handlers: SimulationHandlers): void {
    const id = ++this.newest;
    this.handlers = handlers;
    try {
      const worker = this.worker ?? this.start();
      const request: SimulationRequest = { id, text: input.text, until: input.until };
      if (input.events !== this.sentEvents) request.events = input.events as YardstickEvent[];
      if (input.scenarios !== this.sentScenarios) request.scenarios = input.scenarios;
      worker.postMessage(request);
      this.sentEvents = input.events;
      this.sentScenarios = input.scenarios;
    } catch (e) {
      this.fail(e instanceof Error ? e.message : String(e));
    }
  }

  /** Stops the worker; later replies are dropped. */
  dispose(): void {
    this.handlers = null;
    this.stop();
  }

  private start(): Worker {
    const worker = this.spawn();
    worker.onmessage = (e: MessageEvent<SimulationReply>) => this.receive(e.data);
    worker.onerror = (e) => {
      // Handled here: it becomes the simulator's message, not an uncaught page error.
      e.preventDefault();
      this.fail(e.message || "the simulation worker could not run");
    };
    worker.onmessageerror = () => this.fail("a reply of the simulation worker could not be read");
    this.worker = worker;
    return worker;
  }

  private stop(): void {
    this.worker?.terminate();
    this.worker = null;
    this.sentEvents = null;
    this.sentScenarios = undefined;
  }

  private receive(reply: SimulationReply): void {
    if (reply.id !== this.newest || !this.handlers) return;
    if (reply.kind === "simulation") this.handlers.simulation(reply.simulation, reply.replayMs);
    else if (reply.kind === "tests") this.handlers.tests(reply.tests);
    else this.handlers.fault(reply.message);
  }

  private fail(message: string): void {
    // The worker's state is unknown now: the next request starts a fresh one.
    this.stop();
    this.handlers?.fault(message);
  }
}
