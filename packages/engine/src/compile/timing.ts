/**
 * Compiles a `timing` standard (start → stop within a duration).
 *
 * Codes: `compile_unknown_calendar` (a `calendar` not declared in `calendars`).
 */
import type { Diagnostic, MatcherDoc, TimingStandardDoc } from "../types.js";
import type { CompiledMatcher, CompiledTiming } from "../evaluate/model.js";
import type { CompileContext } from "./context.js";

/** Compiles one timing standard found at `pointer`. */
export function compileTiming(raw: Record<string, unknown>, pointer: string, ctx: CompileContext): { standard: CompiledTiming | null; diagnostics: Diagnostic[] } {
  const doc = raw as unknown as TimingStandardDoc;
  const diagnostics: Diagnostic[] = [];
  const events = new Set<string>();
  const matchers = (m: MatcherDoc | MatcherDoc[] | undefined, field: string): CompiledMatcher[] => {
    const r = ctx.matchers(m, `${pointer}/${field}`);
    diagnostics.push(...r.diagnostics);
    for (const x of r.matchers) events.add(x.event);
    return r.matchers;
  };
  const duration = (text: string | undefined, field: string): number | null => {
    if (text === undefined) return null;
    const r = ctx.duration(text, `${pointer}/${field}`);
    diagnostics.push(...r.diagnostics);
    return r.ms;
  };
  const path = (text: string | undefined, field: string): string[] | null => {
    if (text === undefined) return null;
    const r = ctx.dataPath(text, `${pointer}/${field}`);
    diagnostics.push(...r.diagnostics);
    return r.path;
  };

  const start = matchers(doc.start, "start");
  const stop = matchers(doc.stop, "stop");
  const requires = matchers(doc.requires, "requires");
  const cancel = matchers(doc.cancel, "cancel");
  const suspend = doc.suspend
    ? {
        from: matchers(doc.suspend.from, "suspend/from"),
        until: matchers(doc.suspend.until, "suspend/until"),
        key: path(doc.suspend.key, "suspend/key"),
        resume: doc.suspend.resume ?? ("restart" as const),
      }
    : null;
  const deadlineFrom = doc.deadlineFrom
    ? {
        due: path(doc.deadlineFrom.due, "deadlineFrom/due") ?? undefined,
        within: path(doc.deadlineFrom.within, "deadlineFrom/within") ?? undefined,
      }
    : null;
  if (doc.calendar !== undefined && !ctx.calendars[doc.calendar]) {
    diagnostics.push({ code: "compile_unknown_calendar", severity: "error", message: `calendar "${doc.calendar}" is not declared in "calendars"`, path: `${pointer}/calendar` });
  }
  const standard: CompiledTiming = {
    id: doc.id,
    kind: "timing",
    title: doc.title,
    severity: doc.severity,
    events,
    start,
    stop,
    requires,
    cancel,
    withinMs: duration(doc.within, "within"),
    deadlineFrom,
    key: path(doc.key, "key"),
    once: doc.once ?? false,
    suspend,
    warnBeforeMs: duration(doc.warnBefore, "warnBefore"),
    calendar: doc.calendar ?? null,
  };
  return { standard: diagnostics.some((d) => d.severity === "error") ? null : standard, diagnostics };
}
