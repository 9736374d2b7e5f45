import { describe, expect, it } from "vitest";
import type { Decision, YardstickEvent } from "@yardstick/engine";
import { layoutTimeline, makeTicks, zoneOffsetMs } from "./timeline-layout.js";

const T = (hhmmss: string) => `2026-11-22T${hhmmss}+08:00`;
let n = 0;
function decision(p: Partial<Decision> & Pick<Decision, "standard" | "status" | "at">): Decision {
  return { id: `d${++n}`, policy: "restaurant-dining", version: 1, subject: "visit-1", key: p.standard, obligation: `${p.standard}|visit-1|d${n}`, reasons: [], events: [], ...p };
}
const events: YardstickEvent[] = [
  { id: "e1", type: "guest.seated", subject: "visit-1", time: T("12:00:00") },
  { id: "e2", type: "guest.greeted", subject: "visit-1", time: T("12:03:00") },
];
// 12:00 → 12:10 with 4% padding each side on a 1000 px wide plot starting at 180.
const opts = { width: 1012, labelWidth: 180, timeZone: "Asia/Shanghai", standardOrder: ["R1", "R2"] };

describe("layoutTimeline", () => {
  it("draws a breached obligation up to its deadline and the overrun to the late stop", () => {
    const atDeadline = decision({ standard: "R1", status: "breached", startedAt: T("12:00:00"), dueAt: T("12:02:00"), at: T("12:02:00") });
    const lateStop = decision({ standard: "R1", status: "breached", startedAt: T("12:00:00"), dueAt: T("12:02:00"), at: T("12:03:00") });
    const l = layoutTimeline([atDeadline, lateStop], events, opts);
    expect(l.rows).toHaveLength(1);
    const [row] = l.rows;
    const x = (t: string) => l.plotX0 + ((Date.parse(t) - l.t0) / (l.t1 - l.t0)) * (l.plotX1 - l.plotX0);
    expect(row.bars).toEqual([
      { x0: x(T("12:00:00")), x1: x(T("12:02:00")), status: "breached", dueX: x(T("12:02:00")), decisions: [atDeadline, lateStop], overrun: { x0: x(T("12:02:00")), x1: x(T("12:03:00")), unfinished: false } },
    ]);
    expect(row.marks).toEqual([{ x: x(T("12:02:00")), kind: "breach", decision: atDeadline }]);
  });

  it("keeps met and breached obligations apart and marks warnings", () => {
    const warn = decision({ standard: "R2", key: "R2/cola", status: "warning", startedAt: T("12:01:00"), dueAt: T("12:05:00"), at: T("12:04:00") });
    const met = decision({ standard: "R2", key: "R2/cola", status: "met", startedAt: T("12:01:00"), dueAt: T("12:05:00"), at: T("12:04:30") });
    const breach = decision({ standard: "R1", status: "breached", startedAt: T("12:00:00"), dueAt: T("12:02:00"), at: T("12:02:00") });
    const l = layoutTimeline([breach, warn, met], events, opts);
    expect(l.rows.map((r) => [r.key, r.bars.map((b) => b.status), r.marks.map((m) => m.kind)])).toEqual([
      ["R1", ["breached"], ["breach"]],
      ["R2/cola", ["met"], ["warning"]],
    ]);
    // A breach with no stop at all runs on, unfinished, to the end of the axis.
    expect(l.rows[0].bars[0].overrun).toEqual({ x0: l.rows[0].bars[0].x1, x1: l.plotX1, unfinished: true });
    expect(l.rows[1].bars[0].overrun).toBeUndefined();
  });

  it("groups rows by subject and caps their number", () => {
    const many = Array.from({ length: 5 }, (_, i) => decision({ standard: "R1", subject: `visit-${i}`, status: "met", startedAt: T("12:00:00"), at: T("12:01:00") }));
    const l = layoutTimeline(many, [], { ...opts, maxRows: 3, rowHeight: 20, groupHeight: 10, axisHeight: 30 });
    expect(l.rows.map((r) => [r.subject, r.y])).toEqual([
      ["visit-0", 40],
      ["visit-1", 70],
      ["visit-2", 100],
    ]);
    expect(l.groups).toEqual([
      { subject: "visit-0", y: 30 },
      { subject: "visit-1", y: 60 },
      { subject: "visit-2", y: 90 },
    ]);
    expect(l.hiddenRows).toBe(2);
    expect(l.height).toBe(128);
  });

  it("orders subjects naturally: visit-2 before visit-10", () => {
    const ds = ["visit-10", "visit-2", "visit-1"].map((subject) => decision({ standard: "R1", subject, status: "met", startedAt: T("12:00:00"), at: T("12:01:00") }));
    expect(layoutTimeline(ds, [], opts).rows.map((r) => r.subject)).toEqual(["visit-1", "visit-2", "visit-10"]);
  });

  it("draws escalation levels as rising steps in the policy's order", () => {
    const a = decision({ standard: "C1", status: "classified", level: "general", at: T("12:00:00") });
    const b = decision({ standard: "C1", status: "classified", level: "hot", at: T("12:05:00") });
    const l = layoutTimeline([a, b], [], { ...opts, levelOrder: { C1: ["general", "important", "hot", "major"] } });
    const steps = l.rows[0].steps;
    expect(steps.map((s) => [s.level, s.rank])).toEqual([
      ["general", 1],
      ["hot", 3],
    ]);
    expect(steps[0].x + steps[0].width).toBe(steps[1].x);
    expect(steps[1].x + steps[1].width).toBe(l.plotX1);
    expect(l.rows[0].maxRank).toBe(3);
  });

  it("shows a violation as a mark", () => {
    const v = decision({ standard: "Q1", status: "violation", at: T("12:00:00"), ticket: "A2", overtaken: ["A1"] });
    expect(layoutTimeline([v], [], opts).rows[0].marks.map((m) => m.kind)).toEqual(["violation"]);
  });
});

describe("ticks", () => {
  it("falls on round local times", () => {
    const t0 = Date.parse(T("11:59:10"));
    const t1 = Date.parse(T("12:10:00"));
    const ticks = makeTicks(t0, t1, (t) => t, 6, "Asia/Shanghai");
    expect(ticks.map((t) => t.label)).toEqual(["12:00", "12:02", "12:04", "12:06", "12:08", "12:10"]);
  });

  it("knows zone offsets", () => {
    expect(zoneOffsetMs(Date.parse("2026-11-22T04:00:00Z"), "Asia/Shanghai")).toBe(8 * 3_600_000);
    expect(zoneOffsetMs(Date.parse("2026-07-01T12:00:00Z"), "Europe/Berlin")).toBe(2 * 3_600_000);
    expect(zoneOffsetMs(Date.parse("2026-07-01T12:00:00Z"), "UTC")).toBe(0);
  });
});
