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
import { own } from "../../own.js";
import type { Diagnostic, LocalizedText, MatcherDoc } from "../../types.js";
import type { CompiledMatcher, CompiledStandardBase, Facts, Predicate } from "../../evaluate/model.js";
import type { StandardDraft } from "../kind.js";
import { makeCollector, type CompileContext } from "../../compile/context.js";

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

export interface EscalationDoc {
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
export function compileEscalation(doc: EscalationDoc, pointer: string, ctx: CompileContext): { standard: StandardDraft<CompiledEscalation> | null; diagnostics: Diagnostic[] } {
  const c = makeCollector(ctx, pointer);
  if (doc.calendar !== undefined && !own(ctx.calendars, doc.calendar)) {
    c.error("compile_unknown_calendar", "/calendar", `calendar "${doc.calendar}" is not declared in "calendars"`);
  }
  const aggregates: CompiledAggregate[] = [];
  const seen = new Map<string, number>();
  const levels = doc.levels.map((l, i): CompiledLevel => {
    const at = `/levels/${i}`;
    if (seen.has(l.level)) c.error("compile_escalation_duplicate_level", `${at}/level`, `level "${l.level}" is already /levels/${seen.get(l.level)}`);
    seen.set(l.level, i);
    const hasCriterion = l.when !== undefined || l.age !== undefined || l.aggregate !== undefined;
    if (i === 0 && hasCriterion) c.error("compile_escalation_first_level_criterion", at, `"${l.level}" is the first level, which every case has from its opening: move its criteria to a higher level`);
    if (i > 0 && !hasCriterion) c.error("compile_escalation_unreachable_level", at, `"${l.level}" can never be reached: give it a "when" condition, an "age" or an "aggregate"`);
    const when = l.when === undefined ? null : c.condition(l.when, `levels/${i}/when`);
    let aggregate: number | null = null;
    if (l.aggregate) {
      aggregate = aggregates.length;
      aggregates.push({
        level: i,
        groupKey: c.dataPath(l.aggregate.groupKey, `levels/${i}/aggregate/groupKey`) ?? [],
        distinctKey: c.dataPath(l.aggregate.distinctKey, `levels/${i}/aggregate/distinctKey`) ?? [],
        withinMs: c.duration(l.aggregate.within, `levels/${i}/aggregate/within`) ?? 0,
        atLeast: l.aggregate.atLeast,
        groupName: l.aggregate.groupKey,
        distinctName: l.aggregate.distinctKey,
      });
    }
    return { name: l.level, owner: l.owner, when: when?.predicate ?? null, explain: when?.explain ?? null, ageMs: l.age === undefined ? null : (c.duration(l.age, `levels/${i}/age`) ?? 0), aggregate };
  });
  const longest = Math.max(0, ...levels.map((l) => l.ageMs ?? 0), ...aggregates.map((a) => a.withinMs));
  const standard: StandardDraft<CompiledEscalation> = {
    id: doc.id,
    kind: "escalation",
    title: doc.title,
    severity: doc.severity,
    events: c.events,
    open: c.matchers(doc.open, "open"),
    update: c.matchers(doc.update, "update"),
    resolve: c.matchers(doc.resolve, "resolve"),
    reopen: c.matchers(doc.reopen, "reopen"),
    calendar: doc.calendar ?? null,
    levels,
    aggregates,
    retentionMs: longest + RETENTION_MARGIN_MS,
  };
  return c.finish(standard);
}
