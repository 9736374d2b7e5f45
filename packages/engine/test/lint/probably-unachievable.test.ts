import { describe, expect, it } from "vitest";
import { lintPolicy } from "../../src/index.js";
import type { Decision, PolicyDoc, YardstickEvent } from "../../src/index.js";

const doc = {
  id: "dining",
  title: "Dining",
  events: { "guest.seated": {}, "guest.greeted": {}, "bill.presented": {}, "payment.placed": {} },
  standards: [
    { id: "R1", kind: "timing", title: "Greet a seated guest within 2 minutes", start: "guest.seated", stop: "guest.greeted", within: "PT2M" },
    { id: "R9", kind: "timing", title: "Present the bill within 4 minutes", start: "payment.placed", stop: "bill.presented", within: "PT4M" },
  ],
} as unknown as PolicyDoc;

let n = 0;
function ev(type: string, subject: string, time: string): YardstickEvent {
  return { id: `e${++n}`, type, subject, time: `2026-11-22T${time}+08:00` };
}

function decision(patch: Partial<Decision>): Decision {
  return { id: `d${++n}`, policy: "dining", version: 1, standard: "R1", subject: "v1", key: "R1", obligation: `R1|v1|#d${n}`, status: "met", startedAt: "2026-11-22T04:00:00.000Z", at: "2026-11-22T04:01:00.000Z", reasons: [], events: [], ...patch };
}

describe("lint_probably_unachievable", () => {
  it("flags a standard breached in more than half of the replayed cases, at its time limit", () => {
    const events = [
      ev("guest.seated", "v1", "12:00:00"), ev("guest.greeted", "v1", "12:01:00"), // met
      ev("guest.seated", "v2", "12:00:00"), ev("guest.greeted", "v2", "12:05:00"), // breached
      ev("guest.seated", "v3", "12:00:00"), // never greeted: breached at 12:02
      ev("payment.placed", "v1", "13:00:00"), ev("bill.presented", "v1", "13:01:00"), // R9 met
    ];
    expect(lintPolicy(doc, { events })).toEqual([
      {
        code: "lint_probably_unachievable",
        severity: "warning",
        path: "/standards/0/within",
        message: "R1 was breached in 2 of 3 recorded cases (67%): probably unachievable as written; revise the target with the staff who do the work",
      },
    ]);
  });

  it("does not flag exactly half, nor a standard without recorded cases", () => {
    const events = [
      ev("guest.seated", "v1", "12:00:00"), ev("guest.greeted", "v1", "12:02:00"), // met: "within" is inclusive
      ev("guest.seated", "v2", "12:00:00"), ev("guest.greeted", "v2", "12:02:01"), // breached
    ];
    expect(lintPolicy(doc, { events })).toEqual([]);
  });

  it("judges recorded decisions: last outcome per obligation, superseded and retracted ones dropped, other policies ignored", () => {
    const lateFix = decision({ status: "breached", subject: "v1" });
    const decisions = [
      lateFix,
      decision({ subject: "v1", status: "met", supersedes: [lateFix.id] }), // a late event turned v1 into met
      decision({ subject: "v2", status: "warning" }), // not a case
      decision({ subject: "v2", status: "breached" }),
      decision({ subject: "v3", status: "breached", retracted: true }),
      decision({ subject: "v4", status: "breached", policy: "other-policy" }),
      decision({ subject: "v5", status: "breached", startedAt: "2026-11-22T05:00:00.000Z" }),
      decision({ subject: "v5", status: "met", startedAt: "2026-11-22T06:00:00.000Z" }),
    ];
    // Cases: v1 met, v2 breached, v5@05:00 breached, v5@06:00 met → 2 of 4: not flagged.
    expect(lintPolicy(doc, { decisions })).toEqual([]);
    // A stricter threshold flags it.
    expect(lintPolicy(doc, { decisions, breachThreshold: 0.4 })).toEqual([
      {
        code: "lint_probably_unachievable",
        severity: "warning",
        path: "/standards/0/within",
        message: "R1 was breached in 2 of 4 recorded cases (50%): probably unachievable as written; revise the target with the staff who do the work",
      },
    ]);
  });

  it("waits for minCases before judging", () => {
    const decisions = [decision({ status: "breached" })];
    expect(lintPolicy(doc, { decisions }).map((d) => d.message)).toEqual([
      "R1 was breached in 1 of 1 recorded cases (100%): probably unachievable as written; revise the target with the staff who do the work",
    ]);
    expect(lintPolicy(doc, { decisions, minCases: 2 })).toEqual([]);
  });
});
