/**
 * Whole-stream evaluation: sort, de-duplicate, step through the events in time order
 * and advance the clock between them, then either stop at `until` (what still runs is
 * `open`) or run the clock past the last deadline.
 */
import type { Decision, NormalizedEvent, YardstickEvent } from "../types.js";
import { YardstickError } from "../errors.js";
import { normalizeEvent } from "../evaluate/event.js";
import { assertTime, compareEvents, isSettled, openDecisions, Run, type UnitKey } from "../evaluate/engine.js";
import type { CompiledPolicy, PolicyState, SubjectState } from "../evaluate/model.js";
import { MinHeap } from "./heap.js";

export interface ReplayOptions {
  /** Stop the clock here (ISO time or epoch ms); obligations still running are reported `open`. */
  until?: string | number;
  /** Called every 10,000 events with the count so far and the engine's state (benchmarks sample it). */
  onProgress?: (processed: number, state: PolicyState) => void;
  /**
   * Streaming: each decision is handed over as it is made (in the order made, nearly
   * time order) and not kept, so a replay of millions of events stays bounded.
   */
  onDecision?: (decision: Decision) => void;
}

/** Upper bound on deadline firings after the last event, against runaway policies. */
const MAX_TAIL_STEPS = 10_000_000;
/** In a replay nothing arrives late, so a settled subject may be dropped after this long. */
const RETIRE_AFTER_MS = 86_400_000;

/**
 * Replays events through a policy. Arrival order, duplicate ids and batching do not
 * matter: events are ordered by (time, id) and the first of each id is kept.
 * Throws YardstickError `event_invalid` for an event that does not validate.
 * @example replayEvents(policy, events, { until: "2026-11-22T12:05:00+08:00" })
 */
export function replayEvents(policy: CompiledPolicy, events: Iterable<YardstickEvent | NormalizedEvent>, options: ReplayOptions = {}): Decision[] {
  const list: NormalizedEvent[] = [];
  let i = 0;
  for (const raw of events) {
    const n = "t" in raw && typeof raw.t === "number" ? { ok: true as const, value: raw } : normalizeEvent(raw, `/${i}`);
    if (!n.ok) {
      const first = n.diagnostics[0]; // a failed normalization names at least one problem
      throw new YardstickError("event_invalid", first?.message ?? `event /${i} is invalid`, { path: first?.path ?? `/${i}`, diagnostics: n.diagnostics });
    }
    list.push(n.value);
    i++;
  }
  list.sort((a, b) => compareEvents(a, b) || cmp(canonical(a), canonical(b)));
  const until = options.until === undefined ? null : typeof options.until === "number" ? options.until : Date.parse(options.until);
  if (until !== null && Number.isNaN(until)) throw new YardstickError("replay_until_invalid", `until ${String(options.until)} is not a time`);
  if (until !== null) assertTime(until, "until");
  return replayOrdered(policy, dedupe(list), until, options);
}

/**
 * Replays events that are already in (time, id) order without duplicates, e.g. a
 * generator's stream of a million events: memory stays bounded by the live subjects.
 */
export function replayOrdered(policy: CompiledPolicy, events: Iterable<NormalizedEvent>, until: number | null, options: ReplayOptions = {}): Decision[] {
  const run = new Run(policy, { clock: 0, subjects: {}, shared: {} }, {}, false);
  // Deadlines of every unit (subjects, and policy-scoped standards), by due time.
  const heap = new MinHeap<UnitKey>();
  const drain = () => {
    if (!options.onDecision) return;
    for (const d of run.out) options.onDecision(d);
    run.out.length = 0;
  };
  // Fire every unit's deadlines before `t` (strictly), in global time order.
  const fireUntil = (t: number, inclusive: boolean) => {
    while (heap.size > 0 && (inclusive ? heap.peekKey()! <= t : heap.peekKey()! < t)) {
      const { key, value: u } = heap.pop()!;
      if (run.dueOf(u) !== key) continue; // stale entry
      // Progress: what fired at `key` is gone, so the unit's next deadline (what fireBefore
      // returns) lies later (times are safe integers, assertTime, so key + 1 > key);
      // otherwise stop instead of spinning.
      const next = run.fireBefore(u, key + 1);
      if (next !== null && next <= key) throw new YardstickError("engine_runaway", `deadlines of ${u.name} do not advance past ${key}`);
      if (next !== null) heap.push(next, u);
    }
  };
  let processed = 0;
  let lastRetire = -Infinity;
  for (const ev of events) {
    if (until !== null && ev.t > until) break;
    fireUntil(ev.t, false);
    // The units the event reached, subject first, with the deadlines the event left them
    // (computed by the event's own range check; nothing changes them before they are
    // scheduled). Every event pushes its units again (stale entries are skipped when
    // taken): pushing a unit's deadline only when it changed would change the order of
    // ties between units at one instant, so the streamed decisions would come in
    // another order than they always did (bench/golden.js hashes that order).
    const { reached, dues } = run.event(ev);
    for (let i = 0; i < reached.length; i++) {
      const due = dues[i] ?? null; // one per reached unit
      const u = reached[i]!; // i < length
      if (due !== null) heap.push(due, u);
    }
    drain();
    if (++processed % 10_000 === 0) {
      if (ev.t - lastRetire > RETIRE_AFTER_MS / 4) {
        retireSettled(policy, run.state.subjects, ev.t);
        lastRetire = ev.t;
      }
      options.onProgress?.(processed, run.state);
    }
  }
  if (until !== null) {
    fireUntil(until, true);
    run.out.push(...openDecisions(policy, run.state, until));
  } else {
    for (let n = 0; heap.size > 0; n++) {
      if (n > MAX_TAIL_STEPS) throw new YardstickError("engine_runaway", "deadlines keep falling due after the last event");
      fireUntil(heap.peekKey()!, true);
      drain();
    }
  }
  drain();
  return sortByAt(run.out);
}

/** Stable sort by `at`: decisions at the same instant keep the order they were made in. */
export function sortByAt(decisions: Decision[]): Decision[] {
  // A replay makes its decisions in time order but for a few at one instant: when they
  // already are in order (checked on the ISO strings, which for the engine's own
  // 24-character UTC form order as their times do), there is nothing to sort or parse.
  let sorted = true;
  for (let i = 0; i < decisions.length && sorted; i++) {
    const at = decisions[i]!.at; // i < length
    sorted = at.length === 24 && at.charCodeAt(23) === 90 /* Z */ && (i === 0 || decisions[i - 1]!.at <= at);
  }
  if (sorted) return decisions;
  return decisions
    .map((d, i) => ({ d, i, t: Date.parse(d.at) }))
    .sort((a, b) => a.t - b.t || a.i - b.i)
    .map((x) => x.d);
}

function retireSettled(policy: CompiledPolicy, subjects: Record<string, SubjectState>, now: number): void {
  for (const [subject, subj] of Object.entries(subjects)) {
    if (isSettled(policy, subj, now, RETIRE_AFTER_MS)) delete subjects[subject];
  }
}

function dedupe(sorted: NormalizedEvent[]): NormalizedEvent[] {
  const seen = new Set<string>();
  return sorted.filter((e) => (seen.has(e.id) ? false : (seen.add(e.id), true)));
}

function canonical(e: NormalizedEvent): string {
  return JSON.stringify([e.type, e.subject, e.time, e.data]);
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
