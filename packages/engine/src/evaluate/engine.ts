/**
 * The evaluation loop: `step` (one event) and `advance` (the clock) over a policy state.
 * Pure at the surface: both return `[nextState, decisions]` and never touch their input.
 *
 * Order of things at one instant: events at time t are applied before deadlines due at
 * t fire, so a stop at exactly the deadline is met (limits are inclusive). An event that
 * arrives after the subject has moved past its time (a late event) rebuilds the subject
 * from its snapshot by re-running its recent events; decisions that change are emitted
 * again with `supersedes`, so the effective decisions equal a replay of the sorted stream.
 */
import { YardstickError } from "../errors.js";
import type { Decision, NormalizedEvent } from "../types.js";
import { decisionId, iso } from "./ids.js";
import { mergeFacts } from "./facts.js";
import { handlers } from "./handlers.js";
import type { CompiledPolicy, CompiledStandard, DecisionDraft, EmittedRef, EngineOptions, HandlerContext, PolicyState, SubjectState } from "./model.js";

/** Default lateness bound: 24 hours. */
export const DEFAULT_LATENESS_MS = 86_400_000;
/** Guard against a handler whose deadline never moves forward. */
const MAX_FIRINGS = 100_000;

/** An empty state for any policy. */
export function initialState(): PolicyState {
  return { clock: 0, subjects: {}, shared: {} };
}

/**
 * Applies one event. Duplicate ids change nothing; an event older than the subject's
 * clock minus the lateness bound throws `event_too_late` (nothing changes).
 * @example const [next, decisions] = step(policy, initialState(), event);
 */
export function step(policy: CompiledPolicy, state: PolicyState, event: NormalizedEvent, options: EngineOptions = {}): [PolicyState, Decision[]] {
  const run = new Run(policy, structuredClone(state), options, true);
  run.event(event);
  return [run.state, run.out];
}

/**
 * Moves every subject's clock to `to` (epoch ms), firing what falls due at or before it.
 * @example const [next, breaches] = advance(policy, state, Date.parse("2026-11-22T04:02:00Z"));
 */
export function advance(policy: CompiledPolicy, state: PolicyState, to: number, options: EngineOptions = {}): [PolicyState, Decision[]] {
  const run = new Run(policy, structuredClone(state), options, true);
  run.advanceAll(to);
  return [run.state, run.out];
}

/** The earliest time anything in `state` falls due, or null. */
export function nextDueAt(policy: CompiledPolicy, state: PolicyState): number | null {
  let min: number | null = null;
  for (const subj of Object.values(state.subjects)) {
    const d = subjectDue(policy, subj);
    if (d !== null && (min === null || d < min)) min = d;
  }
  return min;
}

/** `open` decisions for every obligation still running at `at` (a replay's `until`). */
export function openDecisions(policy: CompiledPolicy, state: PolicyState, at: number): Decision[] {
  const run = new Run(policy, structuredClone(state), {}, false);
  for (const [subject, subj] of Object.entries(run.state.subjects)) {
    run.withSubject(subject, subj, (std, slot, ctx) => handlers[std.kind].open(std, slot, at, ctx));
  }
  return run.out;
}

/** Drops decisions that later ones supersede, and retraction notices. */
export function effectiveDecisions(decisions: readonly Decision[]): Decision[] {
  // In order: a decision withdrawn and later produced again (same content, same id) is live.
  const live = new Map<string, Decision>();
  for (const d of decisions) {
    for (const id of d.supersedes ?? []) live.delete(id);
    if (!d.retracted) live.set(d.id, d);
  }
  return [...live.values()];
}

/** Standards that react to an event type, in policy order (cached per compiled policy). */
const byType = new WeakMap<CompiledPolicy, Map<string, CompiledStandard[]>>();
function standardsFor(policy: CompiledPolicy, type: string): readonly CompiledStandard[] {
  let index = byType.get(policy);
  if (!index) {
    index = new Map();
    for (const std of policy.standards) for (const t of std.events) index.set(t, [...(index.get(t) ?? []), std]);
    byType.set(policy, index);
  }
  return index.get(type) ?? [];
}

