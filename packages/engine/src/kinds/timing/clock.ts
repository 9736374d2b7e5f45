/**
 * The clock of one timing obligation (docs/semantics.md §4, §6): rebuilt from the
 * obligation's hold log whenever the log changes, so a void ("as if it had never been
 * held") is the same computation as everything else.
 */
import { own } from "../../own.js";
import type { HandlerContext } from "../../evaluate/model.js";
import type { CompiledTiming } from "./compile.js";
import { ruleDeadline, type RuleCalendar } from "../../calendar/deadline.js";

/** One entry of an obligation's hold log, in event order. */
export type LogEntry =
  | { op: "hold"; t: number; hk: string }
  | { op: "release"; t: number; hk: string; bound: boolean }
  /** An `until` event of the obligation's key: a restart point when nothing is pending after it. */
  | { op: "until"; t: number; type: string };

export interface Clock {
  anchorAt: number;
  anchorType: string;
  /** The deadline; null while held. */
  dueAt: number | null;
  /** When the running clock last started; null while held. */
  runSince: number | null;
  /** The first instant the clock ran after its anchor (for `warnAt` spans). */
  firstRun: number | null;
  /** Running time of the closed segments since the anchor (wall, working). */
  wallRun: number;
  bizRun: number;
}

/** Standard-time arithmetic of a standard: wall clock, or its calendar. */
export interface Span {
  deadline(from: number, ms: number): number;
  /** Pure working time added (remaining time after a hold). */
  add(from: number, ms: number): number;
  between(from: number, to: number): number;
  before(to: number, ms: number): number;
  business: boolean;
  /** The standard's calendar-aligned limit (months, `deadline`): its deadline from an anchor, and its wording. */
  rule: { due(from: number): number; text: string } | null;
}

interface CalendarLike {
  addBusinessTime(f: number, m: number): number;
  addWorkingTime(f: number, m: number): number;
  businessTimeBetween(f: number, t: number): number;
  subtractWorkingTime(t: number, m: number): number;
}

const WALL: Span = {
  deadline: (f, m) => f + m,
  add: (f, m) => f + m,
  between: (f, t) => Math.max(0, t - f),
  before: (t, m) => t - m,
  business: false,
  rule: null,
};

export function spanOf(std: CompiledTiming, ctx: HandlerContext): Span {
  const cal = std.calendar ? (own(ctx.policy.calendars, std.calendar) as (CalendarLike & RuleCalendar) | undefined) : undefined;
  const rule = std.rule;
  const aligned = rule ? { due: (f: number) => ruleDeadline(rule, f, ctx.policy.timezone, cal ?? null), text: rule.text } : null;
  if (!cal) return aligned ? { ...WALL, rule: aligned } : WALL;
  return {
    deadline: (f, m) => cal.addBusinessTime(f, m),
    add: (f, m) => cal.addWorkingTime(f, m),
    between: (f, t) => cal.businessTimeBetween(f, t),
    before: (t, m) => cal.subtractWorkingTime(t, m),
    business: true,
    rule: aligned,
  };
}

/**
 * Replays a hold log from the start (`start.held`: holds already pending when the
 * obligation started). Stops early when the clock ran out before a later entry (a void
 * can make the deadline lie in the past).
 */
export function rebuildClock(std: CompiledTiming, span: Span, start: { t: number; type: string; held: readonly string[] }, deadlineAt: (anchor: number) => number, log: readonly LogEntry[]): Clock {
  const restart = std.suspend?.resume !== "continue";
  const pending = new Set<string>();
  const c: Clock = { anchorAt: start.t, anchorType: start.type, dueAt: null, runSince: null, firstRun: null, wallRun: 0, bizRun: 0 };
  let remaining: number | null = null;
  const reanchor = (t: number, type: string) => {
    Object.assign(c, { anchorAt: t, anchorType: type, dueAt: deadlineAt(t), runSince: t, firstRun: t, wallRun: 0, bizRun: 0 });
  };
  for (const hk of start.held) pending.add(hk);
  if (pending.size === 0) reanchor(start.t, start.type);
  for (const e of log) {
    if (c.dueAt !== null && c.dueAt < e.t) break; // ran out before this entry: the deadline stands
    if (e.op === "hold") {
      const was = pending.size;
      pending.add(e.hk);
      if (was === 0 && pending.size === 1 && c.runSince !== null) {
        c.wallRun += e.t - c.runSince;
        c.bizRun += span.between(c.runSince, e.t);
        remaining = span.between(e.t, c.dueAt!);
        c.dueAt = null;
        c.runSince = null;
      }
    } else if (e.op === "release") {
      if (!pending.delete(e.hk) || pending.size > 0) continue;
      if (restart && e.bound) reanchor(e.t, "maxHold");
      else if (!restart) {
        c.dueAt = remaining !== null ? span.add(e.t, remaining) : deadlineAt(e.t);
        c.runSince = e.t;
        c.firstRun ??= e.t;
      }
    } else if (restart && pending.size === 0) {
      reanchor(e.t, e.type);
    }
  }
  return c;
}

/** Running time of the clock at `at` (wall and working), counting past a deadline as running. */
export function measure(c: Clock, span: Span, at: number): { wall: number; biz: number } {
  if (c.runSince === null) return { wall: c.wallRun, biz: c.bizRun };
  return { wall: c.wallRun + (at - c.runSince), biz: c.bizRun + span.between(c.runSince, at) };
}
