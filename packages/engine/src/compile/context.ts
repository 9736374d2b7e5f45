/** What a kind compiler can use besides its own document part. */
import type { Diagnostic, MatcherDoc } from "../types.js";
import type { CompiledMatcher, Facts, Predicate } from "../evaluate/model.js";
import type { CompiledCalendar } from "../calendar/calendar.js";

export interface CompileContext {
  /** Compiles one matcher or a list; diagnostics name `pointer`. */
  matchers(doc: MatcherDoc | MatcherDoc[] | undefined, pointer: string): { matchers: CompiledMatcher[]; diagnostics: Diagnostic[] };
  /** Compiles a bare condition. */
  condition(doc: unknown, pointer: string): { predicate: Predicate | null; explain: ((f: Facts) => string[]) | null; diagnostics: Diagnostic[] };
  /** Parses an ISO 8601 duration to ms, or a diagnostic. */
  duration(text: unknown, pointer: string): { ms: number | null; diagnostics: Diagnostic[] };
  /** Parses a data path ("item", "a.b[0]") into segments, or a diagnostic. */
  dataPath(text: unknown, pointer: string): { path: string[] | null; diagnostics: Diagnostic[] };
  /** Compiled calendars of the policy by name. */
  calendars: Readonly<Record<string, CompiledCalendar>>;
  /** Policy time zone (IANA). */
  timezone: string;
}
