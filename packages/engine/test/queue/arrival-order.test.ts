/**
 * Queue decisions do not depend on arrival order: every bank-branch scenario case and
 * generated branch days (the bench generator, small), delivered up to 20 h late in any
 * order with duplicates and clock advances, give the decisions of a time-ordered replay.
 */
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { compilePolicy, effectiveDecisions, normalizeEvent, replayEvents, type NormalizedEvent, type ScenarioFile } from "../../src/index.js";
import { caseEvents } from "../../src/scenario/run-scenarios.js";
import { arrivalOrder, ids, incremental } from "../escalation/arrival.js";
// @ts-expect-error the bench generator is plain JavaScript
import { queueEvents } from "../../bench/generate.js";

const POLICIES = resolve(import.meta.dirname, "../../../../policies");
const scenario = JSON.parse(readFileSync(resolve(POLICIES, "bank-branch.test.json"), "utf8")) as ScenarioFile;
const compiled = compilePolicy(JSON.parse(readFileSync(resolve(POLICIES, scenario.policy), "utf8")));
if (!compiled.ok) throw new Error("bank-branch does not compile");
const policy = compiled.value;
const HOUR = 3_600_000;

const arrival = (n: number) =>
  fc.record({
    delay: fc.array(fc.integer({ min: 0, max: 20 * HOUR }), { minLength: n, maxLength: n }),
    dups: fc.array(fc.nat({ max: n - 1 }), { maxLength: 3 }),
    cuts: fc.array(fc.boolean(), { minLength: 8, maxLength: 8 }),
    lag: fc.array(fc.integer({ min: 0, max: 4 * HOUR }), { minLength: 8, maxLength: 8 }),
  });

function check(events: NormalizedEvent[], until: number | null, runs: number): void {
  const reference = replayEvents(policy, events, until !== null ? { until } : {});
  fc.assert(
    fc.property(arrival(events.length), ({ delay, dups, cuts, lag }) => {
      expect(ids(effectiveDecisions(incremental(policy, events, arrivalOrder(events, delay, dups), cuts, lag, until)))).toEqual(ids(reference));
    }),
    { numRuns: runs, seed: 20261123 },
  );
}

describe("queue decisions: arrival order, duplicates and batching do not change them", () => {
  scenario.cases.forEach((c, ci) => {
    it(c.name, () => {
      const events = caseEvents(c, ci).map((e) => {
        const n = normalizeEvent(e);
        if (!n.ok) throw new Error(c.name);
        return n.value;
      });
      check(events, c.until ? Date.parse(c.until) : null, 100);
    });
  });

  it.each([1, 2, 3])("generated branch morning, seed %i", (seed) => {
    const events = [...queueEvents({ seed, count: 100, branches: 2, counters: 2 })] as NormalizedEvent[];
    check(events, null, 25);
  });
});
