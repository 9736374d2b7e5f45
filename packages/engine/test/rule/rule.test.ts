/**
 * The rule kind and the operators and declared types it brought (issue 11, items 1, 2
 * and 8): compile errors located by line and column, the decisions a rule makes through
 * replay, step and the unit API, the structural and behavioural diff, and patterns that
 * cannot run away.
 */
import { describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { checkPolicyText, compilePolicy, diffBehaviour, diffPolicies, initialState, normalizeEvent, replayEvents, step, stepUnit } from "../../src/index.js";
import { compileCondition } from "../../src/conditions/compile-condition.js";
import type { Decision, NormalizedEvent, PolicyDoc, YardstickEvent } from "../../src/types.js";

const POLICIES = join(import.meta.dirname, "../../../../policies");
const load = (name: string) => JSON.parse(readFileSync(join(POLICIES, `${name}.policy.json`), "utf8")) as PolicyDoc;

/** A one-rule policy over `cash.withdrawn` with typed data, as text (for line/column). */
function rulePolicy(require: unknown): string {
  const doc = {
    id: "typed",
    title: "Typed",
    events: {
      "cash.withdrawn": {
        data: {
          amount: { type: "number" },
          idsChecked: { type: "string-list" },
          note: { type: "string" },
          untyped: "a field described only",
        },
      },
    },
    standards: [{ id: "B1", kind: "rule", title: "Withdrawals of 50,000 or more need an ID check", on: "cash.withdrawn", require }],
  };
  return JSON.stringify(doc, null, 2);
}

const located = (text: string) => {
  const r = checkPolicyText(text);
  return r.diagnostics.filter((d) => d.stage !== "lint").map((d) => ({ code: d.code, path: d.path, line: d.line, column: d.column }));
};

describe("declared types of event data", () => {
  it("comparing a number field with the string \"5\" is a compile error with line and column", () => {
    const text = rulePolicy({ fact: "data", path: "$.amount", operator: "greaterThan", value: "5" });
    const line = text.split("\n").findIndex((l) => l.includes('"value": "5"')) + 1;
    expect(located(text)).toEqual([{ code: "compile_type_mismatch", path: "/standards/0/require/value", line, column: text.split("\n")[line - 1]!.indexOf('"value"') + 1 }]);
    expect(checkPolicyText(text).diagnostics.find((d) => d.code === "compile_type_mismatch")?.message).toBe('data.amount is declared a number in "cash.withdrawn": compare it with a number, not the string "5"');
  });

  it("a list operator on a string, containsAny on a number, equal on a list: errors at the operator", () => {
    const cases: Array<[unknown, string]> = [
      [{ fact: "data", path: "$.note", operator: "contains", value: "x" }, 'data.note is declared a string in "cash.withdrawn": "contains" tests a list; to find words in a text use "containsAny"'],
      [{ fact: "data", path: "$.amount", operator: "containsAny", value: ["5"] }, 'data.amount is declared a number in "cash.withdrawn": "containsAny" reads text'],
      [{ fact: "data", path: "$.idsChecked", operator: "equal", value: "holder" }, 'data.idsChecked is declared a string list in "cash.withdrawn": "equal" never matches a list (it compares identity); use "contains" or "doesNotContain"'],
      [{ fact: "data", path: "$.note", operator: "lessThan", value: 3 }, 'data.note is declared a string in "cash.withdrawn": "lessThan" compares numbers'],
    ];
    for (const [condition, message] of cases) {
      const r = checkPolicyText(rulePolicy(condition));
      expect(r.diagnostics.filter((d) => d.stage !== "lint").map((d) => [d.code, d.path, d.message])).toEqual([["compile_type_mismatch", "/standards/0/require/operator", message]]);
    }
  });

  it("values that fit, list items, null, presence, and undeclared fields compile", () => {
    for (const condition of [
      { fact: "data", path: "$.amount", operator: "greaterThanInclusive", value: 50000 },
      { fact: "data", path: "$.amount", operator: "in", value: [1, 2, null] },
      { fact: "data", path: "$.amount", operator: "equal", value: null },
      { fact: "data", path: "$.idsChecked", operator: "contains", value: "holder" },
      { fact: "data", path: "$.idsChecked[0]", operator: "equal", value: "holder" },
      { fact: "data", path: "$.note", operator: "matches", value: "^x" },
      { fact: "data", path: "$.amount", operator: "exists", value: true },
      { fact: "data", path: "$.untyped", operator: "greaterThan", value: "5" },
      { fact: "data", path: "$.other", operator: "contains", value: 1 },
      { fact: "subject", path: "$.amount", operator: "equal", value: "5" },
    ]) {
      expect(located(rulePolicy(condition)), JSON.stringify(condition)).toEqual([]);
    }
  });

  it("an in-list item of the wrong type is named", () => {
    const r = checkPolicyText(rulePolicy({ fact: "data", path: "$.amount", operator: "in", value: [1, "2"] }));
    expect(r.diagnostics.filter((d) => d.stage === "compile").map((d) => d.message)).toEqual(['data.amount is declared a number in "cash.withdrawn": the list holds the string "2", which it can never equal']);
  });

  it("matcher conditions are typed by their own event; a field typed differently in two events is not", () => {
    const doc = JSON.parse(rulePolicy({ fact: "data", path: "$.amount", operator: "exists", value: true })) as PolicyDoc & { events: Record<string, unknown> };
    doc.events["cash.deposited"] = { data: { amount: { type: "string" } } };
    const std = doc.standards[0] as Record<string, unknown>;
    std.on = [{ event: "cash.deposited", when: { fact: "data", path: "$.amount", operator: "greaterThan", value: 5 } }];
    expect(located(JSON.stringify(doc)).map((d) => [d.code, d.path])).toEqual([["compile_type_mismatch", "/standards/0/on/0/when/operator"]]);
    std.on = ["cash.deposited", "cash.withdrawn"];
    std.require = { fact: "data", path: "$.amount", operator: "equal", value: "5" };
    expect(located(JSON.stringify(doc))).toEqual([]);
  });
});

describe("operator values", () => {
  const diagnostics = (c: unknown) => {
    const r = compileCondition(c, "/c");
    return r.ok ? [] : r.diagnostics.map((d) => [d.code, d.path]);
  };
  it("containsAny needs non-empty words, exists needs true, matches needs a pattern RE2 accepts", () => {
    expect(diagnostics({ fact: "data", path: "$.t", operator: "containsAny", value: "不知道" })).toEqual([["compile_value_invalid", "/c/value"]]);
    expect(diagnostics({ fact: "data", path: "$.t", operator: "containsAny", value: [] })).toEqual([["compile_value_invalid", "/c/value"]]);
    expect(diagnostics({ fact: "data", path: "$.t", operator: "containsAny", value: ["a", ""] })).toEqual([["compile_value_invalid", "/c/value"]]);
    expect(diagnostics({ fact: "data", path: "$.t", operator: "containsAny", value: ["x".repeat(201)] })).toEqual([["compile_limit_exceeded", "/c/value/0"]]);
    expect(diagnostics({ fact: "data", path: "$.t", operator: "exists", value: false })).toEqual([["compile_value_invalid", "/c/value"]]);
    expect(diagnostics({ fact: "data", path: "$.t", operator: "matches", value: 5 })).toEqual([["compile_value_invalid", "/c/value"]]);
    expect(diagnostics({ fact: "data", path: "$.t", operator: "matches", value: "a".repeat(513) })).toEqual([["compile_limit_exceeded", "/c/value"]]);
  });

  it("a misspelt operator gets a did-you-mean and its fix", () => {
    for (const [written, meant] of [["containsany", "containsAny"], ["match", "matches"], ["exist", "exists"]] as const) {
      const r = compileCondition({ fact: "data", path: "$.t", operator: written, value: true }, "/c");
      expect(r.ok ? null : r.diagnostics.map((d) => [d.code, d.message.endsWith(`(did you mean "${meant}"?)`), d.fix])).toEqual([["compile_unknown_operator", true, { title: `Change to "${meant}"`, edits: [{ path: "/c/operator", value: meant }] }]]);
    }
  });

  it("a pattern that does not compile says why and where, and the check gives its line and column", () => {
    const r = compileCondition({ fact: "data", path: "$.t", operator: "matches", value: "工号(\\d+" }, "/c");
    expect(r.ok ? [] : r.diagnostics.map((d) => [d.code, d.message])).toEqual([
      ["compile_pattern_invalid", 'pattern "工号(\\\\d+" is not a safe pattern: missing closing ) at character 1 ("工号(\\\\d+"). Patterns use RE2 syntax; backreferences (\\1) and lookaround ((?=…), (?!…)) are not available because they cannot be matched in linear time'],
    ]);
    const text = rulePolicy({ fact: "data", path: "$.note", operator: "matches", value: "(a)\\1" });
    const line = text.split("\n").findIndex((l) => l.includes('"value": "(a)')) + 1;
    expect(located(text)).toEqual([{ code: "compile_pattern_invalid", path: "/standards/0/require/value", line, column: text.split("\n")[line - 1]!.indexOf('"value"') + 1 }]);
    for (const refused of ["(?=a)b", "(?!a)", "(?<=a)b", "a{1001}", "(a{1000}){1000}"]) expect(diagnostics({ fact: "data", path: "$.t", operator: "matches", value: refused }), refused).toEqual([["compile_pattern_invalid", "/c/value"]]);
  });
});

describe("text and presence operators", () => {
  const holds = (c: Record<string, unknown>, data: Record<string, unknown>) => {
    const r = compileCondition({ fact: "data", path: "$.t", ...c }, "");
    if (!r.ok) throw new Error(JSON.stringify(r.diagnostics));
    return r.predicate({ data, event: { id: "e", type: "x.y", subject: "s", time: "" }, subject: {} });
  };
  it("containsAny ignores case and width and finds Chinese inside a sentence", () => {
    const words = { operator: "containsAny", value: ["不知道", "Maybe", "ｗｉｆｉ"] };
    expect(holds(words, { t: "这个我也不知道" })).toBe(true);
    expect(holds(words, { t: "MAYBE later" })).toBe(true);
    expect(holds(words, { t: "ｍａｙｂｅ" })).toBe(true);
    expect(holds(words, { t: "the WiFi is down" })).toBe(true);
    expect(holds(words, { t: "知道了" })).toBe(false);
    expect(holds(words, { t: 5 })).toBe(false);
    expect(holds(words, { t: ["不知道"] })).toBe(false);
    expect(holds(words, {})).toBe(false);
  });
  it("matches sees the text as it is; (?i) ignores case; \\p{Nd} finds full-width digits", () => {
    expect(holds({ operator: "matches", value: "^PT\\d+M$" }, { t: "PT30M" })).toBe(true);
    expect(holds({ operator: "matches", value: "^PT\\d+M$" }, { t: "pt30m" })).toBe(false);
    expect(holds({ operator: "matches", value: "(?i)^PT\\d+M$" }, { t: "pt30m" })).toBe(true);
    expect(holds({ operator: "matches", value: "工号\\d{4}" }, { t: "工号１０２４" })).toBe(false);
    expect(holds({ operator: "matches", value: "工号\\p{Nd}{4}" }, { t: "工号１０２４" })).toBe(true);
    expect(holds({ operator: "matches", value: "a" }, { t: 1 })).toBe(false);
  });
  it("exists is false for a missing or null field (notEqual null is true for a missing one)", () => {
    for (const [data, present] of [[{}, false], [{ t: null }, false], [{ t: 0 }, true], [{ t: "" }, true], [{ t: false }, true]] as const) {
      expect(holds({ operator: "exists", value: true }, data), JSON.stringify(data)).toBe(present);
      expect(holds({ operator: "notExists", value: true }, data), JSON.stringify(data)).toBe(!present);
    }
    expect(holds({ operator: "notEqual", value: null }, {})).toBe(true);
  });
});

describe("adversarial patterns run in linear time", () => {
  // No timing threshold: a backtracking engine does not return from these in any test
  // timeout (2^50 steps); RE2 answers at once. bench/patterns.bench.js measures the ratio.
  it.each([
    ["(a+)+$", "a".repeat(50_000) + "!"],
    ["(a|a)*b", "a".repeat(50_000)],
    ["^(\\w+\\s?)*$", "word ".repeat(10_000) + "!"],
    ["(x+x+)+y", "x".repeat(50_000)],
  ])("%s on %#", (pattern, text) => {
    const r = compileCondition({ fact: "data", path: "$.t", operator: "matches", value: pattern }, "");
    expect(r.ok).toBe(true);
    if (r.ok) expect(r.predicate({ data: { t: text }, event: { id: "e", type: "x.y", subject: "s", time: "" }, subject: {} })).toBe(false);
  });
});

describe("a rule through replay, step and the unit API", () => {
  const policy = compilePolicy(load("counter-rules"));
  if (!policy.ok) throw new Error(JSON.stringify(policy.diagnostics));
  const events: YardstickEvent[] = [
    { id: "w1", type: "cash.withdrawn", subject: "branch-1", time: "2026-12-01T10:00:00+08:00", data: { amount: 60000, idsChecked: [] } },
    { id: "w2", type: "cash.withdrawn", subject: "branch-1", time: "2026-12-01T10:05:00+08:00", data: { amount: 70000, idsChecked: ["holder"] } },
    { id: "r1", type: "agent.replied", subject: "call-1", time: "2026-12-01T10:01:00+08:00", data: { text: "不可能" } },
  ];
  const replayed = replayEvents(policy.value, events);

  it("replay: one violation per violating event, none for the compliant one", () => {
    expect(replayed.map((d) => [d.standard, d.key, d.status, d.subject])).toEqual([
      ["B1", "B1/w1", "violation", "branch-1"],
      ["W1", "W1/r1", "violation", "call-1"],
    ]);
  });

  it("step, event by event, makes the same decisions; a duplicate changes nothing", () => {
    let state = initialState();
    const out: Decision[] = [];
    for (const e of [...events, events[0]!]) {
      const [next, ds] = step(policy.value, state, normalized(e));
      state = next;
      out.push(...ds);
    }
    expect(sorted(out)).toEqual(sorted(replayed));
  });

  it("stepUnit on the subject's unit makes the same decision and leaves an idle unit", () => {
    const [unit, ds] = stepUnit(policy.value, { subject: "branch-1", state: null }, normalized(events[0]!));
    expect(ds).toEqual(replayed.filter((d) => d.subject === "branch-1"));
    expect(unit?.slots).toEqual({ B1: {}, B2: {} });
  });

  it("the subject's facts so far are a fact: a rule may read what earlier events said", () => {
    const doc = load("counter-rules");
    // "No second large withdrawal in one visit without a supervisor": reads the visit's facts.
    doc.standards.push({ id: "B3", kind: "rule", title: "A withdrawal for a VIP visit is noted", on: "cash.withdrawn", forbid: { fact: "subject", path: "$.vip", operator: "equal", value: true } });
    (doc.events!["cash.withdrawn"]!.data as Record<string, unknown>).vip = { type: "boolean" };
    const p = compilePolicy(doc);
    if (!p.ok) throw new Error(JSON.stringify(p.diagnostics));
    const ds = replayEvents(p.value, [
      { id: "a", type: "cash.withdrawn", subject: "v", time: "2026-12-01T10:00:00Z", data: { amount: 10, vip: true } },
      { id: "b", type: "cash.withdrawn", subject: "v", time: "2026-12-01T10:01:00Z", data: { amount: 20 } },
    ]);
    expect(ds.map((d) => [d.standard, d.key, d.reasons])).toEqual([
      ["B3", "B3/a", ["forbidden: subject.vip = true (equal true)"]],
      ["B3", "B3/b", ["forbidden: subject.vip = true (equal true)"]],
    ]);
  });
});

describe("diff of rules", () => {
  const before = load("counter-rules");
  const after = structuredClone(before);
  const b1 = after.standards[0] as unknown as { on: { when: { value: number } } };
  b1.on.when.value = 30000;
  (after.standards[2] as Record<string, unknown>).forbid = { fact: "data", path: "$.text", operator: "containsAny", value: ["不知道"] };

  it("structural: the changed threshold and condition, in words", () => {
    expect(diffPolicies(before, after).map((c) => c.message)).toEqual([
      "B1 A cash withdrawal of 50,000 or more needs an identity check: on.when data.amount ≥ 50000 → data.amount ≥ 30000",
      'W1 No forbidden service wording in a reply: forbid data.text contains any of ["难道您不知道","刚才不是跟您说了吗","页面上不是有的吗","你不是说不要了吗","您还听不明白吗","不知道","好像","应该","不可能","don\'t you know","didn\'t i just tell you","i don\'t know","maybe","should be","impossible"] → data.text contains any of ["不知道"]',
    ]);
  });

  it("behavioural: a withdrawal of 40,000 without ID becomes a violation; a rhetorical question no longer is", () => {
    const a = compilePolicy(before);
    const b = compilePolicy(after);
    if (!a.ok || !b.ok) throw new Error("both compile");
    const events = [
      { id: "w", type: "cash.withdrawn", subject: "branch-1", time: "2026-12-01T10:00:00Z", data: { amount: 40000, idsChecked: [] } },
      { id: "r", type: "agent.replied", subject: "call-1", time: "2026-12-01T10:00:00Z", data: { text: "好像是吧" } },
    ];
    const diff = diffBehaviour(a.value, b.value, events);
    expect(diff.changes.map((c) => c.message)).toEqual(["branch-1 B1/w: none → violation", "call-1 W1/r: violation → none"]);
  });
});

function normalized(e: YardstickEvent): NormalizedEvent {
  const r = normalizeEvent(e);
  if (!r.ok) throw new Error(JSON.stringify(r.diagnostics));
  return r.value;
}

function sorted(ds: Decision[]): Decision[] {
  return [...ds].sort((x, y) => x.id.localeCompare(y.id));
}
