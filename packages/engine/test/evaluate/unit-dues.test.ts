/**
 * The deadline index of a unit (src/evaluate/unit-dues.ts, issue 15) against the naive
 * computation it replaced: after every event and advance of generated streams, kept in
 * place (the index updated incrementally) and cloned (the index built afresh), each
 * unit's next deadline is the minimum of every standard's `nextDue` over its slots, and
 * a subject is idle exactly when every slot's `idle` says so.
 */
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { advance, compilePolicy, isUnitSettled, step, unitDueAt, initialState, type CompiledPolicy, type NormalizedEvent, type PolicyState, type SubjectState } from "../../src/index.js";
// @ts-expect-error the bench generator is plain JavaScript
import { complaintEvents, queueEvents, restaurantEvents } from "../../bench/generate.js";

const POLICIES = resolve(import.meta.dirname, "../../../../policies");
const load = (name: string): CompiledPolicy => {
  const r = compilePolicy(JSON.parse(readFileSync(resolve(POLICIES, `${name}.policy.json`), "utf8")));
  if (!r.ok) throw new Error(name);
  return r.value;
};

/** The naive next deadline: every standard of the unit asked about its slot. */
function naiveDue(policy: CompiledPolicy, state: SubjectState, standards: readonly string[]): number | null {
  let min: number | null = null;
  for (const id of standards) {
    const std = policy.standards.find((s) => s.id === id)!;
    const slot = Object.hasOwn(state.slots, id) ? state.slots[id] : undefined;
    const d = slot === undefined ? null : policy.handlers.get(std.kind)!.nextDue(std, slot);
    if (d !== null && (min === null || d < min)) min = d;
  }
  return min;
}

function naiveIdle(policy: CompiledPolicy, state: SubjectState): boolean {
  return policy.standards.filter((s) => s.scope === "subject").every((std) => !Object.hasOwn(state.slots, std.id) || policy.handlers.get(std.kind)!.idle(std, state.slots[std.id]));
}

function expectIndexAgrees(policy: CompiledPolicy, state: PolicyState): void {
  const subjectIds = policy.standards.filter((s) => s.scope === "subject").map((s) => s.id);
  for (const [subject, s] of Object.entries(state.subjects)) {
    const settleProbe = s.lastEventAt + 86_400_000 + 1;
    expect({ subject, due: unitDueAt(policy, { subject, state: s }) ?? null, settled: isUnitSettled(policy, { subject, state: s }, settleProbe) }).toEqual({
      subject,
      due: naiveDue(policy, s, subjectIds) ?? (naiveIdle(policy, s) ? settleProbe : null),
      settled: naiveIdle(policy, s),
    });
  }
  for (const [id, s] of Object.entries(state.shared)) {
    expect({ id, due: unitDueAt(policy, { standard: id, state: s }) }).toEqual({ id, due: naiveDue(policy, s, [id]) });
  }
}

const streams: Array<[string, () => NormalizedEvent[]]> = [
  ["restaurant-dining", () => [...restaurantEvents({ seed: 3, count: 1500 })] as NormalizedEvent[]],
  ["bank-branch", () => [...queueEvents({ seed: 3, count: 400, branches: 2, counters: 2 })] as NormalizedEvent[]],
  ["complaint-handling", () => [...complaintEvents({ seed: 3, count: 400 })] as NormalizedEvent[]],
];

describe("a unit's deadline index agrees with asking every standard", () => {
  it.each(streams)("%s, state kept in place and cloned", (name, events) => {
    const policy = load(name);
    let state = initialState();
    let n = 0;
    for (const ev of events()) {
      state = advance(policy, state, ev.t, { inPlace: true })[0];
      state = step(policy, state, ev, { inPlace: true })[0];
      // Every 50 events: the incrementally kept index, then one built from a clone.
      if (++n % 50 === 0) {
        expectIndexAgrees(policy, state);
        expectIndexAgrees(policy, structuredClone(state));
      }
    }
    expectIndexAgrees(policy, state);
  }, 120_000);
});
