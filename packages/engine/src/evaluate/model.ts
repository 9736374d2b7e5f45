/**
 * The compiled policy and the evaluation state. A compiled policy is frozen; the state
 * is plain JSON (so the runtime can store it per subject) and is never mutated by the
 * public `step`/`advance` functions.
 */
import type { Decision, LocalizedText, NormalizedEvent } from "../types.js";
import type { CompiledCalendar } from "../calendar/calendar.js";

/** Facts a condition sees: `data` (the event's data), `event` (type, id, subject, time), `subject` (accumulated facts). */
export interface Facts {
  data: Record<string, unknown>;
  event: { id: string; type: string; subject: string; time: string };
  subject: Record<string, unknown>;
  [fact: string]: unknown;
}

/** A compiled condition: synchronous, pure. */
export type Predicate = (facts: Facts) => boolean;

export interface CompiledMatcher {
  event: string;
  when?: Predicate;
  /** Says which conditions of `when` held, with the values read (for decision reasons). */
  explain?: (facts: Facts) => string[];
  /** The same as data: the paths and values read. */
  trace?: (facts: Facts) => FactRead[];
}

/**
 * One value a condition read on its way to its outcome: where (`data.amount`), what was
 * there (`read`, absent when missing), and the comparison (`operator`, `value`, `held`).
 * Rule decisions carry these as `details.facts`.
 */
export interface FactRead {
  path: string;
  read?: unknown;
  operator: string;
  value: unknown;
  held: boolean;
}

/**
 * Context handed to a standard handler while it processes one subject. It is valid for
 * the duration of the call only: the engine hands every call the same object, pointed
 * at that call's unit and standard (no object per call), so a handler must not keep it.
 */
export interface HandlerContext {
  readonly policy: CompiledPolicy;
  readonly subject: string;
  /** Accumulated facts of the subject (merged event data, in time order). */
  readonly facts: Record<string, unknown>;
  /**
   * In `onTime` only: when set, fire only what fell due strictly before this instant
   * (it equals `now`). Something that became due in the past through an event fires at
   * that event's time, while later events of the same instant are still to come, and
   * what falls due exactly then must wait for them (events first at an instant). In
   * such a firing the engine calls only the standards whose own earliest deadline lies
   * strictly before it (so a queue ticket due at that instant, beside a timing standard's
   * voided hold, waits); a handler with several deadlines must still honour this bound.
   */
  readonly dueBefore?: number;
  /**
   * Emit a decision; policy, version, standard, id are filled in by the engine. A
   * policy-scoped handler emits for the subjects it keeps (e.g. every open complaint
   * of a topic); its unit's decisions are compared as a whole after a late event.
   */
  emit(d: DecisionDraft): void;
}

/** What a handler emits: the engine completes it (id, policy, version, standard). */
export type DecisionDraft = Omit<Decision, "id" | "policy" | "version" | "standard" | "obligation"> & {
  /**
   * The obligation within the standard and subject (the engine makes Decision.obligation
   * of it); part of the deterministic id. Every decision about one obligation uses the same.
   */
  obligation: string;
};

/**
 * How a standard kind is evaluated (the evaluation half of a kind, see ../kinds/kind.ts).
 * Handlers mutate `slot` (this standard's JSON state for one unit) in place; the engine
 * clones before calling them, so callers never see mutation. `C` is the kind's compiled
 * standard, `S` its slot. Methods (not function properties) so that a handler of one
 * kind is stored beside the others: the engine only ever hands a handler the standards
 * of its own kind (it looks the handler up by `std.kind`).
 */
