/**
 * Runs one generated case through the engine (replay in order, shuffled, or
 * step/advance with random batching) and normalizes its effective decisions to the
 * fields the reference model reports.
 */
import { advance, effectiveDecisions, initialState, nextDueAt, openDecisions, replayEvents, step, type CompiledPolicy, type Decision, type NormalizedEvent } from "../../src/index.js";
import type { NormDecision } from "./ref-model.js";
import type { RefEvent } from "./ref-standard.js";

export function normalize(d: Decision): NormDecision {
  const x = d as Decision & { businessElapsedMs?: number; businessOverByMs?: number };
  const out: NormDecision = { standard: d.standard, subject: d.subject, key: d.key, status: d.status, at: Date.parse(d.at) };
  if (d.startedAt !== undefined) out.startedAt = Date.parse(d.startedAt);
  if (d.dueAt !== undefined) out.dueAt = Date.parse(d.dueAt);
  if (d.elapsedMs !== undefined) out.elapsedMs = d.elapsedMs;
  if (d.overByMs !== undefined) out.overByMs = d.overByMs;
  if (x.businessElapsedMs !== undefined) out.businessElapsedMs = x.businessElapsedMs;
  if (x.businessOverByMs !== undefined) out.businessOverByMs = x.businessOverByMs;
  const w = d.details?.warning;
  if (typeof w === "string") out.warning = w;
  return out;
}

/** A canonical order for comparing decision multisets: by time, then by every field (keys sorted). */
export function canonical<T extends NormDecision>(list: T[]): T[] {
  const text = (d: T) => `${String(d.at).padStart(16, "0")}|${JSON.stringify(Object.entries(d).sort(([x], [y]) => (x < y ? -1 : 1)))}`;
  return list.map((d) => ({ d, k: text(d) })).sort((a, b) => (a.k < b.k ? -1 : a.k > b.k ? 1 : 0)).map((x) => x.d);
}

export function toEngineEvents(events: RefEvent[]): NormalizedEvent[] {
  return events.map((e) => ({ id: e.id, type: e.type, subject: e.subject, time: new Date(e.t).toISOString(), t: e.t, data: e.data }));
}

export function engineReplay(policy: CompiledPolicy, events: NormalizedEvent[], until: number | null): NormDecision[] {
  return replayEvents(policy, events, until !== null ? { until } : {}).map(normalize);
}

/** Feeds events one by one, advancing the clock at random batch ends (never past `until`). */
export function engineIncremental(policy: CompiledPolicy, stream: NormalizedEvent[], until: number | null, cuts: boolean[], lag: number[]): NormDecision[] {
  const times = stream.map((e) => e.t);
  const opts = { latenessMs: Math.max(...times) - Math.min(...times) + 86_400_000 };
  let state = initialState();
  const out: Decision[] = [];
  let seenMax = -Infinity;
  const cap = until ?? Infinity;
  stream.forEach((ev, i) => {
    if (until !== null && ev.t > until) return;
    let d: Decision[];
    [state, d] = step(policy, state, ev, opts);
    out.push(...d);
    seenMax = Math.max(seenMax, ev.t);
    if (cuts[i % cuts.length]) {
      [state, d] = advance(policy, state, Math.min(cap, seenMax + lag[i % lag.length]!), opts);
      out.push(...d);
    }
  });
  if (until !== null) {
    let d: Decision[];
    [state, d] = advance(policy, state, until, opts);
    out.push(...d, ...openDecisions(policy, state, until));
  } else {
    for (let due = nextDueAt(policy, state), n = 0; due !== null && n < 10_000; due = nextDueAt(policy, state), n++) {
      let d: Decision[];
      [state, d] = advance(policy, state, due, opts);
      out.push(...d);
    }
  }
  return effectiveDecisions(out).map(normalize);
}