const byId = new WeakMap<CompiledPolicy, Map<string, CompiledStandard>>();
function standardById(policy: CompiledPolicy, id: string): CompiledStandard {
  let index = byId.get(policy);
  if (!index) {
    index = new Map(policy.standards.map((s) => [s.id, s]));
    byId.set(policy, index);
  }
  return index.get(id)!;
}

function subjectDue(policy: CompiledPolicy, subj: SubjectState): number | null {
  let min: number | null = null;
  for (const std of policy.standards) {
    const slot = subj.slots[std.id];
    if (slot === undefined) continue;
    const d = handlers[std.kind].nextDue(std, slot);
    if (d !== null && (min === null || d < min)) min = d;
  }
  return min;
}


/**
 * One evaluation pass over a mutable state (the public functions hand it a clone;
 * replay hands it its own). `track` keeps the per-subject tail needed for late events.
 */
export class Run {
  readonly out: Decision[] = [];
  private readonly lateness: number;
  /** While rebuilding a subject, decisions go here instead of `out`. */
  private sink: Array<{ d: Decision; ref: EmittedRef }> | null = null;

  constructor(
    readonly policy: CompiledPolicy,
    readonly state: PolicyState,
    options: EngineOptions,
    private readonly track: boolean,
  ) {
    this.lateness = options.latenessMs ?? DEFAULT_LATENESS_MS;
  }

  /** Applies one event, in order or late. */
  event(ev: NormalizedEvent): void {
    if (ev.t < this.state.clock - this.lateness) {
      // Also covers subjects already settled and dropped from the state.
      throw new YardstickError("event_too_late", `event ${ev.id} at ${ev.time} is older than the lateness bound`, { id: ev.id, subject: ev.subject });
    }
    let subj = this.state.subjects[ev.subject];
    if (!subj) {
      subj = newSubject(ev.t);
      this.state.subjects[ev.subject] = subj;
      // The empty snapshot lies a lateness bound back, so earlier events may still come.
      if (this.track) subj.base = { clock: ev.t - this.lateness, facts: {}, slots: {} };
    }
    if (this.track && subj.tail.some((e) => e.id === ev.id)) return;
    if (ev.t < subj.clock - this.lateness || (subj.base && ev.t < subj.base.clock)) {
      throw new YardstickError("event_too_late", `event ${ev.id} at ${ev.time} is older than the lateness bound of subject ${ev.subject}`, {
        id: ev.id,
        subject: ev.subject,
      });
    }
    const last = subj.tail[subj.tail.length - 1];
    const inOrder = ev.t > subj.clock || (ev.t === subj.clock && !subj.past && (!last || compareEvents(last, ev) < 0));
    if (inOrder) {
      this.applyEvent(ev.subject, subj, ev);
      if (this.track) this.compact(ev.subject, subj);
    } else {
      this.rebuild(ev.subject, subj, ev);
    }
    this.state.clock = Math.max(this.state.clock, ev.t);
  }

  /** Advances every subject to `to` and retires settled ones. */
  advanceAll(to: number): void {
    for (const [subject, subj] of Object.entries(this.state.subjects)) {
      this.fireDue(subject, subj, to, true);
      if (this.track) this.compact(subject, subj);
      if (this.settled(subj, to)) delete this.state.subjects[subject];
    }
    this.state.clock = Math.max(this.state.clock, to);
  }

  /** Replay's fast path: fires everything due strictly before `t` for one subject. */
  fireBefore(subject: string, t: number): void {
    const subj = this.state.subjects[subject];
    if (subj) this.fireDue(subject, subj, t, false);
  }

