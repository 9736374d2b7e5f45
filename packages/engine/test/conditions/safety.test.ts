/**
 * Hostile input: prototype pollution attempts through conditions, paths and facts, and
 * paths that would make jsonpath-plus run a script. Nothing may change a prototype, and
 * no path may ever reach jsonpath-plus.
 */
import { describe, expect, it } from "vitest";
import { compileCondition } from "../../src/conditions/compile-condition.js";
import { compileMatcherIndex } from "../../src/conditions/matchers.js";
import { createReferenceEngine, evaluateReference } from "../../src/json-rules-engine/reference-engine.js";
import type { Facts } from "../../src/evaluate/model.js";

const snapshot = () =>
  [Object.prototype, Array.prototype, Function.prototype, String.prototype].map((p) =>
    Object.getOwnPropertyNames(p).sort().map((k) => [k, typeof (Object.getOwnPropertyDescriptor(p, k)?.value ?? "accessor")]),
  );

const HOSTILE_CONDITIONS = [
  '{"__proto__": {"polluted": 1}, "all": []}',
  '{"all": [{"__proto__": {"polluted": 1}, "fact": "data", "operator": "equal", "value": 1}]}',
  '{"fact": "data", "operator": "equal", "value": {"__proto__": {"polluted": 1}}}',
  '{"fact": "data", "operator": "in", "value": [{"__proto__": {"polluted": 1}}]}',
  '{"fact": "data", "path": "$.__proto__.polluted", "operator": "equal", "value": 1}',
  '{"fact": "data", "path": "$[\\"__proto__\\"]", "operator": "equal", "value": 1}',
  '{"fact": "data", "path": "$.constructor.prototype.polluted", "operator": "equal", "value": 1}',
  '{"fact": "__proto__", "operator": "equal", "value": 1}',
  '{"fact": "constructor", "operator": "equal", "value": 1}',
  '{"fact": "data", "operator": "__proto__", "value": 1}',
  '{"fact": "data", "operator": "toString", "value": 1}',
  '{"any": [{"fact": "data", "path": "$.polluted", "operator": "equal", "value": 1}], "constructor": {"prototype": {"polluted": 1}}}',
];

const HOSTILE_FACTS: Facts = JSON.parse(
  '{"data": {"__proto__": {"polluted": 1}, "constructor": {"prototype": {"polluted": 1}}, "x": 1}, "event": {"__proto__": null}, "subject": {"toString": 1, "valueOf": 1}}',
);

describe("prototype pollution", () => {
  it("compiling and evaluating hostile conditions and facts changes no prototype", async () => {
    const before = snapshot();
    const outcomes: unknown[] = [];
    for (const text of HOSTILE_CONDITIONS) {
      const r = compileCondition(JSON.parse(text), "/c");
      outcomes.push(r.ok ? r.predicate(HOSTILE_FACTS) : r.diagnostics.map((d) => d.code));
      if (r.ok) outcomes.push(await evaluateReference(JSON.parse(text), HOSTILE_FACTS));
    }
    expect(outcomes).toEqual([
      ["compile_condition_invalid"],
      ["compile_condition_invalid"],
      false,
      false,
      false,
      false,
      ["compile_path_forbidden"],
      ["compile_path_forbidden"],
      ["compile_path_forbidden"],
      ["compile_unknown_fact"],
      ["compile_unknown_fact"],
      ["compile_unknown_operator"],
      ["compile_unknown_operator"],
      ["compile_condition_invalid"],
    ]);
    expect(snapshot()).toEqual(before);
    expect([({} as any).polluted, ([] as any).polluted, Object.prototype.hasOwnProperty.call(Object.prototype, "polluted")]).toEqual([undefined, undefined, false]);
  });

  it("reads an own __proto__ key of data as missing data, not as a prototype", () => {
    const r = compileCondition({ any: [{ fact: "data", path: "$.polluted", operator: "equal", value: 1 }, { fact: "data", path: "$.x", operator: "equal", value: 1 }] }, "");
    expect(r.ok && [r.predicate(HOSTILE_FACTS), r.explain(HOSTILE_FACTS)]).toEqual([true, ["data.x = 1 (equal 1)"]]);
  });

  it("a policy with hostile matchers does not compile and changes no prototype", () => {
    const before = snapshot();
    const doc = JSON.parse(
      '{"standards": [{"kind": "timing", "start": {"event": "a.b", "when": {"fact": "data", "path": "$.__proto__.x", "operator": "equal", "value": 1}}, "stop": "a.c"}]}',
    );
    expect(compileMatcherIndex(doc)).toEqual({
      ok: false,
      diagnostics: [
        { code: "compile_path_forbidden", severity: "error", message: 'path "$.__proto__.x" names "__proto__", which is never allowed (it reaches object prototypes)', path: "/standards/0/start/when/path" },
      ],
    });
    expect(snapshot()).toEqual(before);
  });
});

describe("the reference engine never hands a path to jsonpath-plus", () => {
  it("rejects paths that are not plain instead of evaluating them", async () => {
    (globalThis as any).__yardstickScriptRan = false;
    const script = "$[?(@.constructor.constructor('globalThis.__yardstickScriptRan = true')())]";
    const facts = { data: { a: { b: 1 } }, event: {}, subject: {} } as unknown as Facts;
    const outcomes = [];
    for (const path of ["$..b", script]) {
      outcomes.push(await evaluateReference({ fact: "data", path, operator: "equal", value: 1 }, facts).then(String, (e) => [e.name, e.code]));
    }
    expect(outcomes).toEqual([
      ["YardstickError", "policy_invalid"],
      ["YardstickError", "policy_invalid"],
    ]);
    expect((globalThis as any).__yardstickScriptRan).toBe(false);
    delete (globalThis as any).__yardstickScriptRan;
  });

  it("keeps every result when 1,000 runs overlap on one reference engine", async () => {
    const reference = createReferenceEngine([
      { name: "even", condition: { fact: "data", path: "$.n", operator: "in", value: [0, 2, 4, 6, 8] } },
      { name: "big", condition: { fact: "data", path: "$.n", operator: "greaterThanInclusive", value: 5 } },
    ]);
    // Staggered starts: on a bare Engine this loses about a third of the results (one
    // run finishing marks the shared Engine finished while others are still running).
    const runs: Promise<string[]>[] = [];
    for (let i = 0; i < 1000; i++) {
      runs.push(reference.run({ data: { n: i % 10 }, event: {}, subject: {} } as unknown as Facts));
      for (let k = 0; k < i % 7; k++) await null;
    }
    const got = await Promise.all(runs);
    const want = Array.from({ length: 1000 }, (_, i) => [...(i % 2 === 0 ? ["even"] : []), ...(i % 10 >= 5 ? ["big"] : [])]);
    expect(got).toEqual(want);
  });
});
