/**
 * The runtime's end-to-end test sends every case of a scenario file as one stream, so
 * complaints of different cases share topics and count together. The same here, in any
 * arrival order (a lateness bound covering the file), with duplicates and clock
 * advances: the effective decisions equal a replay of the sorted stream. The first
 * example is the order that once went wrong (complaints 14a, 15d, 14d, 14c: step() raised
 * 14a, 14c and 14d to hot by age instead of by the topic count).
 */
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { compilePolicy, effectiveDecisions, normalizeEvent, replayEvents, type NormalizedEvent, type ScenarioFile } from "../../src/index.js";
import { caseEvents } from "../../src/scenario/run-scenarios.js";
import { ids, incremental } from "./arrival.js";

const POLICIES = resolve(import.meta.dirname, "../../../../policies");
const scenario = JSON.parse(readFileSync(resolve(POLICIES, "complaint-handling.test.json"), "utf8")) as ScenarioFile;
const compiled = compilePolicy(JSON.parse(readFileSync(resolve(POLICIES, scenario.policy), "utf8")));
if (!compiled.ok) throw new Error("complaint-handling does not compile");
const policy = compiled.value;

/** Every case's events, ids and subjects prefixed with the case (topics are not: they are shared). */
const events: NormalizedEvent[] = scenario.cases.flatMap((c, ci) =>
  caseEvents(c, ci).map((e) => {
    const n = normalizeEvent({ ...e, id: `${ci}/${e.id}`, subject: `${ci}/${e.subject}` });
    if (!n.ok) throw new Error(c.name);
    return n.value;
  }),
);
const unique = [...new Map(events.map((e) => [e.id, e])).values()];
const times = unique.map((e) => e.t);
const LATENESS = Math.max(...times) - Math.min(...times) + 86_400_000;
const reference = replayEvents(policy, unique);
const HOUR = 3_600_000;

/** The arrival that once went wrong: complaints 14a, 15d, 14d, 14c opened first, then the rest in time order. */
function onceWrong(): number[] {
  const head = ["complaint-14a", "complaint-15d", "complaint-14d", "complaint-14c"].map((s) => unique.findIndex((e) => e.subject.endsWith(`/${s}`) && e.type === "complaint.opened"));
  const rest = [...unique.keys()].filter((i) => !head.includes(i)).sort((a, b) => unique[a]!.t - unique[b]!.t);
  return [...head, ...rest];
}

describe("complaint-handling's whole scenario file as one stream", () => {
  it("has cases whose complaints share a topic across cases (so the test means something)", () => {
    const topics = new Map<string, Set<string>>();
    for (const e of unique.filter((x) => x.type === "complaint.opened" && typeof x.data.topic === "string")) {
      const set = topics.get(e.data.topic as string) ?? new Set();
      topics.set(e.data.topic as string, set.add(e.id.split("/")[0]!));
    }
    expect([...topics.values()].some((cases) => cases.size > 1)).toBe(true);
    expect(reference.filter((d) => d.retracted || d.supersedes)).toEqual([]);
  });

  it("the arrival order that once went wrong", () => {
    const order = onceWrong();
    expect(order.slice().sort((a, b) => a - b)).toEqual([...unique.keys()]);
    expect(ids(effectiveDecisions(incremental(policy, unique, order, [false], [0], null, LATENESS)))).toEqual(ids(reference));
  });

  it("any arrival order, with duplicates and the clock advanced in between", () => {
    const n = unique.length;
    fc.assert(
      fc.property(
        fc.record({
          order: fc.shuffledSubarray([...Array(n).keys()], { minLength: n, maxLength: n }),
          dups: fc.array(fc.nat({ max: n - 1 }), { maxLength: 5 }),
          cuts: fc.array(fc.boolean(), { minLength: 7, maxLength: 7 }),
          lag: fc.array(fc.integer({ min: 0, max: 20 * HOUR }), { minLength: 5, maxLength: 5 }),
        }),
        ({ order, dups, cuts, lag }) => {
          for (const i of dups) order.splice(order.indexOf(i) + 1, 0, i);
          expect(ids(effectiveDecisions(incremental(policy, unique, order, cuts, lag, null, LATENESS)))).toEqual(ids(reference));
        },
      ),
      { numRuns: 40, seed: 20261123 },
    );
  });
});