  /** Runs `fn` for every standard of a subject with a handler context. */
  withSubject(subject: string, subj: SubjectState, fn: (std: CompiledPolicy["standards"][number], slot: unknown, ctx: HandlerContext) => void): void {
    for (const std of this.policy.standards) {
      const slot = (subj.slots[std.id] ??= handlers[std.kind].init(std));
      fn(std, slot, this.context(subject, subj, std.id));
    }
  }

  private applyEvent(subject: string, subj: SubjectState, ev: NormalizedEvent): void {
    this.fireDue(subject, subj, ev.t, false);
    mergeFacts(subj.facts, ev.data);
    for (const std of standardsFor(this.policy, ev.type)) {
      const h = handlers[std.kind];
      const slot = (subj.slots[std.id] ??= h.init(std));
      h.onEvent(std, slot, ev, this.context(subject, subj, std.id));
    }
    subj.clock = ev.t;
    subj.lastEventAt = Math.max(subj.lastEventAt, ev.t);
    subj.past = false;
    if (this.track) insertSorted(subj.tail, ev);
  }

  /**
   * Fires deadlines of one subject up to `to` (inclusive, or strictly before it when
   * an event at `to` is about to be applied).
   */
  private fireDue(subject: string, subj: SubjectState, to: number, inclusive: boolean): void {
    for (let n = 0; ; n++) {
      if (n > MAX_FIRINGS) throw new YardstickError("engine_runaway", `standard deadlines of subject ${subject} do not advance`);
      const due = subjectDue(this.policy, subj);
      if (due === null || (inclusive ? due > to : due >= to)) break;
      // A deadline that became known late fires when it is known, not before.
      const now = Math.max(due, subj.clock);
      for (const std of this.policy.standards) {
        const slot = subj.slots[std.id];
        if (slot === undefined) continue;
        const h = handlers[std.kind];
        const d = h.nextDue(std, slot);
        if (d !== null && d <= now) h.onTime(std, slot, now, this.context(subject, subj, std.id));
      }
      subj.clock = Math.max(subj.clock, now);
    }
    if (inclusive && to >= subj.clock) {
      subj.clock = to;
      subj.past = true;
    }
  }

  private context(subject: string, subj: SubjectState, standard: string): HandlerContext {
    const std = standardById(this.policy, standard);
    return {
      policy: this.policy,
      subject,
      facts: subj.facts,
      shared: (this.state.shared[standard] ??= {}),
      emit: (draft) => this.emit(subj, std.id, std.severity, draft),
    };
  }

  private emit(subj: SubjectState, standard: string, severity: string | undefined, draft: DecisionDraft): void {
    const { obligation, ...rest } = draft;
    const body = {
      policy: this.policy.id,
      version: this.policy.version,
      standard,
      ...(severity !== undefined && draft.severity === undefined ? { severity } : {}),
      ...rest,
    };
    const d: Decision = { id: decisionId(this.policy.id, this.policy.version, standard, draft.subject, obligation, draft.status, draft.at, body), ...body };
    const ref: EmittedRef = { id: d.id, standard, subject: draft.subject, obligation, at: Date.parse(d.at) };
    if (this.sink) {
      this.sink.push({ d, ref });
      return;
    }
    this.out.push(d);
    if (this.track) subj.emitted.push(ref);
  }

