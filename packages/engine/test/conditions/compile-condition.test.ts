import { describe, expect, it } from "vitest";
import { compileCondition, explainCondition, MAX_CONDITION_DEPTH } from "../../src/conditions/compile-condition.js";
import { checkPath, displayPath, parsePath, resolvePath } from "../../src/conditions/path.js";
import type { Facts } from "../../src/evaluate/model.js";

const facts = (data: unknown, subject: unknown = {}): Facts =>
  ({ data, event: { id: "e1", type: "guest.seated", subject: "s1", time: "2026-11-22T12:00:00+08:00" }, subject }) as Facts;

const leaf = (path: unknown, operator = "equal", value: unknown = 1): Record<string, unknown> => ({ fact: "data", path, operator, value });

function diagnostics(json: unknown, pointer = "/w"): unknown {
  const r = compileCondition(json, pointer);
  return r.ok ? "compiled" : r.diagnostics;
}

function predicate(json: unknown) {
  const r = compileCondition(json, "");
  if (!r.ok) throw new Error(JSON.stringify(r.diagnostics));
  return r.predicate;
}

describe("paths", () => {
  it("parses plain member and index paths", () => {
    expect([parsePath("$"), parsePath("$.a.b"), parsePath("$.a[0]"), parsePath('$["x y"].z'), parsePath("$.lines[12].sku-code")]).toEqual([
      [],
      ["a", "b"],
      ["a", 0],
      ["x y", "z"],
      ["lines", 12, "sku-code"],
    ]);
  });

  it("refuses prototype segments in any spelling", () => {
    expect(["$.__proto__", '$["__proto__"].x', "$.a.constructor", '$.a["prototype"]'].map((p) => checkPath(p))).toEqual([
      { ok: false, code: "compile_path_forbidden", message: 'path "$.__proto__" names "__proto__", which is never allowed (it reaches object prototypes)' },
      { ok: false, code: "compile_path_forbidden", message: 'path "$[\\"__proto__\\"].x" names "__proto__", which is never allowed (it reaches object prototypes)' },
      { ok: false, code: "compile_path_forbidden", message: 'path "$.a.constructor" names "constructor", which is never allowed (it reaches object prototypes)' },
      { ok: false, code: "compile_path_forbidden", message: 'path "$.a[\\"prototype\\"]" names "prototype", which is never allowed (it reaches object prototypes)' },
    ]);
  });

  it("refuses filters, wildcards, recursion, slices, scripts and relative paths", () => {
    const refused = ["a.b", "$..a", "$.a[*]", "$[?(@.x > 1)]", "$.a[0:2]", "$['a']", "$.a.", "$[(@.length-1)]", "@.a", ""];
    expect(refused.map((p) => checkPath(p).ok)).toEqual(refused.map(() => false));
    expect(refused.map((p) => (checkPath(p) as { code: string }).code)).toEqual(refused.map(() => "compile_path_unsupported"));
  });

  it("reads own properties only", () => {
    const value = JSON.parse('{"a": [{"b": 1}], "s": "text", "__proto__": {"hidden": 1}}');
    expect([
      resolvePath(value, ["a", 0, "b"]),
      resolvePath(value, ["a", "length"]),
      resolvePath(value, ["s", "length"]),
      resolvePath(value, ["toString"]),
      resolvePath(value, ["hidden"]),
      resolvePath(value, ["a", 3]),
      resolvePath(null, ["a"]),
    ]).toEqual([1, 1, undefined, undefined, undefined, undefined, undefined]);
  });

  it("displays paths as a reader writes them", () => {
    expect([displayPath("data", []), displayPath("data", ["lines", 0, "sku"]), displayPath("subject", ["x y", "sku-code"])]).toEqual([
      "data",
      "data.lines[0].sku",
      'subject["x y"]["sku-code"]',
    ]);
  });
});

