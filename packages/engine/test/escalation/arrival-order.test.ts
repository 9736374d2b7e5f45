/**
 * Escalation decisions span cases (a topic's count raises other complaints) and days
 * (ages of 7 and 30 days). The arrival-order invariant is checked with the engine's
 * default lateness bound (24 h) and the arrivals it allows: each event arrives up to
 * 20 h after its time, in any order across complaints, with duplicates and with the
 * clock advanced up to 4 h past what was seen. A case within 20 h is fully shuffled.
 */
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { compilePolicy, effectiveDecisions, normalizeEvent, replayEvents, type ScenarioFile } from "../../src/index.js";
import { caseEvents } from "../../src/scenario/run-scenarios.js";
import { arrivalOrder, ids, incremental } from "./arrival.js";

const POLICIES = resolve(import.meta.dirname, "../../../../policies");
const scenario = JSON.parse(readFileSync(resolve(POLICIES, "complaint-handling.test.json"), "utf8")) as ScenarioFile;
const compiled = compilePolicy(JSON.parse(readFileSync(resolve(POLICIES, scenario.policy), "utf8")));
if (!compiled.ok) throw new Error("complaint-handling does not compile");
const policy = compiled.value;
const HOUR = 3_600_000;

describe("complaint escalation: arrival order, duplicates and batching do not change decisions", () => {
  scenario.cases.forEach((c, ci) => {
    const events = caseEvents(c, ci).map((e) => {
      const n = normalizeEvent(e);
      if (!n.ok) throw new Error(c.name);
      return n.value;
    });
    const until = c.until ? Date.parse(c.until) : null;
    const reference = replayEvents(policy, events, until !== null ? { until } : {});

    it(`replay withdraws nothing in time order, and makes each decision once: ${c.name}`, () => {
      expect(reference.filter((d) => d.retracted || d.supersedes)).toEqual([]);
      expect(new Set(reference.map((d) => d.id)).size).toBe(reference.length);
    });

    it(`step/advance: ${c.name}`, () => {
      const n = events.length;
      fc.assert(
        fc.property(
          fc.record({
            delay: fc.array(fc.integer({ min: 0, max: 20 * HOUR }), { minLength: n, maxLength: n }),
            dups: fc.array(fc.nat({ max: n - 1 }), { maxLength: 3 }),
            cuts: fc.array(fc.boolean(), { minLength: n + 3, maxLength: n + 3 }),
            lag: fc.array(fc.integer({ min: 0, max: 4 * HOUR }), { minLength: n + 3, maxLength: n + 3 }),
          }),
          ({ delay, dups, cuts, lag }) => {
            const got = effectiveDecisions(incremental(policy, events, arrivalOrder(events, delay, dups), cuts, lag, until));
            expect(ids(got)).toEqual(ids(reference));
          },
        ),
        { numRuns: 150, seed: 20261122 },
      );
    });
  });
});
