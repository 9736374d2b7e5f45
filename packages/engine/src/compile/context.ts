/** What a kind compiler can use besides its own document part. */
import type { Diagnostic, MatcherDoc } from "../types.js";
import type { DiagnosticCode } from "../codes.js";
import type { CompiledMatcher, Facts, Predicate } from "../evaluate/model.js";
import type { CompiledCalendar } from "../calendar/calendar.js";
import type { Tracer } from "../conditions/compile-condition.js";

export interface CompileContext {
  /** Compiles one matcher or a list; diagnostics name `pointer`. */
  matchers(doc: MatcherDoc | MatcherDoc[] | undefined, pointer: string): { matchers: CompiledMatcher[]; diagnostics: Diagnostic[] };
  /**
   * Compiles a bare condition. With `events`, the event types whose data it reads: their
   * declared field types are checked (a field typed alike in all of them).
   */
  condition(doc: unknown, pointer: string, events?: readonly string[]): { predicate: Predicate | null; explain: ((f: Facts) => string[]) | null; trace: Tracer | null; diagnostics: Diagnostic[] };
  /** Parses an ISO 8601 duration to ms, or a diagnostic. */
  duration(text: unknown, pointer: string): { ms: number | null; diagnostics: Diagnostic[] };
  /** Parses a data path ("item", "a.b[0]") into segments, or a diagnostic. */
  dataPath(text: unknown, pointer: string): { path: string[] | null; diagnostics: Diagnostic[] };
  /** Compiled calendars of the policy by name. */
  calendars: Readonly<Record<string, CompiledCalendar>>;
  /** Policy time zone (IANA). */
  timezone: string;
}

/**
 * The context bound to one standard: fields are named relative to its pointer, and every
 * diagnostic lands in `diagnostics` in call order, so kind compilers only say what to compile.
 */
export interface StandardCollector {
  readonly diagnostics: Diagnostic[];
  /** Event types of every matcher compiled so far (the standard's `events`). */
  readonly events: Set<string>;
  /** Records an error at `at`, a pointer suffix ("" for the standard itself, or "/field"). */
  error(code: DiagnosticCode, at: string, message: string): void;
  matchers(doc: MatcherDoc | MatcherDoc[] | undefined, field: string): CompiledMatcher[];
  condition(doc: unknown, field: string, events?: readonly string[]): { predicate: Predicate | null; explain: ((f: Facts) => string[]) | null; trace: Tracer | null };
  /** Milliseconds; null when `text` is absent, or invalid (then with a diagnostic). */
  duration(text: string | undefined, field: string): number | null;
  /** Path segments; null when `text` is absent, or invalid (then with a diagnostic). */
  dataPath(text: string | undefined, field: string): string[] | null;
  /** The kind compiler's result: `standard`, or null when any diagnostic is an error. */
  finish<T>(standard: T): { standard: T | null; diagnostics: Diagnostic[] };
}

/**
 * Binds `ctx` to the standard at `pointer`.
 * @example
 * const c = makeCollector(ctx, "/standards/0");
 * const start = c.matchers(doc.start, "start"); // diagnostics at /standards/0/start
 */
export function makeCollector(ctx: CompileContext, pointer: string): StandardCollector {
  const diagnostics: Diagnostic[] = [];
  const events = new Set<string>();
  return {
    diagnostics,
    events,
    error(code, at, message) {
      diagnostics.push({ code, severity: "error", message, path: `${pointer}${at}` });
    },
    matchers(doc, field) {
      const r = ctx.matchers(doc, `${pointer}/${field}`);
      diagnostics.push(...r.diagnostics);
      for (const m of r.matchers) events.add(m.event);
      return r.matchers;
    },
    condition(doc, field, events) {
      const r = ctx.condition(doc, `${pointer}/${field}`, events);
      diagnostics.push(...r.diagnostics);
      return { predicate: r.predicate, explain: r.explain, trace: r.trace };
    },
    duration(text, field) {
      if (text === undefined) return null;
      const r = ctx.duration(text, `${pointer}/${field}`);
      diagnostics.push(...r.diagnostics);
      return r.ms;
    },
    dataPath(text, field) {
      if (text === undefined) return null;
      const r = ctx.dataPath(text, `${pointer}/${field}`);
      diagnostics.push(...r.diagnostics);
      return r.path;
    },
    finish(standard) {
      return { standard: diagnostics.some((d) => d.severity === "error") ? null : standard, diagnostics };
    },
  };
}