describe("compileCondition diagnostics", () => {
  it("reports forbidden and unsupported paths at the path's pointer", () => {
    expect(diagnostics({ all: [leaf("$.__proto__.polluted"), leaf("$..x"), leaf(5)] })).toEqual([
      { code: "compile_path_forbidden", severity: "error", message: 'path "$.__proto__.polluted" names "__proto__", which is never allowed (it reaches object prototypes)', path: "/w/all/0/path" },
      { code: "compile_path_unsupported", severity: "error", message: 'path "$..x" is not a plain member/index path at character 1: only ".name", "[0]" and "[\\"name\\"]" are allowed (no filters, wildcards, slices or scripts)', path: "/w/all/1/path" },
      { code: "compile_condition_invalid", severity: "error", message: '"path" must be a string such as "$.partySize", got number 5', path: "/w/all/2/path" },
    ]);
  });

  it("reports every problem, sorted by pointer (indexes numerically)", () => {
    const many = { any: Array.from({ length: 12 }, (_, i) => (i % 5 === 0 ? { fact: "weather", operator: "equal", value: 1 } : leaf("$.a", "equal", 1))) };
    many.any[11] = { fact: "data", operator: "in", value: "abc" };
    many.any[2] = { fact: "data", operator: "between", value: [1, 2] };
    expect(diagnostics(many)).toEqual([
      { code: "compile_unknown_fact", severity: "error", message: 'unknown fact "weather": use "data", "event" or "subject"', path: "/w/any/0/fact" },
      { code: "compile_unknown_operator", severity: "error", message: 'unknown operator "between": use equal, notEqual, lessThan, lessThanInclusive, greaterThan, greaterThanInclusive, in, notIn, contains, doesNotContain, containsAny, matches, exists or notExists', path: "/w/any/2/operator" },
      { code: "compile_unknown_fact", severity: "error", message: 'unknown fact "weather": use "data", "event" or "subject"', path: "/w/any/5/fact" },
      { code: "compile_unknown_fact", severity: "error", message: 'unknown fact "weather": use "data", "event" or "subject"', path: "/w/any/10/fact" },
      { code: "compile_value_not_array", severity: "error", message: '"in" needs an array value such as ["a", "b"], got the string "abc"', path: "/w/any/11/value" },
    ]);
  });

  it("reports malformed conditions", () => {
    expect(
      diagnostics({
        all: [
          null,
          [],
          {},
          { all: [], any: [] },
          { any: {} },
          { not: [] },
          { condition: "shared" },
          { all: [], fact: "data" },
          { fact: "data", operator: "equal", value: 1, pth: "$.a", name: 3, priority: 0 },
          { fact: "data", operator: "greaterThan", value: [4] },
          { fact: "data", operator: "equal", value: { fact: "subject", path: "$.limit" } },
          { fact: "data", operator: "equal", value: 1, params: "x" },
          { fact: "data", operator: "equal", value: 1, "a/b~": 1 },
        ],
      }),
    ).toEqual([
      { code: "compile_condition_invalid", severity: "error", message: 'a condition must be an object with "all", "any", "not" or "fact", got null', path: "/w/all/0" },
      { code: "compile_condition_invalid", severity: "error", message: 'a condition must be an object with "all", "any", "not" or "fact", got an array', path: "/w/all/1" },
      { code: "compile_condition_invalid", severity: "error", message: 'the condition has no "fact"', path: "/w/all/2" },
      { code: "compile_condition_invalid", severity: "error", message: 'the condition has no "operator"', path: "/w/all/2" },
      { code: "compile_condition_invalid", severity: "error", message: 'the condition has no "value"', path: "/w/all/2" },
      { code: "compile_condition_invalid", severity: "error", message: 'a condition has one of "all", "any", "not", not "all" and "any"', path: "/w/all/3" },
      { code: "compile_condition_invalid", severity: "error", message: '"any" must be an array of conditions, got an object', path: "/w/all/4/any" },
      { code: "compile_condition_invalid", severity: "error", message: 'a condition must be an object with "all", "any", "not" or "fact", got an array', path: "/w/all/5/not" },
      { code: "compile_condition_invalid", severity: "error", message: "condition references are not supported: write the condition out", path: "/w/all/6/condition" },
      { code: "compile_condition_invalid", severity: "error", message: '"fact" is not allowed beside "all"', path: "/w/all/7/fact" },
      { code: "compile_condition_invalid", severity: "error", message: '"name" must be a string, got number 3', path: "/w/all/8/name" },
      { code: "compile_condition_invalid", severity: "error", message: '"priority" must be an integer of at least 1, got number 0', path: "/w/all/8/priority" },
      { code: "compile_condition_invalid", severity: "error", message: '"pth" is not a condition key (fact, operator, value, path, params, name, priority)', path: "/w/all/8/pth" },
      { code: "compile_value_not_comparable", severity: "error", message: '"greaterThan" compares with a number (or string), got an array', path: "/w/all/9/value" },
      { code: "compile_value_fact_reference", severity: "error", message: 'a value {"fact": …} would compare with another fact, which is not supported: compare with a literal value', path: "/w/all/10/value" },
      { code: "compile_condition_invalid", severity: "error", message: '"params" must be an object, got the string "x"', path: "/w/all/11/params" },
      { code: "compile_condition_invalid", severity: "error", message: '"a/b~" is not a condition key (fact, operator, value, path, params, name, priority)', path: "/w/all/12/a~1b~0" },
    ]);
  });

  it("accepts nesting up to MAX_CONDITION_DEPTH and reports one level more", () => {
    const nest = (levels: number): unknown => {
      let c: unknown = leaf("$.a");
      for (let i = 0; i < levels; i++) c = i % 2 ? { not: c } : { all: [c] };
      return c;
    };
    expect(compileCondition(nest(MAX_CONDITION_DEPTH), "").ok).toBe(true);
    const deepest = Array.from({ length: MAX_CONDITION_DEPTH }, (_, i) => ((MAX_CONDITION_DEPTH - i) % 2 ? "/not" : "/all/0")).join("");
    expect(diagnostics(nest(MAX_CONDITION_DEPTH + 1), "")).toEqual([
      { code: "compile_condition_too_deep", severity: "error", message: `conditions nest deeper than ${MAX_CONDITION_DEPTH} levels of "all"/"any"/"not"`, path: deepest },
    ]);
  });

  it("stops at the depth limit without overflowing the stack on 100,000 levels", () => {
    let c: unknown = leaf("$.a");
    for (let i = 0; i < 100_000; i++) c = { any: [c] };
    expect(diagnostics(c, "")).toEqual([
      { code: "compile_condition_too_deep", severity: "error", message: `conditions nest deeper than ${MAX_CONDITION_DEPTH} levels of "all"/"any"/"not"`, path: "/any/0".repeat(MAX_CONDITION_DEPTH) },
    ]);
  });

  it("compiles and evaluates a condition of 200,000 leaves, and reports 200,000 bad ones", { timeout: 60_000 }, () => {
    const wide = { all: Array.from({ length: 200_000 }, (_, i) => leaf("$.n", "lessThan", i + 1)) };
    const p = predicate(wide);
    expect([p(facts({ n: 0 })), p(facts({ n: 1 }))]).toEqual([true, false]);
    const bad = { any: Array.from({ length: 200_000 }, () => leaf("$.n", "near", 1)) };
    const r = compileCondition(bad, "");
    expect(r.ok ? 0 : [r.diagnostics.length, r.diagnostics[0]?.path, r.diagnostics[199_999]?.path]).toEqual([200_000, "/any/0/operator", "/any/199999/operator"]);
  });
});

