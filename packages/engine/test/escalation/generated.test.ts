/**
 * Generated complaint histories across several complaints sharing topics and
 * complainants (openings, fact updates, topic and complainant corrections, resolutions,
 * reopenings, ages of 7 and 30 days): a time-ordered replay withdraws nothing, and any
 * arrival the lateness bound allows (up to 20 h late, duplicates, clock advances) gives
 * the same effective decisions.
 */
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { compilePolicy, effectiveDecisions, normalizeEvent, replayEvents, type NormalizedEvent } from "../../src/index.js";
import { arrivalOrder, ids, incremental } from "./arrival.js";

const compiled = compilePolicy(JSON.parse(readFileSync(resolve(import.meta.dirname, "../../../../policies/complaint-handling.policy.json"), "utf8")));
if (!compiled.ok) throw new Error("complaint-handling does not compile");
const policy = compiled.value;
const HOUR = 3_600_000;
const T0 = Date.parse("2026-11-02T01:00:00Z");

interface Complaint {
  topic: string;
  complainant: string;
  openedAfterH: number;
  collectiveSize: number;
  mediaRisk: boolean;
  updateAfterH?: number;
  resolveAfterH?: number;
  reopenAfterH?: number;
  /** A correction of the topic or the complainant, some hours after filing. */
  correction?: { afterH: number; topic?: string; complainant?: string };
}

const complaint: fc.Arbitrary<Complaint> = fc.record({
  topic: fc.constantFrom("lift-noise", "parking-fee"),
  complainant: fc.constantFrom("owner-1", "owner-2", "owner-3", "owner-4"),
  openedAfterH: fc.integer({ min: 0, max: 96 }),
  collectiveSize: fc.constantFrom(1, 1, 1, 4, 12),
  mediaRisk: fc.boolean(),
  updateAfterH: fc.option(fc.integer({ min: 1, max: 240 }), { nil: undefined }),
  resolveAfterH: fc.option(fc.integer({ min: 1, max: 400 }), { nil: undefined }),
  reopenAfterH: fc.option(fc.integer({ min: 1, max: 300 }), { nil: undefined }),
  correction: fc.option(
    fc.record(
      { afterH: fc.integer({ min: 0, max: 200 }), topic: fc.constantFrom("lift-noise", "parking-fee", "gate-card"), complainant: fc.constantFrom("owner-1", "owner-5") },
      { requiredKeys: ["afterH"] },
    ),
    { nil: undefined },
  ),
});

function history(list: Complaint[]): NormalizedEvent[] {
  const raw: Array<{ id: string; type: string; subject: string; time: string; data?: Record<string, unknown> }> = [];
  list.forEach((c, i) => {
    const subject = `complaint-${i}`;
    const at = (h: number) => new Date(T0 + h * HOUR + i * 60_000).toISOString();
    const o = c.openedAfterH;
    raw.push({ id: `${subject}-open`, type: "complaint.opened", subject, time: at(o), data: { topic: c.topic, complainant: c.complainant, collectiveSize: c.collectiveSize, mediaRisk: c.mediaRisk } });
    if (c.updateAfterH !== undefined) raw.push({ id: `${subject}-update`, type: "complaint.updated", subject, time: at(o + c.updateAfterH), data: { mediaExposed: true } });
    if (c.correction) {
      const { afterH, ...data } = c.correction;
      raw.push({ id: `${subject}-correct`, type: "complaint.updated", subject, time: at(o + afterH), data });
    }
    if (c.resolveAfterH !== undefined) {
      raw.push({ id: `${subject}-resolve`, type: "complaint.resolved", subject, time: at(o + c.resolveAfterH) });
      if (c.reopenAfterH !== undefined) raw.push({ id: `${subject}-reopen`, type: "complaint.reopened", subject, time: at(o + c.resolveAfterH + c.reopenAfterH) });
    }
  });
  return raw.map((e) => {
    const n = normalizeEvent(e);
    if (!n.ok) throw new Error(JSON.stringify(n.diagnostics));
    return n.value;
  });
}


