/**
 * The replay order of a file, property-tested in process (the binary tests above use
 * real sizes; here runs of a few events make every path of the external sort run:
 * many runs, merges of merges, ties and repeated ids across run boundaries). The
 * reference is the engine's in-memory replayEvents: same decisions, whatever the
 * order, the duplicates and the path taken.
 */
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { checkPolicyText, replayEvents, replayOrdered, type Decision, type YardstickEvent } from "@yardstick/engine";
import { policiesDir, tempDir, ndjson } from "./run.js";
import { scanEvents } from "../src/events-file.js";
import { orderedEvents } from "../src/ordered-events.js";

const check = checkPolicyText(readFileSync(join(policiesDir, "restaurant-dining.policy.json"), "utf8"));
if (!check.ok) throw new Error("the shipped restaurant policy must compile");
const policy = check.policy;

const T0 = Date.parse("2026-11-22T12:00:00+08:00");
/** Few ids, subjects and instants, so that repeats and ties are common. */
const event = fc.record({
  id: fc.integer({ min: 0, max: 30 }).map((n) => `e${n}`),
  type: fc.constantFrom("guest.seated", "guest.greeted", "food.ordered", "main.served", "drink.ordered", "drink.served"),
  subject: fc.constantFrom("v-1", "v-2", "v-3"),
  time: fc.integer({ min: 0, max: 40 }).map((m) => new Date(T0 + m * 30_000).toISOString()),
  data: fc.record({ item: fc.constantFrom("fish", "aaa", "steak") }),
}) as fc.Arbitrary<YardstickEvent>;

const byTimeThenId = (a: YardstickEvent, b: YardstickEvent) => Date.parse(a.time) - Date.parse(b.time) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

function streamed(file: string, keepUpTo: number, chunkEvents: number, fanIn: number): Decision[] {
  const out: Decision[] = [];
  replayOrdered(policy, orderedEvents(file, scanEvents(file, keepUpTo), { chunkEvents, fanIn }), null, { onDecision: (d) => out.push(d) });
  return out;
}

const sortByAt = (ds: Decision[]) => ds.map((d, i) => ({ d, i })).sort((a, b) => Date.parse(a.d.at) - Date.parse(b.d.at) || a.i - b.i).map((x) => x.d);

describe("orderedEvents", () => {
  it("gives replayEvents' decisions in memory, streamed sorted, and through the external sort (runs of 1–5, merged 2–3 at a time)", () => {
    const dir = tempDir();
    const file = join(dir, "e.ndjson");
    fc.assert(
      fc.property(fc.array(event, { maxLength: 60 }), fc.integer({ min: 1, max: 5 }), fc.integer({ min: 2, max: 3 }), (events, chunk, fanIn) => {
        const expected = replayEvents(policy, events);
        writeFileSync(file, ndjson(events));
        const unsorted = { inMemory: sortByAt(streamed(file, Infinity, chunk, fanIn)), external: sortByAt(streamed(file, 0, chunk, fanIn)) };
        writeFileSync(file, ndjson([...events].sort(byTimeThenId)));
        expect({ ...unsorted, sorted: sortByAt(streamed(file, 0, chunk, fanIn)) }).toEqual({ inMemory: expected, external: expected, sorted: expected });
      }),
      { numRuns: 100, seed: 15 },
    );
  });
});
