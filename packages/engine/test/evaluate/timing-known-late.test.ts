/**
 * Warnings that become known only at the deadline instant (docs/semantics.md §1, §9).
 * A `void` or a `requires` can make warnings due in the past; they fire right after that
 * event, at its time, but only strictly before the deadline. When the event comes at the
 * deadline instant itself, they are not emitted at all: the breach (or a stop later at
 * that instant) follows. Found by the reference property test (seed 1413207125, where
 * replay emitted three warnings at the deadline and step/advance none).
 *
 * Every case runs four ways — replay in order, replay reversed, step with an advance after
 * every event, step only (then advance to the end) — and must give the same decisions.
 * Expected values by hand, in the comments of each case.
 */
import { describe, expect, it } from "vitest";
import { advance, compilePolicy, effectiveDecisions, initialState, nextDueAt, replayEvents, step, type Decision, type NormalizedEvent } from "../../src/index.js";

const policy = (() => {
  const r = compilePolicy({
    id: "known-late",
    title: "known-late warnings",
    timezone: "UTC",
    standards: [
      {
        id: "T1",
        kind: "timing",
        title: "T1",
        start: "t.a",
        stop: "t.b",
        within: "PT4M",
        suspend: { from: "t.f", until: "t.g", void: "t.d", maxHold: "PT7M" },
        warnBefore: "PT30S",
        warnAt: ["50%", "80%"],
      },
      { id: "T2", kind: "timing", title: "T2", start: "r.a", stop: "r.b", within: "PT4M", requires: "r.e", warnAt: ["50%"] },
    ],
  });
  if (!r.ok) throw new Error(JSON.stringify(r.diagnostics));
  return r.value;
})();

const T = (hms: string) => Date.parse(`2026-03-02T${hms}Z`);
function events(list: Array<[string, string]>): NormalizedEvent[] {
  return list.map(([type, hms], i) => ({ id: `e${i}`, type, subject: "s1", time: new Date(T(hms)).toISOString(), t: T(hms), data: {} }));
}

type Row = [status: string, at: string, warning: string | null, elapsedMs: number | undefined];
const rows = (ds: Decision[]): Row[] =>
  [...ds]
    .sort((a, b) => Date.parse(a.at) - Date.parse(b.at))
    .map((d) => [d.status, d.at.slice(11, 19), typeof d.details?.warning === "string" ? d.details.warning : null, d.elapsedMs]);

function stepped(evs: NormalizedEvent[], advanceEach: boolean): Decision[] {
  let state = initialState();
  const out: Decision[] = [];
  for (const e of evs) {
    let d: Decision[];
    [state, d] = step(policy, state, e);
    out.push(...d);
    if (advanceEach) {
      [state, d] = advance(policy, state, e.t);
      out.push(...d);
    }
  }
  for (let due = nextDueAt(policy, state), n = 0; due !== null && n < 100; due = nextDueAt(policy, state), n++) {
    let d: Decision[];
    [state, d] = advance(policy, state, due);
    out.push(...d.filter((x) => Date.parse(x.at) < T("13:00:00")));
  }
  return effectiveDecisions(out);
}

function allWays(evs: NormalizedEvent[]): Row[] {
  const ordered = rows(replayEvents(policy, evs));
  expect(rows(replayEvents(policy, [...evs].reverse())), "replay reversed").toEqual(ordered);
  expect(rows(stepped(evs, true)), "step + advance").toEqual(ordered);
  expect(rows(stepped(evs, false)), "step only").toEqual(ordered);
  return ordered;
}

describe("warnings known only at the deadline instant are not emitted", () => {
  it("a void at the deadline: breach only", () => {
    // Held from 12:22 (before the start), started 12:23:30, voided 12:27:30: as if never held,
    // due 12:23:30 + 4 min = 12:27:30, the void's own instant. 50% (12:25:30), 80% (12:26:42),
    // PT30S (12:27:00) are known only at 12:27:30, not before the deadline: none.
    expect(allWays(events([["t.f", "12:22:00"], ["t.a", "12:23:30"], ["t.d", "12:27:30"]]))).toEqual([["breached", "12:27:30", null, 240000]]);
  });

  it("a void at the deadline, then a stop at that instant: met, no warning", () => {
    // As above; the stop (a later event of 12:27:30) comes before the breach: met, 4 min on the clock.
    expect(allWays(events([["t.f", "12:22:00"], ["t.a", "12:23:30"], ["t.d", "12:27:30"], ["t.b", "12:27:30"]]))).toEqual([["met", "12:27:30", null, 240000]]);
  });

  it("a void one minute before the deadline: the past warning fires at the void, the others on time", () => {
    // Voided 12:26:30: due 12:27:30. 50% (12:25:30) fires at 12:26:30 (3 min on the clock),
    // 80% at 12:26:42 (192 s), PT30S at 12:27:00 (210 s), breach at 12:27:30.
    expect(allWays(events([["t.f", "12:22:00"], ["t.a", "12:23:30"], ["t.d", "12:26:30"]]))).toEqual([
      ["warning", "12:26:30", "50%", 180000],
      ["warning", "12:26:42", "80%", 192000],
      ["warning", "12:27:00", "PT30S", 210000],
      ["breached", "12:27:30", null, 240000],
    ]);
  });

  it("a requirement arriving at the deadline: breach only; arriving before it: the warning fires then", () => {
    // Started 12:00, due 12:04, 50% at 12:02. Confirmed at 12:04: no warning, breach at 12:04.
    expect(allWays(events([["r.a", "12:00:00"], ["r.e", "12:04:00"]]))).toEqual([["breached", "12:04:00", null, 240000]]);
    // Confirmed at 12:03: the 50% warning (12:02) fires at 12:03 with 3 min on the clock.
    expect(allWays(events([["r.a", "12:00:00"], ["r.e", "12:03:00"]]))).toEqual([
      ["warning", "12:03:00", "50%", 180000],
      ["breached", "12:04:00", null, 240000],
    ]);
  });
});
