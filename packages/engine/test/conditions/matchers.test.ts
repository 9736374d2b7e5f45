import { readdirSync, readFileSync, existsSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { compileMatcherIndex, listMatchers } from "../../src/conditions/matchers.js";
import { createReferenceEngine, matcherRules } from "../../src/json-rules-engine/reference-engine.js";
import type { Facts } from "../../src/evaluate/model.js";

const POLICIES = join(import.meta.dirname, "../../../../policies");

const DOC = {
  standards: [
    {
      id: "R1",
      kind: "timing",
      start: ["guest.seated", { event: "guest.moved", when: { fact: "data", path: "$.partySize", operator: "greaterThan", value: 4 } }],
      stop: { event: "guest.greeted" },
      suspend: { from: "drink.ordered", until: ["drink.served"] },
    },
    { id: "Q1", kind: "queue", call: "ticket.called" },
  ],
};

function eventFacts(ev: { id?: string; type: string; subject?: string; time: string; data?: Record<string, unknown> }): Facts {
  return { data: ev.data ?? {}, event: { id: ev.id ?? "", type: ev.type, subject: ev.subject ?? "", time: ev.time }, subject: {} };
}

describe("policy matchers", () => {
  // Every kind's matcher fields (kinds/<kind>/index.ts): timing's start, stop, suspend; the queue's call.
  it("lists the matchers of every standard with their pointers", () => {
    expect(listMatchers(DOC)).toEqual([
      { pointer: "/standards/0/start/0", event: "guest.seated" },
      { pointer: "/standards/0/start/1", event: "guest.moved", when: { pointer: "/standards/0/start/1/when", condition: { fact: "data", path: "$.partySize", operator: "greaterThan", value: 4 } } },
      { pointer: "/standards/0/stop", event: "guest.greeted" },
      { pointer: "/standards/0/suspend/from", event: "drink.ordered" },
      { pointer: "/standards/0/suspend/until/0", event: "drink.served" },
      { pointer: "/standards/1/call", event: "ticket.called" },
    ]);
  });

  it("turns them into json-rules-engine rules: event.type equals X, and the condition", () => {
    expect(matcherRules(DOC).slice(0, 2)).toEqual([
      { name: "/standards/0/start/0", condition: { all: [{ fact: "event", path: "$.type", operator: "equal", value: "guest.seated" }] } },
      {
        name: "/standards/0/start/1",
        condition: {
          all: [
            { fact: "event", path: "$.type", operator: "equal", value: "guest.moved" },
            { fact: "data", path: "$.partySize", operator: "greaterThan", value: 4 },
          ],
        },
      },
    ]);
  });

  it("the event-type index matches what json-rules-engine matches", async () => {
    const r = compileMatcherIndex(DOC);
    if (!r.ok) throw new Error(JSON.stringify(r.diagnostics));
    const reference = createReferenceEngine(matcherRules(DOC));
    const events = [
      { type: "guest.seated", time: "t" },
      { type: "guest.moved", time: "t", data: { partySize: 6 } },
      { type: "guest.moved", time: "t", data: { partySize: 2 } },
      { type: "drink.served", time: "t" },
      { type: "ticket.called", time: "t" },
    ];
    const ours = events.map((e) => r.index.match(eventFacts(e)));
    expect(ours).toEqual([["/standards/0/start/0"], ["/standards/0/start/1"], [], ["/standards/0/suspend/until/0"], ["/standards/1/call"]]);
    expect(await Promise.all(events.map((e) => reference.run(eventFacts(e))))).toEqual(ours);
  });

  const shipped = existsSync(POLICIES) ? readdirSync(POLICIES).filter((f) => f.endsWith(".policy.json")).sort() : [];
  it.each(shipped.map((f) => [f]))("%s: index and json-rules-engine agree on its scenario events", async (file) => {
    const doc = JSON.parse(readFileSync(join(POLICIES, file), "utf8"));
    const scenarios = join(POLICIES, file.replace(/\.policy\.json$/, ".test.json"));
    const events = existsSync(scenarios) ? JSON.parse(readFileSync(scenarios, "utf8")).cases.flatMap((c: { events: unknown[] }) => c.events) : [];
    const r = compileMatcherIndex(doc);
    if (!r.ok) throw new Error(JSON.stringify(r.diagnostics));
    const reference = createReferenceEngine(matcherRules(doc));
    const ours = events.map((e: any) => r.index.match(eventFacts(e)));
    const theirs = [];
    for (const e of events) theirs.push(await reference.run(eventFacts(e)));
    expect(theirs).toEqual(ours);
  });
});
