/**
 * A queue deadline at an instant waits for that instant's remaining events, also when a
 * timing standard of the same subject fires something known late at that instant
 * (docs/semantics.md §1: events first; HandlerContext.dueBefore). The engine fires a
 * subject's standards together: a `void` that put a timing deadline in the past made
 * the engine call the queue handler at that instant, and it fired a ticket's maximum
 * wait ending exactly then, before the call that came at the same instant (a call at
 * the deadline is met: limits are inclusive).
 *
 * By hand: hold 10:00 (pending), T started 10:00 held; ticket A1 issued 10:01, due
 * 10:06 (PT5M). At 10:06 the void (e4) makes T as if never held: due 10:04, breached at
 * 10:06 with 2 min over; then the call (e5, same instant) serves A1 at its deadline:
 * `met`, 5 min waited — never `breached`.
 */
import { describe, expect, it } from "vitest";
import { advance, compilePolicy, effectiveDecisions, initialState, nextDueAt, replayEvents, step, type Decision, type NormalizedEvent } from "../../src/index.js";

const r = compilePolicy({
  id: "counter",
  title: "counter",
  timezone: "UTC",
  standards: [
    { id: "T", kind: "timing", title: "T", start: "t.a", stop: "t.b", within: "PT4M", suspend: { from: "t.f", until: "t.g", void: "t.d", maxHold: "PT10M" } },
    { id: "Q", kind: "queue", title: "Q", issue: "ticket.issued", call: "ticket.called", maxWait: "PT5M" },
  ],
});
if (!r.ok) throw new Error(JSON.stringify(r.diagnostics));
const policy = r.value;

const list: Array<[string, string, Record<string, unknown>]> = [
  ["t.f", "10:00:00", {}],
  ["t.a", "10:00:00", {}],
  ["ticket.issued", "10:01:00", { ticket: "A1" }],
  ["t.d", "10:06:00", {}],
  ["ticket.called", "10:06:00", { ticket: "A1" }],
];
const events: NormalizedEvent[] = list.map(([type, hms, data], i) => {
  const t = Date.parse(`2026-11-23T${hms}Z`);
  return { id: `e${i + 1}`, type, subject: "branch-1/queue", time: new Date(t).toISOString(), t, data };
});

const brief = (ds: Decision[]) => ds.map((d) => [d.standard, d.status, d.at.slice(11, 19), d.elapsedMs, d.overByMs ?? null]).sort((a, b) => String(a).localeCompare(String(b)));
const want = [
  ["Q", "met", "10:06:00", 300000, null],
  ["T", "breached", "10:06:00", 360000, 120000],
];

/** Steps every event, optionally advancing to its time after it (the runtime's ingest), then drains. */
function stepped(withAdvance: boolean): Decision[] {
  let state = initialState();
  const out: Decision[] = [];
  for (const e of events) {
    let d: Decision[];
    [state, d] = step(policy, state, e);
    out.push(...d);
    if (withAdvance) {
      [state, d] = advance(policy, state, e.t);
      out.push(...d);
    }
  }
  for (let due = nextDueAt(policy, state), n = 0; due !== null && n < 100; due = nextDueAt(policy, state), n++) {
    let d: Decision[];
    [state, d] = advance(policy, state, due);
    out.push(...d);
  }
  return effectiveDecisions(out);
}

describe("a queue deadline at an instant with a known-late timing firing waits for the instant's events", () => {
  it("replay", () => expect(brief(replayEvents(policy, events))).toEqual(want));
  it("replay of the reversed stream", () => expect(brief(replayEvents(policy, [...events].reverse()))).toEqual(want));
  it("step, one event at a time", () => expect(brief(stepped(false))).toEqual(want));
  // An advance to 10:06 after the void says the clock reached 10:06: Q's deadline fires then,
  // and the call (same instant, later) is late and rebuilds the subject: the same effective decisions.
  it("step with an advance after every event", () => expect(brief(stepped(true))).toEqual(want));
});