  /** Late event: restore the snapshot, re-run the tail with the new event, emit what changed. */
  private rebuild(subject: string, subj: SubjectState, ev: NormalizedEvent): void {
    const base = subj.base;
    if (!base) throw new YardstickError("event_too_late", `event ${ev.id} arrived after subject ${subject} was settled`, { id: ev.id });
    const events = [...subj.tail];
    insertSorted(events, ev);
    const fresh = newSubject(base.clock);
    fresh.facts = structuredClone(base.facts);
    fresh.slots = structuredClone(base.slots);
    fresh.base = base;
    this.sink = [];
    for (const e of events) this.applyEvent(subject, fresh, e);
    // Bring the rebuilt subject back to where the old one stood.
    this.fireDue(subject, fresh, subj.clock, subj.past);
    const produced = this.sink;
    this.sink = null;

    const sameObligation = (a: EmittedRef, b: EmittedRef) => a.standard === b.standard && a.subject === b.subject && a.obligation === b.obligation;
    const beforeIds = new Set(subj.emitted.map((e) => e.id));
    const afterIds = new Set(produced.map((p) => p.d.id));
    const withdrawn = subj.emitted.filter((e) => !afterIds.has(e.id));
    const replaced: EmittedRef[] = [];
    for (const p of produced) {
      // Re-emitted even when known: another subject's call may have withdrawn it meanwhile.
      if (beforeIds.has(p.d.id) && withdrawn.length === 0) continue;
      const sup = withdrawn.filter((w) => sameObligation(w, p.ref));
      replaced.push(...sup);
      this.out.push(sup.length ? { ...p.d, supersedes: sup.map((w) => w.id) } : p.d);
    }
    for (const w of withdrawn) {
      if (replaced.some((r) => sameObligation(r, w))) continue;
      const ids = withdrawn.filter((x) => sameObligation(x, w));
      replaced.push(...ids);
      this.out.push(retraction(this.policy, w, ids.map((x) => x.id), ev));
    }
    fresh.emitted = produced.map((p) => p.ref);
    fresh.lastEventAt = Math.max(subj.lastEventAt, ev.t);
    this.state.subjects[subject] = fresh;
    this.compact(subject, fresh);
  }

  /** Folds tail events older than the lateness bound into the snapshot. */
  private compact(subject: string, subj: SubjectState): void {
    const horizon = subj.clock - this.lateness;
    if (!subj.base || subj.tail.length === 0 || subj.tail[0].t >= horizon) return;
    const keep = subj.tail.filter((e) => e.t >= horizon);
    const fold = subj.tail.filter((e) => e.t < horizon);
    const base = newSubject(subj.base.clock);
    base.facts = subj.base.facts;
    base.slots = subj.base.slots;
    // Decisions of the folded part were emitted when it first ran: discard the repeats.
    const saved = this.sink;
    this.sink = [];
    for (const e of fold) this.applyEvent(subject, base, e);
    this.fireDue(subject, base, horizon, false);
    this.sink = saved;
    subj.base = { clock: Math.max(base.clock, horizon), facts: base.facts, slots: base.slots };
    subj.tail = keep;
    subj.emitted = subj.emitted.filter((e) => e.at >= horizon);
  }

  private settled(subj: SubjectState, now: number): boolean {
    if (now - subj.lastEventAt <= this.lateness) return false;
    return this.policy.standards.every((std) => {
      const slot = subj.slots[std.id];
      return slot === undefined || handlers[std.kind].idle(std, slot);
    });
  }
}

function newSubject(clock: number): SubjectState {
  return { clock, lastEventAt: clock, facts: {}, slots: {}, base: null, tail: [], emitted: [], past: false };
}

function retraction(policy: CompiledPolicy, w: EmittedRef, ids: string[], ev: NormalizedEvent): Decision {
  return {
    id: `${w.id}|retracted-by|${ev.id}`,
    policy: policy.id,
    version: policy.version,
    standard: w.standard,
    subject: w.subject,
    key: w.standard,
    status: "cancelled",
    at: iso(ev.t),
    reasons: [`withdrawn: late event ${ev.id} (${ev.type} at ${ev.time}) changed the outcome`],
    events: [ev.id],
    supersedes: ids,
    retracted: true,
  };
}

/** Event order: time, then id (a total order, so ties never depend on arrival). */
export function compareEvents(a: NormalizedEvent, b: NormalizedEvent): number {
  return a.t - b.t || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

function insertSorted(list: NormalizedEvent[], ev: NormalizedEvent): void {
  let i = list.length;
  while (i > 0 && compareEvents(list[i - 1], ev) > 0) i--;
  list.splice(i, 0, ev);
}
