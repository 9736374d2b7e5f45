/**
 * Compiles an `escalation` standard (schema definition `escalation`): ordered levels,
 * each reached by a condition, a count across cases within a window, or an age, or by
 * all the criteria of one of its combinations at once.
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
  /** Criteria that count only together (issue 11 point 4: age and "through our fault"). */
  combinations: CompiledCombination[];
}

/** One combination of a level: every criterion it has must hold at once. */
export interface CompiledCombination {
  when: Predicate | null;
  explain: ((f: Facts) => string[]) | null;
  ageMs: number | null;
  /** Index into CompiledEscalation.ageQueues, or null. */
  ageQueue: number | null;
  /** Index into CompiledEscalation.aggregates, or null. */
  aggregate: number | null;
}

/** Whose age a queue of due ages is: a level's own `age` (combination null) or a combination's. */
export interface AgeQueueOwner {
  level: number;
  combination: number | null;
  /** null: the level has no age of its own (its queue stays empty). */
  ageMs: number | null;
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
  /** The combination of `level` it belongs to, or null: the level's own aggregate. */
  combination: number | null;
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
  /**
   * The queues of due ages: one per level (index = level, empty for a level without an
   * age), then one per combination with an age. Each queue holds one duration, so
   * opening order is due order.
   */
  ageQueues: AgeQueueOwner[];
  /** How long a settled case is kept for the cases of its group (window or age, plus a margin for late events). */
  retentionMs: number;
}

interface AggregateDoc {
  groupKey: string;
  distinctKey: string;
  within: string;
  atLeast: number;
}

interface LevelDoc {
  level: string;
  owner: string;
  title?: LocalizedText;
  when?: unknown;
  age?: string;
  aggregate?: AggregateDoc;
  combinations?: Array<{ when?: unknown; age?: string; aggregate?: AggregateDoc }>;
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
  const ageQueues: AgeQueueOwner[] = doc.levels.map((l, i) => ({ level: i, combination: null, ageMs: null }));
  const seen = new Map<string, number>();
  const aggregate = (a: AggregateDoc, level: number, combination: number | null, at: string): number => {
    aggregates.push({
      level,
      groupKey: c.dataPath(a.groupKey, `${at}/groupKey`) ?? [],
      distinctKey: c.dataPath(a.distinctKey, `${at}/distinctKey`) ?? [],
      withinMs: c.duration(a.within, `${at}/within`) ?? 0,
      atLeast: a.atLeast,
      groupName: a.groupKey,
      distinctName: a.distinctKey,
      combination,
    });
    return aggregates.length - 1;
  };
  const levels = doc.levels.map((l, i): CompiledLevel => {
    const at = `/levels/${i}`;
    if (seen.has(l.level)) c.error("compile_escalation_duplicate_level", `${at}/level`, `level "${l.level}" is already /levels/${seen.get(l.level)}`);
    seen.set(l.level, i);
    const hasCriterion = l.when !== undefined || l.age !== undefined || l.aggregate !== undefined || (l.combinations?.length ?? 0) > 0;
    if (i === 0 && hasCriterion) c.error("compile_escalation_first_level_criterion", at, `"${l.level}" is the first level, which every case has from its opening: move its criteria to a higher level`);
    if (i > 0 && !hasCriterion) c.error("compile_escalation_unreachable_level", at, `"${l.level}" can never be reached: give it a "when" condition, an "age", an "aggregate" or "combinations"`);
    const when = l.when === undefined ? null : c.condition(l.when, `levels/${i}/when`);
    const ageMs = l.age === undefined ? null : (c.duration(l.age, `levels/${i}/age`) ?? 0);
    ageQueues[i]!.ageMs = ageMs;
    const own = l.aggregate ? aggregate(l.aggregate, i, null, `levels/${i}/aggregate`) : null;
    const combinations = (l.combinations ?? []).map((k, j): CompiledCombination => {
      const base = `levels/${i}/combinations/${j}`;
      const cw = k.when === undefined ? null : c.condition(k.when, `${base}/when`);
      const cAge = k.age === undefined ? null : (c.duration(k.age, `${base}/age`) ?? 0);
      let ageQueue: number | null = null;
      if (cAge !== null) {
        ageQueue = ageQueues.length;
        ageQueues.push({ level: i, combination: j, ageMs: cAge });
      }
      return { when: cw?.predicate ?? null, explain: cw?.explain ?? null, ageMs: cAge, ageQueue, aggregate: k.aggregate ? aggregate(k.aggregate, i, j, `${base}/aggregate`) : null };
    });
    return { name: l.level, owner: l.owner, when: when?.predicate ?? null, explain: when?.explain ?? null, ageMs, aggregate: own, combinations };
  });
  const longest = Math.max(0, ...ageQueues.map((q) => q.ageMs ?? 0), ...aggregates.map((a) => a.withinMs));
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
    ageQueues,
    retentionMs: longest + RETENTION_MARGIN_MS,
  };
  return c.finish(standard);
}
