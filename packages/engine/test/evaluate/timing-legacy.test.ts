/**
 * Issue 10 changed the timing slot's stored shape; a state stored before it (the
 * runtime keeps states in its database) must still be read, and its obligations end.
 */
import { describe, expect, it } from "vitest";
import { advance, compilePolicy, step, normalizeEvent, type PolicyState } from "../../src/index.js";

const policy = (() => {
  const r = compilePolicy({
    id: "demo",
    title: "Demo",
    standards: [{ id: "R1", kind: "timing", title: "Greet within 2 minutes", start: "guest.seated", stop: "guest.greeted", within: "PT2M", suspend: { from: "drink.ordered", until: "drink.served" } }],
  });
  if (!r.ok) throw new Error("demo policy");
  return r.value;
})();

const T0 = Date.parse("2026-11-22T12:00:00Z");
/** One subject with one R1 obligation in the pre-issue-10 shape. */
function legacyState(dueAt: number | null): PolicyState {
  const ob = { key: "", startId: "a", startType: "guest.seated", startedAt: T0, anchorAt: T0, anchorType: "guest.seated", withinMs: 120_000, dueAt, remainingMs: dueAt === null ? 60_000 : null, warned: false, breachedAt: null, events: ["a"], why: [] };
  const slot = { started: [], pending: dueAt === null ? [""] : [], required: [], waiting: {}, running: { "": ob } };
  return { clock: T0, subjects: { v1: { clock: T0, lastEventAt: T0, facts: {}, slots: { R1: slot }, base: null, tail: [], emitted: [], past: false } }, shared: {} };
}

describe("timing slots stored before issue 10", () => {
  it("a running obligation keeps its deadline and is breached at it", () => {
    const [, d] = advance(policy, legacyState(T0 + 120_000), T0 + 200_000);
    expect(d.map((x) => [x.status, x.at, x.dueAt, x.elapsedMs, x.overByMs])).toEqual([["breached", "2026-11-22T12:02:00.000Z", "2026-11-22T12:02:00.000Z", 120_000, 0]]);
  });

  it("a held obligation gets a bound (its limit after its anchor), then runs what was left", () => {
    // Held since the anchor with 1 min left: the bound ends the hold at 12:02, due 12:03.
    const [, d] = advance(policy, legacyState(null), T0 + 600_000);
    expect(d.map((x) => [x.status, x.at])).toEqual([["breached", "2026-11-22T12:03:00.000Z"]]);
  });

  it("a stop on a legacy obligation is met", () => {
    const e = normalizeEvent({ id: "b", type: "guest.greeted", subject: "v1", time: "2026-11-22T12:01:00Z" });
    if (!e.ok) throw new Error("event");
    const [, d] = step(policy, legacyState(T0 + 120_000), e.value);
    expect(d.map((x) => [x.status, x.elapsedMs])).toEqual([["met", 60_000]]);
  });
});