export interface KindHandler<C extends CompiledStandardBase = CompiledStandardBase, S = unknown> {
  /**
   * "subject": one slot per subject, fed with that subject's events.
   * "policy": one slot for the whole policy, fed with the events of every subject the
   * standard names, in time order (the engine rebuilds the slot after a late event), so
   * the handler may keep what it needs about many subjects. `ctx.subject` is the
   * event's subject in `onEvent`, the standard's id in `onTime`; `ctx.facts` is unused.
   */
  readonly scope: "subject" | "policy";
  /** A fresh slot for a unit. */
  init(std: C): S;
  /** One event of the unit, in time order. */
  onEvent(std: C, slot: S, ev: NormalizedEvent, ctx: HandlerContext): void;
  /** The clock reached `now` (epoch ms); fire what is due at or before it. */
  onTime(std: C, slot: S, now: number, ctx: HandlerContext): void;
  /**
   * Earliest time something is due, or null. A function of the slot alone: the engine
   * asks it again only after a call that may have changed the slot (onEvent, onTime)
   * and keeps the answer in the unit's deadline index (evaluate/unit-dues.ts).
   */
  nextDue(std: C, slot: S): number | null;
  /** Decisions for obligations still running when a replay stops at `until`. */
  open(std: C, slot: S, now: number, ctx: HandlerContext): void;
  /** True when the slot holds nothing running (a settled subject may be dropped); like nextDue, a function of the slot, asked after each change. */
  idle(std: C, slot: S): boolean;
}

export interface CompiledStandardBase {
  id: string;
  kind: string;
  title: LocalizedText;
  severity?: string;
  /** Event types this standard reacts to (the engine skips it for others). */
  events: ReadonlySet<string>;
  /** Where it is evaluated: per subject, or in one policy-wide unit (its kind's scope). */
  scope: "subject" | "policy";
}

/**
 * A compiled standard of any kind, as the engine sees it: what every kind has. A kind's
 * own fields are read only by its handler, which gets its own compiled type.
 */
export type CompiledStandard = CompiledStandardBase;

export interface CompiledPolicy {
  id: string;
  version: number;
  title: LocalizedText;
  timezone: string;
  standards: readonly CompiledStandard[];
  /** Declared event types (empty: any). */
  eventTypes: ReadonlySet<string>;
  calendars: Readonly<Record<string, CompiledCalendar>>;
  /** The evaluation handler of every kind the policy uses, by kind name (from the registry it was compiled with). */
  handlers: ReadonlyMap<string, KindHandler>;
  /** The source document (frozen), for diff and display. */
  doc: unknown;
}

/** State of one unit: a subject, or a policy-scoped standard. */
export interface SubjectState {
  /** Time this subject's clock has reached (ms). */
  clock: number;
  /** Last event time seen (ms). */
  lastEventAt: number;
  /** Accumulated facts. */
  facts: Record<string, unknown>;
  /** Slots by standard id. */
  slots: Record<string, unknown>;
  /** Snapshot before the tail: replaying `tail` onto it rebuilds the subject (late events). */
  base: { clock: number; facts: Record<string, unknown>; slots: Record<string, unknown> } | null;
  /** Events not yet folded into `base`, sorted by (t, id). */
  tail: NormalizedEvent[];
  /** Decisions emitted since `base` (for superseding after late events). */
  emitted: EmittedRef[];
  /** True when the clock was advanced past `clock`'s deadlines (not just to an event at `clock`). */
  past: boolean;
}

/** A decision emitted since the subject's snapshot. */
export interface EmittedRef {
  id: string;
  /** Obligation identity: standard, subject and the handler's obligation string. */
  standard: string;
  subject: string;
  obligation: string;
  at: number;
}

export interface PolicyState {
  /** Highest time any subject was advanced to. */
  clock: number;
  subjects: Record<string, SubjectState>;
  /** State of each policy-scoped standard (one unit across all subjects), by standard id. */
  shared: Record<string, SubjectState>;
}

export interface EngineOptions {
  /** Events older than the subject's clock by more than this are refused (event_too_late). Default 24 h. */
  latenessMs?: number;
  /**
   * The caller hands the state over: `step`/`advance` change it in place and return it,
   * instead of working on a copy (the runtime, whose states come fresh from the
   * database, saves copying a large policy-wide unit per event). A refused event
   * (`event_too_late`) still changes nothing; one refused with `engine_time_out_of_range`
   * (a deadline out of range) may have changed it: discard it.
   */
  inPlace?: boolean;
}
