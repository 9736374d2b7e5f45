/**
 * The deadline index of one unit (issue 15): each standard's own next deadline, in a
 * sorted array kept incrementally, and which standards hold something running. With it
 * the engine finds a unit's earliest deadline, the standards due at an instant and
 * whether a subject is settled without asking every standard of the policy: only the
 * standards an event or a firing touched are asked again (their handler's `nextDue` and
 * `idle`), so the cost per event follows the standards the event reaches, not the
 * policy's size.
 *
 * It lives beside the unit's JSON state, never in it: a non-enumerable symbol property
 * of the SubjectState object, which JSON.stringify, structuredClone and equality checks
 * skip. A state that comes without one (parsed from storage, cloned, or rebuilt) gets it
 * built by one pass over the slots it holds. The engine is the only writer of a state it
 * indexed: every handler call that may change a slot is followed by `refresh`.
 *
 * Why a sorted array and not a heap: a unit holds a handful of standards with a running
 * deadline (the ones its events touched), so insertion by binary search and a splice is
 * cheaper and smaller than heap nodes with lazy deletion, and it yields the standards due
 * at an instant as a prefix.
 */
import { own } from "../own.js";
import type { CompiledPolicy, CompiledStandard, SubjectState } from "./model.js";
import { assertTime, MAX_TIME_MS } from "./time-range.js";

const INDEX = Symbol("yardstick.unitDues");

export class UnitDues {
  /** [due, position, due, position, …] sorted by (due, position); one pair per standard with a deadline. */
  private readonly entries: number[] = [];
  /** Positions of the standards whose slot holds something running (not idle), unordered. */
  private readonly busy: number[] = [];

  private constructor(
    readonly policy: CompiledPolicy,
    readonly standards: readonly CompiledStandard[],
  ) {}

  /**
   * The index of `subj` as a unit of `standards` (positions are indexes into it), built
   * from the slots when the state has none yet (or one of another policy).
   */
  static of(policy: CompiledPolicy, standards: readonly CompiledStandard[], positions: ReadonlyMap<string, number>, subj: SubjectState): UnitDues {
    const held = (subj as unknown as Record<symbol, UnitDues | undefined>)[INDEX];
    if (held && held.policy === policy && held.standards === standards) return held;
    const index = new UnitDues(policy, standards);
    for (const id of Object.keys(subj.slots)) {
      const pos = positions.get(id);
      if (pos !== undefined) index.refresh(pos, own(subj.slots, id));
    }
    Object.defineProperty(subj, INDEX, { value: index, writable: true, enumerable: false, configurable: true });
    return index;
  }

  /** The earliest deadline of the unit, or null. */
  min(): number | null {
    return this.entries.length > 0 ? this.entries[0]! : null; // checked non-empty
  }

  /** True when no slot of the unit holds anything running. */
  idle(): boolean {
    return this.busy.length === 0;
  }

  /**
   * Positions (ascending: policy order) of the standards whose own earliest deadline is
   * at or before `now` (strictly before it when `strict`).
   */
  dueBy(now: number, strict: boolean): number[] {
    const e = this.entries;
    const out: number[] = [];
    for (let i = 0; i < e.length; i += 2) {
      const d = e[i]!; // i < length, pairs
      if (strict ? d >= now : d > now) break;
      out.push(e[i + 1]!);
    }
    return out.length > 1 ? out.sort((a, b) => a - b) : out;
  }

  /**
   * Asks the handler of the standard at `pos` again about its slot (after a call that may
   * have changed it). Throws `engine_time_out_of_range` for a deadline that is not a time.
   */
  refresh(pos: number, slot: unknown): void {
    const std = this.standards[pos]!; // positions come from the same standards
    const h = this.policy.handlers.get(std.kind);
    if (!h) throw new Error(`no handler for standard kind "${std.kind}" of ${std.id}`);
    const due = slot === undefined ? null : h.nextDue(std, slot);
    // assertTime's test inline: its message (built from the id) is only needed when it fails.
    if (due !== null && (!Number.isSafeInteger(due) || Math.abs(due) > MAX_TIME_MS)) assertTime(due, `a deadline of standard ${std.id}`);
    this.place(pos, due);
    const idle = slot === undefined || h.idle(std, slot);
    const at = this.busy.indexOf(pos);
    if (idle && at >= 0) {
      this.busy[at] = this.busy[this.busy.length - 1]!; // at is in range
      this.busy.pop();
    } else if (!idle && at < 0) this.busy.push(pos);
  }

  /** Moves the entry of `pos` to `due` (removes it for null). */
  private place(pos: number, due: number | null): void {
    const e = this.entries;
    let old = -1;
    for (let i = 1; i < e.length; i += 2) {
      if (e[i] === pos) {
        old = i - 1;
        break;
      }
    }
    if (old >= 0) {
      if (e[old] === due) return;
      e.splice(old, 2);
    }
    if (due === null) return;
    // Binary search for the first pair after (due, pos).
    let lo = 0;
    let hi = e.length >> 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      const d = e[2 * mid]!; // mid < pairs
      if (d < due || (d === due && e[2 * mid + 1]! < pos)) lo = mid + 1;
      else hi = mid;
    }
    e.splice(2 * lo, 0, due, pos);
  }
}