type Arrival = { list: Complaint[]; delay: number[]; dups: number[]; cuts: boolean[]; lag: number[] };
const EXAMPLES: Array<[Arrival]> = [
  [{"list": [{"topic": "lift-noise", "complainant": "owner-1", "openedAfterH": 67, "collectiveSize": 1, "mediaRisk": true, "updateAfterH": 40, "resolveAfterH": 391, "reopenAfterH": 296}, {"topic": "parking-fee", "complainant": "owner-2", "openedAfterH": 39, "collectiveSize": 1, "mediaRisk": true, "updateAfterH": 8, "resolveAfterH": 224, "reopenAfterH": 115}, {"topic": "parking-fee", "complainant": "owner-1", "openedAfterH": 53, "collectiveSize": 1, "mediaRisk": false, "updateAfterH": 11, "resolveAfterH": 321}, {"topic": "lift-noise", "complainant": "owner-4", "openedAfterH": 2, "collectiveSize": 1, "mediaRisk": true, "updateAfterH": 237, "resolveAfterH": 125, "reopenAfterH": 252}, {"topic": "parking-fee", "complainant": "owner-4", "openedAfterH": 53, "collectiveSize": 1, "mediaRisk": true, "updateAfterH": 1, "resolveAfterH": 321, "reopenAfterH": 244}], "delay": [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 39480000, 35880000, 0, 0], "dups": [4], "cuts": [false, false, false, false, false, true, false, false, false, false, false, false, false, false, false, false, false, false, false, false, false, false], "lag": [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]}],
  [{"list": [{"topic": "lift-noise", "complainant": "owner-1", "openedAfterH": 0, "collectiveSize": 1, "mediaRisk": false}, {"topic": "lift-noise", "complainant": "owner-3", "openedAfterH": 48, "collectiveSize": 1, "mediaRisk": false}, {"topic": "lift-noise", "complainant": "owner-4", "openedAfterH": 82, "collectiveSize": 1, "mediaRisk": false, "resolveAfterH": 396, "reopenAfterH": 290}, {"topic": "lift-noise", "complainant": "owner-1", "openedAfterH": 48, "collectiveSize": 1, "mediaRisk": false}], "delay": [0, 0, 0, 0, 0, 0], "dups": [], "cuts": [false, false, false, false, false, false, false, false, false], "lag": [0, 0, 0, 0, 0, 0, 0, 0, 0]}],
  [{"list": [{"topic": "lift-noise", "complainant": "owner-1", "openedAfterH": 74, "collectiveSize": 1, "mediaRisk": false, "resolveAfterH": 396, "reopenAfterH": 299}, {"topic": "lift-noise", "complainant": "owner-1", "openedAfterH": 0, "collectiveSize": 1, "mediaRisk": false}, {"topic": "lift-noise", "complainant": "owner-1", "openedAfterH": 0, "collectiveSize": 1, "mediaRisk": false}], "delay": [0, 0, 0, 0, 0], "dups": [], "cuts": [false, false, false, false, false, false, false, false], "lag": [0, 0, 0, 0, 0, 0, 0, 0]}],
  [{"list": [{"topic": "lift-noise", "complainant": "owner-4", "openedAfterH": 87, "collectiveSize": 12, "mediaRisk": true, "updateAfterH": 134, "reopenAfterH": 202}, {"topic": "lift-noise", "complainant": "owner-1", "openedAfterH": 56, "collectiveSize": 1, "mediaRisk": false, "updateAfterH": 89, "resolveAfterH": 59}, {"topic": "lift-noise", "complainant": "owner-3", "openedAfterH": 82, "collectiveSize": 12, "mediaRisk": false, "updateAfterH": 229, "reopenAfterH": 267}, {"topic": "lift-noise", "complainant": "owner-2", "openedAfterH": 19, "collectiveSize": 1, "mediaRisk": false, "updateAfterH": 176, "resolveAfterH": 289, "reopenAfterH": 48}, {"topic": "parking-fee", "complainant": "owner-4", "openedAfterH": 57, "collectiveSize": 4, "mediaRisk": false, "updateAfterH": 6, "resolveAfterH": 6, "reopenAfterH": 100}, {"topic": "parking-fee", "complainant": "owner-2", "openedAfterH": 53, "collectiveSize": 12, "mediaRisk": true, "resolveAfterH": 63, "reopenAfterH": 253}], "delay": [0, 0, 0, 0, 0, 17880000, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0], "dups": [0], "cuts": [false, false, false, false, false, false, false, true, false, false, false, true, false, false, false, false, false, false, false, false, false], "lag": [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]}],
  [{"list": [{"topic": "parking-fee", "complainant": "owner-2", "openedAfterH": 56, "collectiveSize": 1, "mediaRisk": true, "updateAfterH": 173}, {"topic": "parking-fee", "complainant": "owner-3", "openedAfterH": 75, "collectiveSize": 1, "mediaRisk": false, "updateAfterH": 114, "resolveAfterH": 199, "reopenAfterH": 178}, {"topic": "parking-fee", "complainant": "owner-1", "openedAfterH": 1, "collectiveSize": 4, "mediaRisk": false, "resolveAfterH": 161, "reopenAfterH": 236}, {"topic": "parking-fee", "complainant": "owner-2", "openedAfterH": 70, "collectiveSize": 1, "mediaRisk": false, "updateAfterH": 133, "resolveAfterH": 61, "reopenAfterH": 118}], "delay": [0, 0, 0, 50520012, 0, 0, 0, 0, 0, 0, 0, 0, 0], "dups": [0], "cuts": [false, false, false, false, false, false, false, true, false, false, false, false, false, false, false, false], "lag": [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]}],
  [{"list": [{"topic": "lift-noise", "complainant": "owner-1", "openedAfterH": 0, "collectiveSize": 1, "mediaRisk": false, "resolveAfterH": 169, "reopenAfterH": 1}, {"topic": "lift-noise", "complainant": "owner-1", "openedAfterH": 0, "collectiveSize": 1, "mediaRisk": false, "updateAfterH": 1, "resolveAfterH": 1}, {"topic": "lift-noise", "complainant": "owner-1", "openedAfterH": 0, "collectiveSize": 1, "mediaRisk": false}], "delay": [0, 13377610, 0, 0, 0, 0, 0], "dups": [], "cuts": [false, false, false, false, false, false, false, false, false, false], "lag": [0, 0, 0, 0, 0, 0, 0, 0, 0, 0]}],
  [{"list": [{"topic": "lift-noise", "complainant": "owner-1", "openedAfterH": 0, "collectiveSize": 1, "mediaRisk": false, "updateAfterH": 1}, {"topic": "lift-noise", "complainant": "owner-1", "openedAfterH": 0, "collectiveSize": 1, "mediaRisk": false, "updateAfterH": 1}, {"topic": "lift-noise", "complainant": "owner-4", "openedAfterH": 2, "collectiveSize": 1, "mediaRisk": false, "resolveAfterH": 22, "reopenAfterH": 1}, {"topic": "lift-noise", "complainant": "owner-3", "openedAfterH": 0, "collectiveSize": 1, "mediaRisk": false, "updateAfterH": 3}], "delay": [0, 0, 0, 0, 26646851, 0, 0, 0, 0], "dups": [0], "cuts": [false, false, false, false, false, false, false, true, true, false, false, false], "lag": [0, 0, 0, 0, 0, 0, 0, 0, 7200001, 0, 0, 0]}],
];

