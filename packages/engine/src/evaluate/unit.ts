/**
 * The unit-level API: the engine's operations on ONE unit of state, for callers that
 * store units apart (the runtime keeps a row per subject and one per policy for its
 * policy-scoped standards). `step` and `advance` run the same code over every unit of a
 * PolicyState; these run it over the one unit given.
 *
 * A unit is a subject (its subject-scoped standards together) or one policy-scoped
 * standard (e.g. an escalation counting complainants per topic, fed with the events of
 * every subject). Its state is a SubjectState, plain JSON; `null` means none yet (or
 * dropped as settled).
 */
import type { Decision, NormalizedEvent } from "../types.js";
import { YardstickError } from "../errors.js";
import { put } from "../own.js";
import { assertTime, DEFAULT_LATENESS_MS, isSettled, Run, scopesFor, standardById, standardsOf, unitDue, type UnitKey } from "./engine.js";
import type { CompiledPolicy, EngineOptions, PolicyState, SubjectState } from "./model.js";

/** Which unit: a subject, or a policy-scoped standard (by id). */
export type UnitRef = { readonly subject: string } | { readonly standard: string };

/** A unit with its state (null: none yet, or dropped as settled). */
export type Unit = UnitRef & { readonly state: SubjectState | null };

export interface UnitOptions extends EngineOptions {
  /**
   * The newest time the caller knows the policy's clock has reached (the engine's
   * `PolicyState.clock`: the latest event or advance over all units). An event older
   * than it by more than the lateness bound is refused with `event_too_late` even when
   * its unit has no state (a subject settled and dropped must not start afresh).
   * Default: none (only the unit's own clock bounds lateness).
   */
  watermark?: number;
}

/**
 * The units an event reaches, in the order `step` applies it: its subject, then every
 * policy-scoped standard that reacts to its type.
 * @example unitsReached(policy, ev) // [{ subject: "case-7" }, { standard: "E1" }]
 */
export function unitsReached(policy: CompiledPolicy, event: Pick<NormalizedEvent, "subject" | "type">): UnitRef[] {
  return [{ subject: event.subject }, ...scopesFor(policy, event.type).map((u) => ({ standard: u.name }))];
}

/**
 * Applies one event to one unit: returns the unit's next state and the decisions made.
 * Duplicate ids change nothing; an event too late for the unit (or older than
 * `watermark` minus the lateness bound) throws `event_too_late` and changes nothing.
 * The state is copied unless `inPlace`.
 * @example const [next, decisions] = stepUnit(policy, { subject: ev.subject, state: stored }, ev, { watermark: now });
 */
export function stepUnit(policy: CompiledPolicy, unit: Unit, event: NormalizedEvent, options: UnitOptions = {}): [SubjectState | null, Decision[]] {
  const { run, key } = open(policy, unit, options);
  if ("subject" in unit && unit.subject !== event.subject) throw new YardstickError("engine_unit_invalid", `event ${event.id} is for subject ${event.subject}, not ${unit.subject}`);
  run.eventIn([key], event);
  return [run.stateOf(key), run.out];
}

/**
 * Moves one unit's clock to `to` (epoch ms), firing what falls due at or before it.
 * A subject that is settled at `to` (a lateness bound past its last event, nothing
 * running) comes back as null: the caller may forget it.
 * @example const [next, breaches] = advanceUnit(policy, { subject: "visit-1", state }, now);
 */
export function advanceUnit(policy: CompiledPolicy, unit: Unit, to: number, options: UnitOptions = {}): [SubjectState | null, Decision[]] {
  const { run, key } = open(policy, unit, options);
  const state = run.stateOf(key);
  if (state) run.advanceUnit(key, state, to);
  return [run.stateOf(key), run.out];
}

/**
 * When a unit next needs its clock moved: its earliest deadline; else, for a subject with
 * nothing running, the moment it becomes settled (then `advanceUnit` drops it); else null.
 * @example unitDueAt(policy, { subject: "visit-1", state }) // 1764045720000
 */
export function unitDueAt(policy: CompiledPolicy, unit: Unit, options: Pick<EngineOptions, "latenessMs"> = {}): number | null {
  if (!unit.state) return null;
  const key = keyOf(policy, unit);
  const due = unitDue(policy, standardsOf(policy, key), unit.state);
  if (due !== null || key.std !== null) return due;
  const lateness = options.latenessMs ?? DEFAULT_LATENESS_MS;
  const settleAt = unit.state.lastEventAt + lateness + 1;
  return isSettled(policy, unit.state, settleAt, lateness) ? settleAt : null;
}

/** True when a subject's unit may be dropped at `now` (a lateness bound past its last event, nothing running); policy-scoped units never settle. */
export function isUnitSettled(policy: CompiledPolicy, unit: Unit, now: number, options: Pick<EngineOptions, "latenessMs"> = {}): boolean {
  if (!unit.state) return true;
  return "subject" in unit && isSettled(policy, unit.state, now, options.latenessMs ?? DEFAULT_LATENESS_MS);
}

function keyOf(policy: CompiledPolicy, unit: UnitRef): UnitKey {
  if ("subject" in unit) return { name: unit.subject, std: null };
  const std = standardById(policy, unit.standard);
  if (!std || std.scope !== "policy") throw new YardstickError("engine_unit_invalid", `${policy.id} has no policy-scoped standard ${unit.standard}`);
  return { name: std.id, std };
}

/** A Run over a state holding only this unit (copied unless in place). */
function open(policy: CompiledPolicy, unit: Unit, options: UnitOptions): { run: Run; key: UnitKey } {
  const key = keyOf(policy, unit);
  if (options.watermark !== undefined) assertTime(options.watermark, "watermark");
  const state = unit.state && !options.inPlace ? structuredClone(unit.state) : unit.state;
  const holder: PolicyState = { clock: options.watermark ?? 0, subjects: {}, shared: {} };
  if (state) put(key.std ? holder.shared : holder.subjects, key.name, state);
  return { run: new Run(policy, holder, options, true), key };
}
