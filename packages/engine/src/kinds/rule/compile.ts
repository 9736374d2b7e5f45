/**
 * Compiles a `rule` standard (schema definition `rule`): a check of ONE event. When an
 * event matches `on` (a type, optionally with a condition saying when the rule applies),
 * its data, the event and the subject's facts so far must satisfy `require`, or must not
 * satisfy `forbid`; otherwise the event is a `violation`.
 *
 * "A cash withdrawal of 50,000 or more needs an ID check":
 * `on: {event: "cash.withdrawn", when: amount ≥ 50000}`, `require: idChecked equal true`.
 *
 * No codes of its own: the schema requires exactly one of `require`/`forbid`, and the
 * conditions and matchers report theirs (compile_type_mismatch against the declared
 * data types of the `on` events, compile_pattern_invalid, …).
 */
import type { ConditionJson, Diagnostic, LocalizedText, MatcherDoc } from "../../types.js";
import type { CompiledMatcher, CompiledStandardBase, FactRead, Facts, Predicate } from "../../evaluate/model.js";
import type { StandardDraft } from "../kind.js";
import { makeCollector, type CompileContext } from "../../compile/context.js";

/** The condition a rule checks: what must hold (`require`) or must not (`forbid`). */
export interface CompiledCheck {
  mode: "require" | "forbid";
  test: Predicate;
  explain: (f: Facts) => string[];
  trace: (f: Facts) => FactRead[];
}

export interface CompiledRule extends CompiledStandardBase {
  kind: "rule";
  on: CompiledMatcher[];
  check: CompiledCheck;
}

export interface RuleDoc {
  id: string;
  kind: "rule";
  title: LocalizedText;
  description?: LocalizedText;
  severity?: string;
  on: MatcherDoc | MatcherDoc[];
  require?: ConditionJson;
  forbid?: ConditionJson;
}

/** Compiles one rule standard found at `pointer`. */
export function compileRule(doc: RuleDoc, pointer: string, ctx: CompileContext): { standard: StandardDraft<CompiledRule> | null; diagnostics: Diagnostic[] } {
  const c = makeCollector(ctx, pointer);
  const on = c.matchers(doc.on, "on");
  // The schema allows exactly one of the two.
  const mode: CompiledCheck["mode"] = doc.require !== undefined ? "require" : "forbid";
  // Typed against the data of the `on` events (a field typed alike in all of them).
  const { predicate, explain, trace } = c.condition(mode === "require" ? doc.require : doc.forbid, mode, on.map((m) => m.event));
  // A condition that did not compile left its diagnostics: finish() returns null then.
  const check: CompiledCheck = { mode, test: predicate ?? (() => false), explain: explain ?? (() => []), trace: trace ?? (() => []) };
  const standard: StandardDraft<CompiledRule> = { id: doc.id, kind: "rule", title: doc.title, severity: doc.severity, events: c.events, on, check };
  return c.finish(standard);
}
