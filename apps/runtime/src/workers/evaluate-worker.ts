/**
 * The worker thread behind POST /v1/evaluate and behavioural diffs (issue 14: a heavy
 * evaluation blocked the event loop for 16.9 s and a `P999999999D` replay never
 * ended). It compiles, validates and replays off the main thread; the pool terminates
 * it when it overruns its time budget, and its heap is capped by resourceLimits. It
 * answers JSON text, so the main thread never walks a large result either.
 */
import { parentPort } from "node:worker_threads";
import { compilePolicy, diffBehaviour, normalizeEvent, replayEvents, YardstickError, type CompiledPolicy, type Diagnostic, type NormalizedEvent, type YardstickEvent } from "@yardstick/engine";
import { httpCodeOf } from "../http-codes.js";
import type { WorkerAnswer, WorkerTask } from "./protocol.js";

function compile(doc: unknown, version: number | undefined, prefix: string): CompiledPolicy | WorkerAnswer {
  const r = compilePolicy(doc, version === undefined ? {} : { version });
  if (r.ok) return r.value;
  const diagnostics = r.diagnostics.map((d: Diagnostic) => ({ ...d, path: `${prefix}${d.path}` }));
  const first = diagnostics.find((d) => d.severity === "error") ?? diagnostics[0];
  return { ok: false, status: 422, code: "policy_invalid", message: first ? `${first.path || "/"}: ${first.message}` : "policy_invalid", details: { path: first?.path ?? "", diagnostics } };
}

function evaluate(task: Extract<WorkerTask, { kind: "evaluate" }>): WorkerAnswer {
  const events: NormalizedEvent[] = [];
  for (let i = 0; i < task.events.length; i++) {
    const n = normalizeEvent(task.events[i], `/events/${i}`);
    if (!n.ok) {
      const first = n.diagnostics[0];
      return { ok: false, status: 400, code: "event_invalid", message: `${first.path}: ${first.message}`, details: { path: first.path, diagnostics: n.diagnostics } };
    }
    events.push(n.value);
  }
  const policy = compile(task.doc, task.version, task.prefix);
  if (!("standards" in policy)) return policy;
  const decisions = replayEvents(policy, events, task.until === undefined ? {} : { until: task.until });
  return { ok: true, json: JSON.stringify({ decisions }) };
}

function diff(task: Extract<WorkerTask, { kind: "diff" }>): WorkerAnswer {
  const a = compile(task.from.doc, task.from.version, "");
  if (!("standards" in a)) return a;
  const b = compile(task.to.doc, task.to.version, "");
  if (!("standards" in b)) return b;
  const d = diffBehaviour(a, b, JSON.parse(task.eventsJson) as YardstickEvent[], { until: task.until });
  // The answer is the response's `behaviour` as it goes out: the main thread splices the
  // text in without parsing it (a 100k-change list parsed there stalled /healthz).
  const changesTruncated = d.changes.length > task.changeLimit;
  const changes = changesTruncated ? d.changes.slice(0, task.changeLimit) : d.changes;
  return { ok: true, json: JSON.stringify({ ...d, changes, changesTotal: d.changes.length, changesTruncated, ...task.about }) };
}

function run(task: WorkerTask): WorkerAnswer {
  try {
    return task.kind === "evaluate" ? evaluate(task) : diff(task);
  } catch (err) {
    if (err instanceof YardstickError) return { ok: false, status: 422, code: httpCodeOf(err.code), message: err.message, details: { ...err.details } };
    // A time beyond Date's range ("Invalid time value") is the input's doing: 400 naming it as best we can.
    if (err instanceof RangeError && /Invalid time value|Invalid Date/i.test(err.message)) {
      return { ok: false, status: 400, code: "time_out_of_range", message: "a time or duration in this request falls outside the representable range (±275,760 years)", details: { path: "" } };
    }
    return { ok: false, status: 422, code: "evaluation_failed", message: `the engine failed on this input (a bug worth reporting): ${err instanceof Error ? `${err.name}: ${err.message}` : String(err)}`, details: { path: "" }, bug: true };
  }
}

// Warm up before saying ready (the schema validator compiles on first use: ~0.2 s), so
// that a request's budget counts its own work only.
compilePolicy({});
parentPort!.postMessage({ ready: true });
parentPort!.on("message", (msg: { id: number; task: WorkerTask }) => {
  parentPort!.postMessage({ id: msg.id, answer: run(msg.task) });
});
