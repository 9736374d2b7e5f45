/**
 * The evaluation loop: `step` (one event) and `advance` (the clock) over a policy state.
 * Pure at the surface: both return `[nextState, decisions]` and never touch their input.
 *
 * Units: a subject's standards are evaluated together in the subject's state; a standard
 * whose handler looks across subjects (`scope: "policy"`, e.g. escalation counting
 * complainants per topic) is evaluated in one state of its own, `state.shared[id]`, fed
 * with the events of every subject it names. Both are units with the same machinery.
 *
 * Order of things at one instant: events at time t are applied before deadlines due at
 * t fire, so a stop at exactly the deadline is met (limits are inclusive). An event that
 * arrives after its unit has moved past its time (a late event) rebuilds the unit from
 * its snapshot by re-running its recent events; decisions that change are emitted again
 * with `supersedes`, so the effective decisions equal a replay of the sorted stream.
 */
import { YardstickError } from "../errors.js";
import type { Decision, NormalizedEvent } from "../types.js";
import { decisionId, iso, obligationId } from "./ids.js";
import { mergeFacts } from "./facts.js";
import { own, ownOrPut, put } from "../own.js";
import type { CompiledPolicy, CompiledStandard, DecisionDraft, EmittedRef, EngineOptions, HandlerContext, KindHandler, PolicyState, SubjectState } from "./model.js";
import { assertTime } from "./time-range.js";
import { UnitDues } from "./unit-dues.js";

export { assertTime, MAX_TIME_MS } from "./time-range.js";

/** Default lateness bound: 24 hours. */
export const DEFAULT_LATENESS_MS = 86_400_000;
/** Guard against a handler whose deadline never moves forward. */
const MAX_FIRINGS = 100_000;

/** An empty state for any policy. */
export function initialState(): PolicyState {
  return { clock: 0, subjects: {}, shared: {} };
}

/**
 * Applies one event. Duplicate ids change nothing; an event older than a unit's clock
 * minus the lateness bound throws `event_too_late` (nothing changes).
 * @example const [next, decisions] = step(policy, initialState(), event);
 */
export function step(policy: CompiledPolicy, state: PolicyState, event: NormalizedEvent, options: EngineOptions = {}): [PolicyState, Decision[]] {
  const run = new Run(policy, options.inPlace ? state : structuredClone(state), options, true);
  run.event(event);
  return [run.state, run.out];
}

/**
 * Moves every unit's clock to `to` (epoch ms), firing what falls due at or before it.
 * @example const [next, breaches] = advance(policy, state, Date.parse("2026-11-22T04:02:00Z"));
 */
export function advance(policy: CompiledPolicy, state: PolicyState, to: number, options: EngineOptions = {}): [PolicyState, Decision[]] {
  const run = new Run(policy, options.inPlace ? state : structuredClone(state), options, true);
  run.advanceAll(to);
  return [run.state, run.out];
}

/** The earliest time anything in `state` (its subjects and policy-wide units) falls due, or null. */
export function nextDueAt(policy: CompiledPolicy, state: PolicyState): number | null {
  let min: number | null = null;
  for (const [u, subj] of units(policy, state)) {
    const d = unitDue(policy, standardsOf(policy, u), subj);
    if (d !== null && (min === null || d < min)) min = d;
  }
  return min;
}

