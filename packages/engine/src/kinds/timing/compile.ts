/**
 * Compiles a `timing` standard (start → stop within a duration). Semantics:
 * docs/semantics.md.
 *
 * Codes: `compile_unknown_calendar` (a `calendar` not declared in `calendars`),
 * `compile_hold_unbounded` (a `suspend` without `maxHold` on a standard without
 * `within`: every hold must end, docs/semantics.md §4), `compile_hold_too_long` (a
 * `maxHold` over MAX_HOLD_MS), `compile_deadline_conflict` (both `within` and
 * `deadline`), `compile_deadline_needs_calendar` (`deadline.from: "nextWorkingDay"`
 * without a `calendar` to say which days are worked).
 */
import { own } from "../../own.js";
import type { Diagnostic, TimingStandardDoc } from "../../types.js";
import type { CompiledMatcher, CompiledStandardBase } from "../../evaluate/model.js";
import { makeCollector, type CompileContext, type StandardCollector } from "../../compile/context.js";
import type { StandardDraft } from "../kind.js";
import { describeRule, type DeadlineRule } from "../../calendar/deadline.js";
import { parseClock } from "../../calendar/zone.js";
import { parseCalendarDuration } from "../../vocabulary/duration.js";

export interface CompiledTiming extends CompiledStandardBase {
  kind: "timing";
  start: CompiledMatcher[];
  stop: CompiledMatcher[];
  requires: CompiledMatcher[];
  cancel: CompiledMatcher[];
  withinMs: number | null;
  /** A calendar-aligned limit (`within` in months, or `deadline`) instead of `withinMs`, with its wording for reasons; docs/semantics.md §8a. */
  rule: (DeadlineRule & { text: string }) | null;
  deadlineFrom: { due?: string[]; within?: string[] } | null;
  key: string[] | null;
  once: boolean;
  suspend: {
    from: CompiledMatcher[];
    until: CompiledMatcher[];
    /** Events that end a hold as if it had never been. */
    void: CompiledMatcher[];
    key: string[] | null;
    resume: "restart" | "continue";
    /** Bound of one hold, in standard time (default: `within`). */
    maxHoldMs: number;
  } | null;
  warnBeforeMs: number | null;
  /** Warnings: `warnBefore` (labelled by its duration text) and each `warnAt` share ("80%"). */
  warnings: ReadonlyArray<{ label: string; beforeMs: number | null; percent: number | null }>;
  calendar: string | null;
}

/** Longest bound of one hold: a year and a day. */
export const MAX_HOLD_MS = 366 * 86_400_000;

/** Compiles one timing standard found at `pointer`. */
export function compileTiming(doc: TimingStandardDoc, pointer: string, ctx: CompileContext): { standard: StandardDraft<CompiledTiming> | null; diagnostics: Diagnostic[] } {
  const c = makeCollector(ctx, pointer);
  const start = c.matchers(doc.start, "start");
  const stop = c.matchers(doc.stop, "stop");
  const requires = c.matchers(doc.requires, "requires");
  const cancel = c.matchers(doc.cancel, "cancel");
  const rule = deadlineRule(doc, c);
  const withinMs = rule === null ? c.duration(doc.within, "within") : null;
  let suspend: CompiledTiming["suspend"] = null;
  if (doc.suspend) {
    const maxHoldMs = c.duration(doc.suspend.maxHold, "suspend/maxHold") ?? withinMs;
    if (maxHoldMs !== null && maxHoldMs > MAX_HOLD_MS) c.error("compile_hold_too_long", "/suspend/maxHold", "a hold may last at most 366 days");
    if (maxHoldMs === null && doc.suspend.maxHold === undefined) {
      c.error("compile_hold_unbounded", "/suspend", "a standard without a fixed `within` (none, calendar months or a `deadline`) must bound its holds with `suspend.maxHold`: every hold must end");
    }
    suspend = {
      from: c.matchers(doc.suspend.from, "suspend/from"),
      until: c.matchers(doc.suspend.until, "suspend/until"),
      void: c.matchers(doc.suspend.void, "suspend/void"),
      key: c.dataPath(doc.suspend.key, "suspend/key"),
      resume: doc.suspend.resume ?? ("restart" as const),
      maxHoldMs: maxHoldMs ?? 0,
    };
  }
  const deadlineFrom = doc.deadlineFrom
    ? {
        due: c.dataPath(doc.deadlineFrom.due, "deadlineFrom/due") ?? undefined,
        within: c.dataPath(doc.deadlineFrom.within, "deadlineFrom/within") ?? undefined,
      }
    : null;
  if (doc.calendar !== undefined && own(ctx.calendars, doc.calendar) === undefined) {
    c.error("compile_unknown_calendar", "/calendar", `calendar "${doc.calendar}" is not declared in "calendars"`);
  }
  const warnBeforeMs = c.duration(doc.warnBefore, "warnBefore");
  const warnings = [
    ...(warnBeforeMs !== null ? [{ label: doc.warnBefore!, beforeMs: warnBeforeMs, percent: null }] : []),
    // The schema admits "1%"–"99%" only.
    ...(doc.warnAt ?? []).map((p) => ({ label: p, beforeMs: null, percent: Number(p.slice(0, -1)) })),
  ];
  const standard: StandardDraft<CompiledTiming> = {
    id: doc.id,
    kind: "timing",
    title: doc.title,
    severity: doc.severity,
    events: c.events,
    start,
    stop,
    requires,
    cancel,
    withinMs,
    rule,
    deadlineFrom,
    key: c.dataPath(doc.key, "key"),
    once: doc.once ?? false,
    suspend,
    warnBeforeMs,
    warnings,
    calendar: doc.calendar ?? null,
  };
  return c.finish(standard);
}

/** The calendar-aligned limit of a standard: `within` with calendar months, or `deadline`; null for a fixed `within`. */
function deadlineRule(doc: TimingStandardDoc, c: StandardCollector): CompiledTiming["rule"] {
  const rule = readRule(doc, c);
  return rule && { ...rule, text: describeRule(rule) };
}

function readRule(doc: TimingStandardDoc, c: StandardCollector): DeadlineRule | null {
  if (doc.deadline) {
    if (doc.within !== undefined) c.error("compile_deadline_conflict", "/deadline", "give either `within` or `deadline`, not both: they are two ways of saying the limit");
    const d = doc.deadline;
    const from = d.from ?? "start";
    if (from === "nextWorkingDay" && doc.calendar === undefined) {
      c.error("compile_deadline_needs_calendar", "/deadline/from", '"nextWorkingDay" needs the standard\'s `calendar` to know which days are worked (or use "nextDay")');
    }
    const within = d.within === undefined ? { months: 0, ms: 0 } : parseCalendarDuration(d.within);
    if (within === null) c.error("compile_duration_invalid", "/deadline/within", `${JSON.stringify(d.within)} is not an ISO 8601 duration (e.g. "P3D", "P1M")`);
    return { from, months: within?.months ?? 0, ms: within?.ms ?? 0, at: d.at === undefined ? null : parseClock(d.at) };
  }
  const within = typeof doc.within === "string" ? parseCalendarDuration(doc.within) : null;
  return within !== null && within.months > 0 ? { from: "start", months: within.months, ms: within.ms, at: null } : null;
}
