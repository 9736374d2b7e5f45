/**
 * The one adapter around json-rules-engine (the only folder that imports it). The
 * library is the reference semantics for conditions: conditions/ compiles them into
 * synchronous closures, and tests and benchmarks compare the two through this adapter.
 *
 * Three things the library does that we must not inherit:
 * - paths go to jsonpath-plus (filter scripts, past RCE bugs): every Engine here gets a
 *   `pathResolver` that reads plain paths with our own-property resolver;
 * - an Engine keeps its run status on itself, so overlapping `run()` calls on one Engine
 *   lose events: each ReferenceEngine runs one evaluation at a time (a queue);
 * - results come back in promise-resolution order: we sort them by rule order.
 *
 * Our own operators (containsAny, matches, exists, notExists: conditions/operators.ts)
 * are registered on every Engine as custom operators, written here from their
 * definition rather than by reusing the compiled closures, so the differential test
 * compares two writings of them. Both share the text folding and RE2 itself.
 */
import { Engine, type RuleProperties, type TopLevelCondition } from "json-rules-engine";
import type { Facts } from "../evaluate/model.js";
import { YardstickError } from "../errors.js";
import { parsePath, resolvePath, type PathSegment } from "../conditions/path.js";
import { listMatchers } from "../conditions/matchers.js";
import { compilePattern, foldText } from "../conditions/text-operators.js";

/** A compiled pattern per pattern text (the library hands operators the raw value each time); cleared when it grows past PATTERN_CACHE. */
const patterns = new Map<string, (text: unknown) => boolean>();
const PATTERN_CACHE = 1000;

/** Our operators as json-rules-engine custom operators: (fact value, condition value) → outcome. */
const CUSTOM_OPERATORS: ReadonlyArray<[string, (factValue: unknown, value: unknown) => boolean]> = [
  ["containsAny", (x, words) => typeof x === "string" && (words as string[]).some((w) => foldText(x).includes(foldText(w)))],
  [
    "matches",
    (x, pattern) => {
      const source = pattern as string;
      let test = patterns.get(source);
      if (test === undefined) {
        const r = compilePattern(source);
        if (!r.ok) throw new YardstickError("policy_invalid", r.message, { pattern: source });
        if (patterns.size >= PATTERN_CACHE) patterns.clear();
        patterns.set(source, (test = r.test));
      }
      return test(x);
    },
  ],
  ["exists", (x) => x !== undefined && x !== null],
  ["notExists", (x) => x === undefined || x === null],
];

/** A named condition for the reference engine. */
export interface ReferenceRule {
  name: string;
  /** Any condition (a leaf too): it is wrapped in a one-element `all`, which changes nothing. */
  condition: unknown;
}

/** Evaluates its rules one run at a time, whatever the caller's concurrency. */
export interface ReferenceEngine {
  /** Names of the rules whose condition holds for `facts`, in the order the rules were given. */
  run(facts: Facts): Promise<string[]>;
}

/**
 * A json-rules-engine `pathResolver`: plain paths only, own properties only, parsed
 * once per path. A path that is not plain never reaches it from a compiled policy; if
 * one does, it throws (the library then rejects the run) rather than falling back to
 * jsonpath-plus.
 */
export function createPathResolver(): (value: object, path: string) => unknown {
  const parsed = new Map<string, readonly PathSegment[]>();
  return (value, path) => {
    let segments = parsed.get(path);
    if (segments === undefined) {
      const p = parsePath(path);
      if (p === null) throw new YardstickError("policy_invalid", `condition path ${JSON.stringify(path)} is not a plain member/index path`, { path });
      segments = Object.freeze(p);
      parsed.set(path, segments);
    }
    return resolvePath(value, segments);
  };
}

/**
 * Builds a reference engine over `rules`. The json-rules-engine Engine is built once
 * and never runs two evaluations at the same time.
 * @example const ref = createReferenceEngine([{ name: "big", condition: { fact: "data", path: "$.n", operator: "greaterThan", value: 4 } }]);
 * await ref.run(facts) // ["big"] when data.n > 4
 */
export function createReferenceEngine(rules: readonly ReferenceRule[]): ReferenceEngine {
  const order = new Map<string, number>();
  rules.forEach((r, i) => {
    if (order.has(r.name)) throw new YardstickError("policy_invalid", `rule name "${r.name}" is used twice`, { name: r.name });
    order.set(r.name, i);
  });
  const engine = new Engine([], { pathResolver: createPathResolver(), allowUndefinedFacts: false });
  for (const [name, callback] of CUSTOM_OPERATORS) engine.addOperator(name, callback);
  for (const r of rules) {
    const rule: RuleProperties = {
      name: r.name,
      // The library writes into condition objects (it parses `priority` in place): give it a copy.
      conditions: { all: [structuredClone(r.condition)] } as TopLevelCondition,
      event: { type: "matched", params: { rule: r.name } },
    };
    engine.addRule(rule);
  }
  let tail: Promise<unknown> = Promise.resolve();
  const runOnce = async (facts: Facts): Promise<string[]> => {
    const { results } = await engine.run({ data: facts.data, event: facts.event, subject: facts.subject });
    return results.map((r) => r.name).sort((a, b) => order.get(a)! - order.get(b)!);
  };
  return {
    run(facts) {
      const next = tail.then(() => runOnce(facts));
      tail = next.catch(() => undefined);
      return next;
    },
  };
}

/**
 * One condition on one set of facts, by json-rules-engine (a fresh Engine per call).
 * @example await evaluateReference({ fact: "data", path: "$.vip", operator: "equal", value: true }, facts)
 */
export async function evaluateReference(condition: unknown, facts: Facts): Promise<boolean> {
  const held = await createReferenceEngine([{ name: "condition", condition }]).run(facts);
  return held.length === 1;
}

/**
 * A policy document's matchers as reference rules, named by the matcher's JSON pointer:
 * condition = all[ event.type equals the matcher's event, its `when` if any ].
 * @example matcherRules(doc)[0] // {name: "/standards/0/start", condition: {all: [{fact: "event", path: "$.type", operator: "equal", value: "guest.seated"}]}}
 */
export function matcherRules(doc: unknown): ReferenceRule[] {
  return listMatchers(doc).map((m) => {
    const type = { fact: "event", path: "$.type", operator: "equal", value: m.event };
    return { name: m.pointer, condition: { all: m.when ? [type, m.when.condition] : [type] } };
  });
}