describe("compiled predicates", () => {
  it("follow json-rules-engine on the edge cases that matter", () => {
    const cases: [unknown, Facts, boolean][] = [
      [{ all: [] }, facts({}), true],
      [{ any: [] }, facts({}), true],
      [{ not: { any: [] } }, facts({}), false],
      [leaf("$.n", "greaterThan", 4), facts({ n: "6" }), true],
      [leaf("$.n", "greaterThan", 4), facts({ n: "6kg" }), false],
      [leaf("$.n", "lessThan", 10), facts({ n: [5] }), true],
      [leaf("$.n", "lessThan", "10"), facts({ n: "5" }), false],
      [leaf("$.n", "greaterThanInclusive", 0), facts({ n: null }), false],
      [leaf("$.n", "lessThan", 1), facts({}), false],
      [leaf("$.n", "notEqual", 1), facts({}), true],
      [leaf("$.n", "notIn", [1]), facts({}), true],
      [leaf("$.n", "in", [null]), facts({ n: null }), true],
      [leaf("$.n", "contains", "a"), facts({ n: "abc" }), false],
      [leaf("$.n", "doesNotContain", "a"), facts({ n: "xyz" }), false],
      [leaf("$.n", "doesNotContain", "a"), facts({ n: ["b"] }), true],
      [leaf("$.n", "equal", 7), facts(7), true],
      [leaf("$.n", "equal", null), facts(null), true],
    ];
    expect(cases.map(([c, f]) => predicate(c)(f))).toEqual(cases.map(([, , want]) => want));
  });

  it("never throws on data whose conversion to a number throws", () => {
    const hostile = JSON.parse('{"n": {"toString": 1}, "m": [{"toString": 1}]}');
    expect([predicate(leaf("$.n", "greaterThan", 1))(facts(hostile)), predicate(leaf("$.m", "lessThan", 1))(facts(hostile))]).toEqual([false, false]);
  });

  it("keeps a private copy of the value", () => {
    const value = ["a", "b"];
    const p = predicate(leaf("$.x", "in", value));
    value.push("c");
    expect([p(facts({ x: "a" })), p(facts({ x: "c" }))]).toEqual([true, false]);
  });
});

describe("explain", () => {
  it("names the leaves that decided the outcome, with the values read", () => {
    const c = {
      any: [
        { name: "large party", fact: "data", path: "$.partySize", operator: "greaterThan", value: 4 },
        { all: [{ fact: "data", path: "$.vip", operator: "equal", value: true }, { fact: "subject", path: '$["table zone"]', operator: "in", value: ["window", "terrace"] }] },
      ],
    };
    expect(explainCondition(c, facts({ partySize: 6, vip: false }, { "table zone": "window" }))).toEqual(["large party: data.partySize = 6 (greaterThan 4)"]);
    expect(explainCondition(c, facts({ partySize: 2, vip: true }, { "table zone": "terrace" }))).toEqual([
      'data.vip = true (equal true)',
      'subject["table zone"] = "terrace" (in ["window","terrace"])',
    ]);
    expect(explainCondition(c, facts({ partySize: 2 }))).toEqual([
      "large party: data.partySize = 2 (not greaterThan 4)",
      "data.vip is missing (not equal true)",
      'subject["table zone"] is missing (not in ["window","terrace"])',
    ]);
    expect(explainCondition({ name: "not a walk-in", not: leaf("$.walkIn", "equal", true) }, facts({ walkIn: false }))).toEqual([
      "not a walk-in: data.walkIn = false (not equal true)",
    ]);
  });

  it("is also returned by compileCondition and has nothing for an invalid condition", () => {
    const r = compileCondition(leaf("$.items", "contains", "wine"), "");
    expect(r.ok && r.explain(facts({ items: ["wine", "bread"] }))).toEqual(['data.items = ["wine","bread"] (contains "wine")']);
    expect(explainCondition({ all: 1 }, facts({}))).toEqual([]);
  });
});
