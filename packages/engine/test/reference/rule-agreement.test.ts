/**
 * Issue 11: the engine and the naive reference model of rules (ref-rule.ts) make the
 * same violations, with the same deciding facts, on generated rule policies (old and new
 * operators nested in all/any/not, over data and the subject's facts) and generated
 * event streams: by replay in time order, by replay of a shuffled stream with
 * duplicates, by step event by event, and by step in the shuffled arrival order (late
 * events rebuild the subject; the effective decisions agree). Fixed seed: CI never fails
 * by chance.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { compilePolicy, effectiveDecisions, initialState, replayEvents, step, type Decision } from "../../src/index.js";
import { toEngineEvents } from "./compare.js";
import { referenceRuleDecisions, type RuleDecision } from "./ref-rule.js";
import type { RefEvent } from "./ref-standard.js";

const TEXTS = ["", "abc", "ABC", "ａｂｃ", "我不知道", "好像是", "12", "a", "ba", "bc", "xx12yy", "Abc 不可能"];
const WORDS = ["a", "B", "ａｂ", "不知道", "好像", "12", "zz", "不可能"];
const PATTERNS = ["^a", "b$", "a+b?c", "(a|b)c", "^[0-9]+$", "不知道|好像", "\\d{2}", "^$", "(?i)^abc", "(?i)B", "^\\p{Han}"];
const TYPES = ["x.said", "x.paid"];

const text = fc.constantFrom(...TEXTS);
const amount = fc.oneof(fc.constantFrom(0, 5, 49_999, 50_000, 100_000), fc.constantFrom("5", "abc", null, true));
const tags = fc.subarray(["holder", "agent", "vip"]);

/** A leaf over one of the generated fields, with an operator that fits it (and some that do not). */
const leaf: fc.Arbitrary<Record<string, unknown>> = fc.oneof(
  fc.record({ fact: fc.constantFrom("data", "subject"), path: fc.constant("$.text"), operator: fc.constant("containsAny"), value: fc.subarray(WORDS, { minLength: 1, maxLength: 3 }) }),
  fc.record({ fact: fc.constantFrom("data", "subject"), path: fc.constant("$.text"), operator: fc.constant("matches"), value: fc.constantFrom(...PATTERNS) }),
  fc.record({ fact: fc.constantFrom("data", "subject"), path: fc.constantFrom("$.text", "$.amount", "$.tags", "$.none"), operator: fc.constantFrom("exists", "notExists"), value: fc.constant(true) }),
  fc.record({ fact: fc.constantFrom("data", "subject"), path: fc.constant("$.amount"), operator: fc.constantFrom("greaterThanInclusive", "lessThan"), value: fc.constantFrom(5, 50_000, 100_000) }),
  fc.record({ fact: fc.constant("data"), path: fc.constant("$.amount"), operator: fc.constantFrom("equal", "notEqual"), value: fc.constantFrom(5, "5", null, 50_000) }),
  fc.record({ fact: fc.constant("data"), path: fc.constant("$.tags"), operator: fc.constantFrom("contains", "doesNotContain"), value: fc.constantFrom("holder", "agent") }),
  fc.record({ fact: fc.constant("data"), path: fc.constant("$.text"), operator: fc.constantFrom("in", "notIn"), value: fc.subarray(TEXTS, { minLength: 1, maxLength: 4 }) }),
);
const condition: fc.Arbitrary<Record<string, unknown>> = fc.letrec<{ c: Record<string, unknown> }>((tie) => ({
  c: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    leaf,
    fc.record({ all: fc.array(tie("c"), { maxLength: 3 }) }),
    fc.record({ any: fc.array(tie("c"), { maxLength: 3 }) }),
    fc.record({ not: tie("c") }),
  ),
})).c;

const matcher = fc.oneof(fc.constantFrom(...TYPES), fc.record({ event: fc.constantFrom(...TYPES), when: condition }));
const rule = (i: number) =>
  fc.tuple(fc.oneof(matcher, fc.array(matcher, { minLength: 1, maxLength: 2 })), fc.boolean(), condition, fc.constantFrom(undefined, "minor", "critical")).map(([on, requires, c, severity]) => ({
    id: `R${i}`,
    kind: "rule",
    title: `rule ${i}`,
    ...(severity ? { severity } : {}),
    on,
    ...(requires ? { require: c } : { forbid: c }),
  }));
