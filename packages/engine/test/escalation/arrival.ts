/**
 * Arrivals for the arrival-order properties: events delivered late (by `delay`, within
 * the engine's 24 h lateness bound), with duplicates, stepped one by one with the clock
 * advanced now and then (the engine's effectiveDecisions gives what is in force after).
 */
import { advance, initialState, nextDueAt, openDecisions, step, type CompiledPolicy, type Decision, type NormalizedEvent } from "../../src/index.js";

/** Arrival order: each event at its time plus its delay (ties by position), each duplicate right after its original. */
export function arrivalOrder(events: NormalizedEvent[], delay: number[], dups: number[]): number[] {
  const order = [...events.keys()].sort((a, b) => events[a]!.t + delay[a]! - (events[b]!.t + delay[b]!) || a - b);
  for (const i of dups) order.splice(order.indexOf(i) + 1, 0, i);
  return order;
}

/**
 * Steps `events` in `order`, advancing the clock after the n-th step when `cuts[n]` (to
 * what was seen plus `lag[n]`, cycling through both lists), then to `until` (and what
 * still runs is open) or to the last deadline.
 */
export function incremental(policy: CompiledPolicy, events: NormalizedEvent[], order: number[], cuts: boolean[], lag: number[], until: number | null = null, latenessMs?: number): Decision[] {
  const opts = latenessMs === undefined ? {} : { latenessMs };
  let state = initialState();
  const out: Decision[] = [];
  let seen = -Infinity;
  const run = (r: [typeof state, Decision[]]) => {
    state = r[0];
    out.push(...r[1]);
  };
  order.forEach((i, n) => {
    const ev = events[i]!; // order holds indexes of events
    run(step(policy, state, ev, opts));
    seen = Math.max(seen, ev.t);
    if (cuts[n % cuts.length]) run(advance(policy, state, Math.min(until ?? Infinity, seen + lag[n % lag.length]!), opts));
  });
  if (until !== null) {
    run(advance(policy, state, until, opts));
    out.push(...openDecisions(policy, state, until));
  } else {
    for (let due = nextDueAt(policy, state); due !== null; due = nextDueAt(policy, state)) run(advance(policy, state, due, opts));
  }
  return out;
}

/** Decision ids, sorted: what two runs are compared by. */
export function ids(list: readonly Decision[]): string[] {
  return list.map((d) => d.id).sort();
}
