/**
 * Compiles a `timing` standard (start → stop within a duration).
 *
 * Codes: `compile_unknown_calendar` (a `calendar` not declared in `calendars`).
 */
import type { Diagnostic, TimingStandardDoc } from "../../types.js";
import type { CompiledMatcher, CompiledStandardBase } from "../../evaluate/model.js";
import { makeCollector, type CompileContext } from "../../compile/context.js";
import type { StandardDraft } from "../kind.js";

export interface CompiledTiming extends CompiledStandardBase {
  kind: "timing";
  start: CompiledMatcher[];
  stop: CompiledMatcher[];
  requires: CompiledMatcher[];
  cancel: CompiledMatcher[];
  withinMs: number | null;
  deadlineFrom: { due?: string[]; within?: string[] } | null;
  key: string[] | null;
  once: boolean;
  suspend: { from: CompiledMatcher[]; until: CompiledMatcher[]; key: string[] | null; resume: "restart" | "continue" } | null;
  warnBeforeMs: number | null;
  calendar: string | null;
}

/** Compiles one timing standard found at `pointer`. */
export function compileTiming(doc: TimingStandardDoc, pointer: string, ctx: CompileContext): { standard: StandardDraft<CompiledTiming> | null; diagnostics: Diagnostic[] } {
  const c = makeCollector(ctx, pointer);
  const start = c.matchers(doc.start, "start");
  const stop = c.matchers(doc.stop, "stop");
  const requires = c.matchers(doc.requires, "requires");
  const cancel = c.matchers(doc.cancel, "cancel");
  const suspend = doc.suspend
    ? {
        from: c.matchers(doc.suspend.from, "suspend/from"),
        until: c.matchers(doc.suspend.until, "suspend/until"),
        key: c.dataPath(doc.suspend.key, "suspend/key"),
        resume: doc.suspend.resume ?? ("restart" as const),
      }
    : null;
  const deadlineFrom = doc.deadlineFrom
    ? {
        due: c.dataPath(doc.deadlineFrom.due, "deadlineFrom/due") ?? undefined,
        within: c.dataPath(doc.deadlineFrom.within, "deadlineFrom/within") ?? undefined,
      }
    : null;
  if (doc.calendar !== undefined && !ctx.calendars[doc.calendar]) {
    c.error("compile_unknown_calendar", "/calendar", `calendar "${doc.calendar}" is not declared in "calendars"`);
  }
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
    withinMs: c.duration(doc.within, "within"),
    deadlineFrom,
    key: c.dataPath(doc.key, "key"),
    once: doc.once ?? false,
    suspend,
    warnBeforeMs: c.duration(doc.warnBefore, "warnBefore"),
    calendar: doc.calendar ?? null,
  };
  return c.finish(standard);
}