const policy = fc.integer({ min: 1, max: 3 }).chain((n) => fc.tuple(...Array.from({ length: n }, (_, i) => rule(i + 1)))).map((standards) => ({ id: "gen", title: "generated", standards }));

const data = fc.record({ text, amount, tags }, { requiredKeys: [] });
const stream: fc.Arbitrary<RefEvent[]> = fc
  .array(fc.tuple(fc.constantFrom(...TYPES), fc.constantFrom("s1", "s2"), fc.integer({ min: 0, max: 20 }), data), { minLength: 1, maxLength: 12 })
  .map((list) => list.map(([type, subject, minute, d], i) => ({ id: `e${String(i).padStart(2, "0")}`, type, subject, t: Date.UTC(2026, 11, 1, 9, minute), data: d as Record<string, unknown> })));

function fromEngine(d: Decision): RuleDecision {
  const facts = (d.details?.facts ?? []) as Array<{ path: string; read?: unknown; held: boolean }>;
  return {
    standard: d.standard,
    subject: d.subject,
    key: d.key,
    status: d.status,
    at: Date.parse(d.at),
    ...(d.severity ? { severity: d.severity } : {}),
    facts: facts.map((f) => `${f.path}=${JSON.stringify(f.read) ?? "missing"}:${f.held}`),
  };
}
const sorted = (l: RuleDecision[]) => [...l].sort((a, b) => (JSON.stringify(a) < JSON.stringify(b) ? -1 : 1));

describe("rules: engine and reference model agree", () => {
  it("on 3,000 generated policies × streams, in order, shuffled with duplicates, step by step, and stepped as they arrive", () => {
    const reached = new Map<string, number>();
    fc.assert(
      fc.property(policy, stream, fc.integer(), (doc, events, shuffleSeed) => {
        const compiled = compilePolicy(doc);
        expect(compiled.ok, JSON.stringify(compiled.diagnostics)).toBe(true);
        if (!compiled.ok) return;
        const want = sorted(referenceRuleDecisions(doc, events));
        for (const d of want) reached.set(d.standard, (reached.get(d.standard) ?? 0) + 1);
        const engineEvents = toEngineEvents(events);
        expect(sorted(replayEvents(compiled.value, engineEvents).map(fromEngine))).toEqual(want);
        // Shuffled (a seeded Fisher–Yates) with the first event repeated.
        const shuffled = [...engineEvents, engineEvents[0]!];
        let s = shuffleSeed >>> 0;
        for (let i = shuffled.length - 1; i > 0; i--) {
          s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
          const j = s % (i + 1);
          [shuffled[i], shuffled[j]] = [shuffled[j]!, shuffled[i]!];
        }
        expect(sorted(replayEvents(compiled.value, shuffled).map(fromEngine))).toEqual(want);
        let state = initialState();
        const stepped: Decision[] = [];
        for (const e of [...engineEvents].sort((a, b) => a.t - b.t || (a.id < b.id ? -1 : 1))) {
          const [next, ds] = step(compiled.value, state, e);
          state = next;
          stepped.push(...ds);
        }
        expect(sorted(stepped.map(fromEngine))).toEqual(want);
        // Step in the shuffled arrival order: a late event changes the subject's facts of the
        // events after it, so the engine rebuilds and supersedes; what stays effective agrees.
        let late = initialState();
        const arrived: Decision[] = [];
        for (const e of shuffled) {
          const [next, ds] = step(compiled.value, late, e, { latenessMs: 86_400_000 });
          late = next;
          arrived.push(...ds);
        }
        expect(sorted(effectiveDecisions(arrived).map(fromEngine))).toEqual(want);
      }),
      { numRuns: 3000, seed: 20261202 },
    );
    // Violations were found at all (the generators are not vacuous).
    expect([...reached.values()].reduce((a, b) => a + b, 0)).toBeGreaterThan(1000);
  });
});