function checkArrival({ list, delay, dups, cuts, lag }: Arrival): void {
  const events = history(list);
  const reference = replayEvents(policy, events);
  expect(reference.filter((d) => d.retracted || d.supersedes)).toEqual([]);
  expect(ids(effectiveDecisions(incremental(policy, events, arrivalOrder(events, delay, dups), cuts, lag)))).toEqual(ids(reference));
}

describe("generated complaint histories", () => {
  it("replay in time order withdraws nothing, and every allowed arrival gives the same effective decisions", () => {
    fc.assert(
      fc.property(
        fc.array(complaint, { minLength: 2, maxLength: 6 }).chain((list) => {
          const n = history(list).length;
          return fc.record({
            list: fc.constant(list),
            delay: fc.array(fc.integer({ min: 0, max: 20 * HOUR }), { minLength: n, maxLength: n }),
            dups: fc.array(fc.nat({ max: n - 1 }), { maxLength: 3 }),
            cuts: fc.array(fc.boolean(), { minLength: n + 3, maxLength: n + 3 }),
            lag: fc.array(fc.integer({ min: 0, max: 4 * HOUR }), { minLength: n + 3, maxLength: n + 3 }),
          });
        }),
        checkArrival,
      ),
      // Fixed seed: the run is the same every time. `examples` are arrivals a long random
      // run once found wrong (each fixed since); they stay as regression cases.
      { numRuns: 300, seed: 20261122, examples: EXAMPLES },
    );
  });

  // Found by an earlier version of this property (the engine then rebuilt one case at a
  // time): complaint-5's "important" decision, withdrawn when a late topic count raised
  // it, had to be made again after a later late resolution.
  it("a decision withdrawn after a late event and made again after another one is in force again", () => {
    checkArrival({
      list: [
        { topic: "lift-noise", complainant: "owner-3", openedAfterH: 13, collectiveSize: 1, mediaRisk: false, updateAfterH: 60, resolveAfterH: 324, reopenAfterH: 130 },
        { topic: "parking-fee", complainant: "owner-4", openedAfterH: 92, collectiveSize: 12, mediaRisk: false, updateAfterH: 135, resolveAfterH: 4, reopenAfterH: 64 },
        { topic: "lift-noise", complainant: "owner-3", openedAfterH: 11, collectiveSize: 1, mediaRisk: false, updateAfterH: 70, reopenAfterH: 2 },
        { topic: "parking-fee", complainant: "owner-3", openedAfterH: 2, collectiveSize: 1, mediaRisk: false, resolveAfterH: 171 },
        { topic: "lift-noise", complainant: "owner-2", openedAfterH: 1, collectiveSize: 4, mediaRisk: true, updateAfterH: 6, resolveAfterH: 5, reopenAfterH: 148 },
        { topic: "parking-fee", complainant: "owner-2", openedAfterH: 71, collectiveSize: 1, mediaRisk: false, resolveAfterH: 13, reopenAfterH: 8 },
      ],
      delay: [...Array(17).fill(0), 40590154, 0],
      dups: [0],
      cuts: [...Array(11).fill(false), true, ...Array(10).fill(false)],
      lag: Array(22).fill(0),
    });
  });

  it("with a lateness bound as long as the history, any arrival order at all gives the same effective decisions", () => {
    fc.assert(
      fc.property(
        fc.array(complaint, { minLength: 2, maxLength: 7 }).chain((list) => {
          const n = history(list).length;
          return fc.record({
            list: fc.constant(list),
            order: fc.shuffledSubarray([...Array(n).keys()], { minLength: n, maxLength: n }),
            dups: fc.array(fc.nat({ max: n - 1 }), { maxLength: 3 }),
            cuts: fc.array(fc.boolean(), { minLength: n + 3, maxLength: n + 3 }),
            lag: fc.array(fc.integer({ min: 0, max: 20 * HOUR }), { minLength: n + 3, maxLength: n + 3 }),
          });
        }),
        ({ list, order, dups, cuts, lag }) => {
          const events = history(list);
          const times = events.map((e) => e.t);
          const lateness = Math.max(...times) - Math.min(...times) + 86_400_000;
          for (const i of dups) order.splice(order.indexOf(i) + 1, 0, i);
          const reference = replayEvents(policy, events);
          expect(ids(effectiveDecisions(incremental(policy, events, order, cuts, lag, null, lateness)))).toEqual(ids(reference));
        },
      ),
      { numRuns: 200, seed: 20261123 },
    );
  });
});