/** `open` decisions for every obligation still running at `at` (a replay's `until`). */
export function openDecisions(policy: CompiledPolicy, state: PolicyState, at: number): Decision[] {
  const run = new Run(policy, structuredClone(state), {}, false);
  for (const [key, subj] of units(policy, run.state)) {
    run.withUnit(key, subj, (std, slot, ctx) => handlerOf(policy, std).open(std, slot, at, ctx));
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

/** True when a standard is evaluated policy-wide (its own unit) rather than per subject. */
export function isPolicyScoped(std: CompiledStandard): boolean {
  return std.scope === "policy";
}

/** The handler of a standard's kind (compilePolicy put every kind the policy uses in `policy.handlers`). */
function handlerOf(policy: CompiledPolicy, std: CompiledStandard): KindHandler {
  const h = policy.handlers.get(std.kind);
  // Cannot happen for a policy from compilePolicy: a programming error, not a policy problem.
  if (!h) throw new Error(`no handler for standard kind "${std.kind}" of ${std.id}`);
  return h;
}

/** Where an event or a deadline is evaluated: a subject, or a policy-scoped standard. */
export interface UnitKey {
  /** The subject, or the id of the policy-scoped standard. */
  name: string;
  /** The policy-scoped standard, or null for a subject. */
  std: CompiledStandard | null;
}

interface PolicyIndex {
  /** Standards evaluated per subject (every one not policy-scoped). */
  subjectStandards: CompiledStandard[];
  /** The standards of each policy-scoped unit (one each), by standard id: one array per unit, so a unit's deadline index knows its standards. */
  sharedStandards: Map<string, readonly CompiledStandard[]>;
  /** Position of each standard within its unit's standards (subjectStandards, or its own list), by id. */
  positions: Map<readonly CompiledStandard[], Map<string, number>>;
  /** Subject-scoped standards that react to an event type, in policy order. */
  subjectByType: Map<string, CompiledStandard[]>;
  /** The units of the policy-scoped standards that react to an event type. */
  scopesByType: Map<string, UnitKey[]>;
  byId: Map<string, CompiledStandard>;
}

const indexes = new WeakMap<CompiledPolicy, PolicyIndex>();
function indexOf(policy: CompiledPolicy): PolicyIndex {
  let index = indexes.get(policy);
  if (!index) {
    index = {
      subjectStandards: policy.standards.filter((s) => !isPolicyScoped(s)),
      sharedStandards: new Map(policy.standards.filter(isPolicyScoped).map((s) => [s.id, [s]])),
      positions: new Map(),
      subjectByType: new Map(),
      scopesByType: new Map(),
      byId: new Map(policy.standards.map((s) => [s.id, s])),
    };
    for (const std of policy.standards) {
      const scoped = isPolicyScoped(std);
      for (const t of std.events) {
        if (scoped) index.scopesByType.set(t, [...(index.scopesByType.get(t) ?? []), { name: std.id, std }]);
        else index.subjectByType.set(t, [...(index.subjectByType.get(t) ?? []), std]);
      }
    }
    index.positions.set(index.subjectStandards, new Map(index.subjectStandards.map((s, i) => [s.id, i])));
    for (const list of index.sharedStandards.values()) index.positions.set(list, new Map([[list[0]!.id, 0]])); // one standard per list
    indexes.set(policy, index);
  }
  return index;
}

/** The units of the policy-scoped standards that an event of `type` reaches. */
export function scopesFor(policy: CompiledPolicy, type: string): readonly UnitKey[] {
  return indexOf(policy).scopesByType.get(type) ?? [];
}

/** The units an event reaches: its subject, then the policy-scoped standards of its type. */
export function unitsOf(policy: CompiledPolicy, ev: NormalizedEvent): UnitKey[] {
  return [{ name: ev.subject, std: null }, ...scopesFor(policy, ev.type)];
}

/** The standard of a policy by id, or undefined. */
export function standardById(policy: CompiledPolicy, id: string): CompiledStandard | undefined {
  return indexOf(policy).byId.get(id);
}

/** Every unit of a state with its own state: the subjects, then the policy-scoped standards. */
function units(policy: CompiledPolicy, state: PolicyState): Array<[UnitKey, SubjectState]> {
  const { byId } = indexOf(policy);
  const out: Array<[UnitKey, SubjectState]> = Object.entries(state.subjects).map(([name, s]) => [{ name, std: null }, s]);
  for (const [id, s] of Object.entries(state.shared)) {
    const std = byId.get(id);
    if (std) out.push([{ name: id, std }, s]);
  }
  return out;
}

/** The standards a unit evaluates: a subject's, or the one policy-scoped standard. */
export function standardsOf(policy: CompiledPolicy, u: UnitKey): readonly CompiledStandard[] {
  const index = indexOf(policy);
  return u.std ? (index.sharedStandards.get(u.std.id) ?? [u.std]) : index.subjectStandards;
}

/**
 * The deadline index of a unit's state (./unit-dues.ts), built on first use. `standards`
 * is what standardsOf gives for the unit.
 */
function duesOf(policy: CompiledPolicy, standards: readonly CompiledStandard[], subj: SubjectState): UnitDues {
  const positions = indexOf(policy).positions.get(standards);
  // Cannot happen with the lists of standardsOf: a programming error.
  if (!positions) throw new Error("not the standards of a unit of this policy");
  return UnitDues.of(policy, standards, positions, subj);
}

/** The earliest deadline of a unit's standards (from its deadline index: no standard is asked again). */
export function unitDue(policy: CompiledPolicy, standards: readonly CompiledStandard[], subj: SubjectState): number | null {
  return duesOf(policy, standards, subj).min();
}

/**
 * One evaluation pass over a mutable state (the public functions hand it a clone;
 * replay hands it its own). `track` keeps the per-unit tail needed for late events.
 */
export class Run {
  readonly out: Decision[] = [];
  private readonly lateness: number;
  /**
   * While rebuilding a unit, decisions go here instead of `out`; DISCARD while folding
   * a tail into its snapshot (those decisions were emitted when the tail first ran, so
   * none is built).
   */
  private sink: Array<{ d: Decision; ref: EmittedRef }> | typeof DISCARD | null = null;
  private readonly index: PolicyIndex;
  private readonly subjectPositions: ReadonlyMap<string, number>;
  /**
   * The one context handed to handlers, pointed at the unit and standard of each call
   * (a handler uses its context during the call only): no object per call.
   */
  private readonly ctx: CallContext;
  private ctxUnit: SubjectState | null = null;
  private ctxStd: CompiledStandard | null = null;

  constructor(
    readonly policy: CompiledPolicy,
    readonly state: PolicyState,
    options: EngineOptions,
    private readonly track: boolean,
  ) {
    this.lateness = options.latenessMs ?? DEFAULT_LATENESS_MS;
    this.index = indexOf(policy);
    this.subjectPositions = this.index.positions.get(this.index.subjectStandards)!; // made with the index
    this.ctx = { policy, subject: "", facts: {}, dueBefore: undefined, emit: (draft) => this.emit(this.ctxUnit!, this.ctxStd!, draft) }; // set by context() before any call
  }

  /**
   * Applies one event, in order or late, to its subject and to the policy-wide units it
   * reaches; returns those units (subject first) with their next deadline afterwards.
   */
  event(ev: NormalizedEvent): { reached: readonly UnitKey[]; dues: ReadonlyArray<number | null> } {
    const reached = unitsOf(this.policy, ev);
    return { reached, dues: this.eventIn(reached, ev) };
  }

  /**
   * Applies one event to the given units (step: every unit it reaches; stepUnit: one).
   * Every unit is checked before any changes, so a refused event changes nothing.
   * Returns each unit's next deadline after the event (replay schedules by them).
   */
  eventIn(reached: readonly UnitKey[], ev: NormalizedEvent): Array<number | null> {
    assertTime(ev.t, `time of event ${ev.id}`);
    if (ev.t < this.state.clock - this.lateness) {
      // Also covers subjects already settled and dropped from the state.
      throw new YardstickError("event_too_late", `event ${ev.id} at ${ev.time} is older than the lateness bound`, { id: ev.id, subject: ev.subject });
    }
    const plans = reached.map((u) => this.admit(u, ev));
    reached.forEach((u, i) => this.eventInUnit(u, ev, plans[i]!)); // plans is reached, mapped
    // A deadline out of range (e.g. a duration in the event's data) refuses the event
    // now, while the caller still holds the old state, rather than at every later advance.
    const dues = reached.map((u) => this.dueOf(u));
    this.state.clock = Math.max(this.state.clock, ev.t);
    return dues;
  }

  /** Advances every unit to `to` and retires settled subjects. */
  advanceAll(to: number): void {
    assertTime(to, "the time to advance to");
    for (const [u, subj] of units(this.policy, this.state)) this.advanceUnit(u, subj, to);
    this.state.clock = Math.max(this.state.clock, to);
  }

  /** Advances one unit to `to`; a settled subject is dropped from the state. */
  advanceUnit(u: UnitKey, subj: SubjectState, to: number): void {
    assertTime(to, "the time to advance to");
    if (u.std) {
      // Its clock moves only as far as what fired: an event at a time nothing fired at
      // is still in order (a shared unit sees every subject's events, most a little late).
      this.fireDue(u, subj, to, true, false);
      return;
    }
    this.fireDue(u, subj, to, true);
    if (this.track) this.compact(u, subj);
    if (isSettled(this.policy, subj, to, this.lateness)) delete this.state.subjects[u.name];
  }

  /** The state of a unit, or null when it has none (never seen, or dropped as settled). */
  stateOf(u: UnitKey): SubjectState | null {
    return own(this.home(u), u.name) ?? null;
  }

  /** Replay's fast path: fires everything due strictly before `t` in one unit. */
  fireBefore(u: UnitKey, t: number): number | null {
    const subj = own(this.home(u), u.name);
    return subj ? this.fireDue(u, subj, t, false) : null;
  }

  /** The earliest time something falls due in a unit, or null. */
  dueOf(u: UnitKey): number | null {
    const subj = own(this.home(u), u.name);
    return subj ? this.dues(u, subj).min() : null;
  }

  private dues(u: UnitKey, subj: SubjectState): UnitDues {
    return duesOf(this.policy, standardsOf(this.policy, u), subj);
  }

  /** Runs `fn` for every standard of a unit with a handler context. */
  withUnit(u: UnitKey, subj: SubjectState, fn: (std: CompiledStandard, slot: unknown, ctx: HandlerContext) => void): void {
    for (const std of standardsOf(this.policy, u)) {
      const slot = ownOrPut(subj.slots, std.id, () => handlerOf(this.policy, std).init(std));
      fn(std, slot, this.context(u.name, subj, std));
    }
  }

  private home(u: UnitKey): Record<string, SubjectState> {
    return u.std ? this.state.shared : this.state.subjects;
  }

  /** Whether an event is new and in order for a unit; throws when it is too late for it. */
  private admit(u: UnitKey, ev: NormalizedEvent): "duplicate" | "in-order" | "late" {
    const subj = own(this.home(u), u.name);
    if (!subj) return "in-order";
    if (this.track && subj.tail.some((e) => e.id === ev.id)) return "duplicate";
    if (ev.t < subj.clock - this.lateness || (subj.base && ev.t < subj.base.clock)) {
      throw new YardstickError("event_too_late", `event ${ev.id} at ${ev.time} is older than the lateness bound of ${u.std ? `standard ${u.name}` : `subject ${u.name}`}`, {
        id: ev.id,
        subject: ev.subject,
      });
    }
    const last = subj.tail[subj.tail.length - 1];
    return ev.t > subj.clock || (ev.t === subj.clock && !subj.past && (!last || compareEvents(last, ev) < 0)) ? "in-order" : "late";
  }

  private eventInUnit(u: UnitKey, ev: NormalizedEvent, plan: "duplicate" | "in-order" | "late"): void {
    if (plan === "duplicate") return;
    const home = this.home(u);
    let subj = own(home, u.name);
    if (!subj) {
      subj = put(home, u.name, newSubject(ev.t));
      // The empty snapshot lies a lateness bound back, so earlier events may still come.
      if (this.track) subj.base = { clock: ev.t - this.lateness, facts: {}, slots: {} };
    }
    if (plan === "in-order") {
      this.applyEvent(u, subj, ev);
      if (this.track) this.compact(u, subj);
    } else {
      this.rebuild(u, subj, ev);
    }
  }

  private applyEvent(u: UnitKey, subj: SubjectState, ev: NormalizedEvent): void {
    this.fireDue(u, subj, ev.t, false);
    const dues = this.dues(u, subj);
    if (u.std) {
      const h = handlerOf(this.policy, u.std);
      const slot = ownOrPut(subj.slots, u.std.id, () => h.init(u.std!));
      h.onEvent(u.std, slot, ev, this.context(ev.subject, subj, u.std));
      dues.refresh(0, slot);
    } else {
      mergeFacts(subj.facts, ev.data);
      for (const std of this.index.subjectByType.get(ev.type) ?? []) {
        const h = handlerOf(this.policy, std);
        const slot = ownOrPut(subj.slots, std.id, () => h.init(std));
        h.onEvent(std, slot, ev, this.context(u.name, subj, std));
        dues.refresh(this.subjectPositions.get(std.id)!, slot); // every subject standard has a position
      }
    }
    subj.clock = ev.t;
    subj.lastEventAt = Math.max(subj.lastEventAt, ev.t);
    subj.past = false;
    if (this.track) insertSorted(subj.tail, ev);
  }

  /**
   * Fires deadlines of one unit up to `to` (inclusive, or strictly before it when an
   * event at `to` is about to be applied). `moveClock`: an inclusive advance also moves
   * the clock to `to` when nothing is due there.
   */
  private fireDue(u: UnitKey, subj: SubjectState, to: number, inclusive: boolean, moveClock = true): number | null {
    const standards = standardsOf(this.policy, u);
    const dues = this.dues(u, subj);
    for (let n = 0; ; n++) {
      if (n > MAX_FIRINGS) throw new YardstickError("engine_runaway", `standard deadlines of ${u.name} do not advance`);
      const due = dues.min();
      if (due === null || (inclusive ? due > to : due >= to)) {
        if (inclusive && moveClock && to >= subj.clock) {
          subj.clock = to;
          subj.past = true;
        }
        // Nothing changes a slot after this check: it is the unit's next deadline (dueOf).
        return due;
      }
      // A deadline that became known late fires when it is known, not before; with an
      // event at that instant still to come, only what fell due before it fires.
      const now = Math.max(due, subj.clock);
      const lateOnly = !inclusive && due < subj.clock;
      // The standards due, in policy order. Known-late firing: a standard whose earliest
      // deadline is `now` itself (a queue ticket beside a voided timing hold) is not
      // called: it waits for the instant's events. A standard's onTime changes only its
      // own slot, so the others stay due as listed.
      for (const pos of dues.dueBy(now, lateOnly)) {
        const std = standards[pos]!; // positions index the unit's standards
        const slot = own(subj.slots, std.id);
        const ctx = this.context(u.name, subj, std);
        if (lateOnly) ctx.dueBefore = now;
        handlerOf(this.policy, std).onTime(std, slot, now, ctx);
        dues.refresh(pos, slot);
      }
      // Deadlines at `now` have fired: an event at `now` arriving after this is late. A
      // deadline that became known late (due before the clock) fired right after the event
      // that made it known, so later events at that instant are still in order.
      if (due >= subj.clock) subj.past = true;
      subj.clock = now;
    }
  }

  /** Points the Run's one handler context at a unit and standard (no `dueBefore`). */
  private context(subject: string, subj: SubjectState, std: CompiledStandard): CallContext {
    const ctx = this.ctx;
    ctx.subject = subject;
    ctx.facts = subj.facts;
    ctx.dueBefore = undefined;
    this.ctxUnit = subj;
    this.ctxStd = std;
    return ctx;
  }

  private emit(subj: SubjectState, std: CompiledStandard, draft: DecisionDraft): void {
    if (this.sink === DISCARD) return;
    // The body in the order it always had (policy, version, standard, severity, then the
    // draft's fields without `obligation`): the id's fingerprint is made of it.
    const body: Record<string, unknown> = { policy: this.policy.id, version: this.policy.version, standard: std.id };
    if (std.severity !== undefined && draft.severity === undefined) body.severity = std.severity;
    for (const k of Object.keys(draft)) if (k !== "obligation") body[k] = draft[k as keyof DecisionDraft];
    const obligation = draft.obligation;
    // `obligation` is added after the id is made, so decision ids are what they were before it existed.
    const d = {
      id: decisionId(this.policy.id, this.policy.version, std.id, draft.subject, obligation, draft.status, draft.at, body),
      ...body,
      obligation: obligationId(std.id, draft.subject, obligation),
    } as Decision;
    if (this.sink) {
      this.sink.push({ d, ref: refOf(d, std, draft) });
      return;
    }
    this.out.push(d);
    if (this.track) subj.emitted.push(refOf(d, std, draft));
  }

  /** Late event: restore the snapshot, re-run the tail with the new event, emit what changed. */
  private rebuild(u: UnitKey, subj: SubjectState, ev: NormalizedEvent): void {
    const base = subj.base;
    if (!base) throw new YardstickError("event_too_late", `event ${ev.id} arrived after ${u.name} was settled`, { id: ev.id });
    const events = [...subj.tail];
    insertSorted(events, ev);
    const fresh = newSubject(base.clock);
    fresh.facts = structuredClone(base.facts);
    fresh.slots = structuredClone(base.slots);
    fresh.base = base;
    this.sink = [];
    for (const e of events) this.applyEvent(u, fresh, e);
    // Bring the rebuilt unit back to where the old one stood.
    this.fireDue(u, fresh, subj.clock, subj.past, u.std === null);
    const produced = this.sink;
    this.sink = null;

    const sameObligation = (a: EmittedRef, b: EmittedRef) => a.standard === b.standard && a.subject === b.subject && a.obligation === b.obligation;
    const beforeIds = new Set(subj.emitted.map((e) => e.id));
    const afterIds = new Set(produced.map((p) => p.d.id));
    const withdrawn = subj.emitted.filter((e) => !afterIds.has(e.id));
    const replaced: EmittedRef[] = [];
    for (const p of produced) {
      if (beforeIds.has(p.d.id)) continue;
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
    put(this.home(u), u.name, fresh);
    this.compact(u, fresh);
  }

  /**
   * Folds tail events older than the lateness bound into the snapshot. A long tail (a
   * policy-wide unit) is folded in batches: each fold copies the tail once.
   */
  private compact(u: UnitKey, subj: SubjectState): void {
    const horizon = subj.clock - this.lateness;
    if (!subj.base || subj.tail.length === 0 || subj.tail[0]!.t >= horizon) return;
    let n = 0;
    while (n < subj.tail.length && subj.tail[n]!.t < horizon) n++;
    if (n < 64 && n * 4 < subj.tail.length) return;
    const fold = subj.tail.slice(0, n);
    const base = newSubject(subj.base.clock);
    base.facts = subj.base.facts;
    base.slots = subj.base.slots;
    // Decisions of the folded part were emitted when it first ran: discard the repeats.
    const saved = this.sink;
    this.sink = DISCARD;
    for (const e of fold) this.applyEvent(u, base, e);
    this.fireDue(u, base, horizon, false);
    this.sink = saved;
    subj.base = { clock: Math.max(base.clock, horizon), facts: base.facts, slots: base.slots };
    subj.tail = subj.tail.slice(n);
    subj.emitted = subj.emitted.filter((e) => e.at >= horizon);
  }

}

/** True when a subject can be dropped at `now`: a lateness bound past its last event, with nothing running (from its deadline index: no slot is asked again). */
export function isSettled(policy: CompiledPolicy, subj: SubjectState, now: number, latenessMs: number): boolean {
  if (now - subj.lastEventAt <= latenessMs) return false;
  return duesOf(policy, indexOf(policy).subjectStandards, subj).idle();
}

/** The sink that drops decisions unbuilt (folding a tail whose decisions were already emitted). */
const DISCARD = Symbol("discard");

/** The handler context of a Run: HandlerContext, with the fields the Run points at each call. */
interface CallContext extends HandlerContext {
  subject: string;
  facts: Record<string, unknown>;
  dueBefore: number | undefined;
}

/** What a unit remembers of a decision it emitted (for superseding it after a late event). */
function refOf(d: Decision, std: CompiledStandard, draft: DecisionDraft): EmittedRef {
  return { id: d.id, standard: std.id, subject: draft.subject, obligation: draft.obligation, at: Date.parse(d.at) };
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
    obligation: obligationId(w.standard, w.subject, w.obligation),
  };
}

/** Event order: time, then id (a total order, so ties never depend on arrival). */
export function compareEvents(a: NormalizedEvent, b: NormalizedEvent): number {
  return a.t - b.t || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

function insertSorted(list: NormalizedEvent[], ev: NormalizedEvent): void {
  let i = list.length;
  while (i > 0 && compareEvents(list[i - 1]!, ev) > 0) i--;
  list.splice(i, 0, ev);
}
