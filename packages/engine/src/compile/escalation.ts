/**
 * Compiles an `escalation` standard (schema definition `escalation`): ordered levels,
 * each reached by a condition, a count across cases within a window, or an age.
 *
 * Codes (API, never renamed):
 * - `compile_escalation_duplicate_level` two levels share a name (decisions would not say which)
 * - `compile_escalation_first_level_criterion` the first level has a criterion: every case starts there, so it would do nothing
 * - `compile_escalation_unreachable_level` a level above the first without `when`, `age` or `aggregate`
 * - `compile_unknown_calendar`      `calendar` not declared in `calendars` (as for timing)
 */
import type { Diagnostic, LocalizedText, MatcherDoc } from "../types.js";
import type { CompiledMatcher, CompiledStandardBase, Facts, Predicate } from "../evaluate/model.js";
import type { CompileContext } from "./context.js";

export interface CompiledLevel {
  name: string;
  owner: string;
  when: Predicate | null;
  explain: ((f: Facts) => string[]) | null;
  ageMs: number | null;
  /** Index into CompiledEscalation.aggregates, or null. */
  aggregate: number | null;
}

export interface CompiledAggregate {
  /** The level it reaches. */
  level: number;
  groupKey: string[];
  distinctKey: string[];
  withinMs: number;
  atLeast: number;
  /** Display names for reasons ("topic", "complainant"). */
  groupName: string;
  distinctName: string;
}

export interface CompiledEscalation extends CompiledStandardBase {
  kind: "escalation";
  open: CompiledMatcher[];
  update: CompiledMatcher[];
  resolve: CompiledMatcher[];
  reopen: CompiledMatcher[];
  calendar: string | null;
  levels: CompiledLevel[];
  aggregates: CompiledAggregate[];
  /** How long a settled case is kept for the cases of its group (window or age, plus a margin for late events). */
  retentionMs: number;
}

interface LevelDoc {
  level: string;
  owner: string;
  title?: LocalizedText;
  when?: unknown;
  age?: string;
  aggregate?: { groupKey: string; distinctKey: string; within: string; atLeast: number };
}

interface EscalationDoc {
  id: string;
  title: LocalizedText;
  severity?: string;
  open: MatcherDoc | MatcherDoc[];
  update?: MatcherDoc | MatcherDoc[];
  resolve?: MatcherDoc | MatcherDoc[];
  reopen?: MatcherDoc | MatcherDoc[];
  calendar?: string;
  levels: LevelDoc[];
}

/** Kept beyond the window and ages: late events (the engine's default lateness is 24 h) may still change them. */
export const RETENTION_MARGIN_MS = 2 * 86_400_000;

/** Compiles one escalation standard found at `pointer`. */
export function compileEscalation(raw: Record<string, unknown>, pointer: string, ctx: CompileContext): { standard: CompiledEscalation | null; diagnostics: Diagnostic[] } {
  const doc = raw as unknown as EscalationDoc;
  const diagnostics: Diagnostic[] = [];
  const error = (code: string, path: string, message: string) => diagnostics.push({ code, severity: "error", message, path: `${pointer}${path}` });
  const events = new Set<string>();
  const matchers = (m: MatcherDoc | MatcherDoc[] | undefined, field: string): CompiledMatcher[] => {
    const r = ctx.matchers(m, `${pointer}/${field}`);
    diagnostics.push(...r.diagnostics);
    for (const x of r.matchers) events.add(x.event);
    return r.matchers;
  };
  const duration = (text: string, field: string): number => {
    const r = ctx.duration(text, `${pointer}/${field}`);
    diagnostics.push(...r.diagnostics);
    return r.ms ?? 0;
  };
  const path = (text: string, field: string): string[] => {
    const r = ctx.dataPath(text, `${pointer}/${field}`);
    diagnostics.push(...r.diagnostics);
    return r.path ?? [];
  };

  if (doc.calendar !== undefined && !ctx.calendars[doc.calendar]) {
    error("compile_unknown_calendar", "/calendar", `calendar "${doc.calendar}" is not declared in "calendars"`);
  }
  const aggregates: CompiledAggregate[] = [];
  const seen = new Map<string, number>();
  const levels = doc.levels.map((l, i): CompiledLevel => {
    const at = `/levels/${i}`;
    if (seen.has(l.level)) error("compile_escalation_duplicate_level", `${at}/level`, `level "${l.level}" is already /levels/${seen.get(l.level)}`);
    seen.set(l.level, i);
    const hasCriterion = l.when !== undefined || l.age !== undefined || l.aggregate !== undefined;
    if (i === 0 && hasCriterion) error("compile_escalation_first_level_criterion", at, `"${l.level}" is the first level, which every case has from its opening: move its criteria to a higher level`);
    if (i > 0 && !hasCriterion) error("compile_escalation_unreachable_level", at, `"${l.level}" can never be reached: give it a "when" condition, an "age" or an "aggregate"`);
    let when: Predicate | null = null;
    let explain: CompiledLevel["explain"] = null;
    if (l.when !== undefined) {
      const c = ctx.condition(l.when, `${pointer}${at}/when`);
      diagnostics.push(...c.diagnostics);
      when = c.predicate;
      explain = c.explain;
    }
    let aggregate: number | null = null;
    if (l.aggregate) {
      aggregate = aggregates.length;
      aggregates.push({
        level: i,
        groupKey: path(l.aggregate.groupKey, `levels/${i}/aggregate/groupKey`),
        distinctKey: path(l.aggregate.distinctKey, `levels/${i}/aggregate/distinctKey`),
        withinMs: duration(l.aggregate.within, `levels/${i}/aggregate/within`),
        atLeast: l.aggregate.atLeast,
        groupName: l.aggregate.groupKey,
        distinctName: l.aggregate.distinctKey,
      });
    }
    return { name: l.level, owner: l.owner, when, explain, ageMs: l.age === undefined ? null : duration(l.age, `levels/${i}/age`), aggregate };
  });
  const longest = Math.max(0, ...levels.map((l) => l.ageMs ?? 0), ...aggregates.map((a) => a.withinMs));
  const standard: CompiledEscalation = {
    id: doc.id,
    kind: "escalation",
    title: doc.title,
    severity: doc.severity,
    events,
    open: matchers(doc.open, "open"),
    update: matchers(doc.update, "update"),
    resolve: matchers(doc.resolve, "resolve"),
    reopen: matchers(doc.reopen, "reopen"),
    calendar: doc.calendar ?? null,
    levels,
    aggregates,
    retentionMs: longest + RETENTION_MARGIN_MS,
  };
  return { standard: diagnostics.some((d) => d.severity === "error") ? null : standard, diagnostics };
}
