import { describe, expect, it } from "vitest";
import { compilePolicy, replayEvents } from "../../src/index.js";

const levels = (extra: Record<string, unknown>[] = []) => [
  { level: "general", owner: "agent" },
  { level: "hot", owner: "manager", when: { fact: "subject", path: "$.mediaRisk", operator: "equal", value: true } },
  ...extra,
];

describe("compileEscalation diagnostics", () => {
  it("names each problem at its place", () => {
    const r = compilePolicy({
      id: "c",
      title: "C",
      standards: [
        { id: "C1", kind: "escalation", title: "Levels", open: "complaint.opened", calendar: "office", levels: levels([{ level: "hot", owner: "director", age: "P7D" }]) },
        { id: "C2", kind: "escalation", title: "Levels", open: "complaint.opened", levels: [{ level: "general", owner: "agent", age: "P1D" }, { level: "major", owner: "director" }] },
      ],
    });
    expect(r.ok).toBe(false);
    expect(r.diagnostics).toEqual([
      { code: "compile_unknown_calendar", severity: "error", message: 'calendar "office" is not declared in "calendars"', path: "/standards/0/calendar" },
      { code: "compile_escalation_duplicate_level", severity: "error", message: 'level "hot" is already /levels/1', path: "/standards/0/levels/2/level" },
      { code: "compile_escalation_first_level_criterion", severity: "error", message: '"general" is the first level, which every case has from its opening: move its criteria to a higher level', path: "/standards/1/levels/0" },
      { code: "compile_escalation_unreachable_level", severity: "error", message: '"major" can never be reached: give it a "when" condition, an "age", an "aggregate" or "combinations"', path: "/standards/1/levels/1" },
    ]);
  });
});

describe("escalation standards", () => {
  it("counts an age in business time when the standard names a calendar", () => {
    const compiled = compilePolicy({
      id: "c",
      title: "C",
      timezone: "Asia/Shanghai",
      calendars: { office: { hours: Object.fromEntries(["mon", "tue", "wed", "thu", "fri"].map((d) => [d, [["09:00", "17:00"]]])) } },
      standards: [{ id: "C1", kind: "escalation", title: "Escalate after 2 working days", open: "complaint.opened", resolve: "complaint.resolved", calendar: "office", levels: levels([{ level: "major", owner: "director", age: "P2D" }]) }],
    });
    if (!compiled.ok) throw new Error(JSON.stringify(compiled.diagnostics));
    // Friday 16:00 + 2 working days = Tuesday 16:00.
    const d = replayEvents(compiled.value, [{ id: "o", type: "complaint.opened", subject: "k-1", time: "2026-11-27T16:00:00+08:00", data: {} }]);
    expect(d.map((x) => [x.level, x.at, x.reasons])).toEqual([
      ["general", "2026-11-27T08:00:00.000Z", ["opened: general until a criterion of a higher level holds"]],
      ["major", "2026-12-01T08:00:00.000Z", ["unresolved 2 days of business time after it was opened at 2026-11-27T08:00:00.000Z"]],
    ]);
  });

  it("ignores events of a case that was never opened, and classifies a case without a group", () => {
    const compiled = compilePolicy({
      id: "c",
      title: "C",
      standards: [
        {
          id: "C1",
          kind: "escalation",
          title: "Hot at 2 complainants a day",
          open: "complaint.opened",
          update: "complaint.updated",
          levels: levels([{ level: "major", owner: "director", aggregate: { groupKey: "topic", distinctKey: "complainant", within: "P1D", atLeast: 2 } }]),
        },
      ],
    });
    if (!compiled.ok) throw new Error(JSON.stringify(compiled.diagnostics));
    const d = replayEvents(compiled.value, [
      { id: "u", type: "complaint.updated", subject: "k-1", time: "2026-11-27T08:00:00Z", data: { mediaRisk: true } },
      { id: "o1", type: "complaint.opened", subject: "k-1", time: "2026-11-27T09:00:00Z", data: { complainant: "a" } },
      { id: "o2", type: "complaint.opened", subject: "k-2", time: "2026-11-27T10:00:00Z", data: { complainant: "b", topic: "lift" } },
      { id: "o3", type: "complaint.opened", subject: "k-3", time: "2026-11-27T11:00:00Z", data: { complainant: "c", topic: "lift" } },
    ]);
    expect(d.map((x) => [x.subject, x.level, x.at, x.owner])).toEqual([
      // k-1's facts carry mediaRisk from the update that came before it was opened.
      ["k-1", "hot", "2026-11-27T09:00:00.000Z", "manager"],
      ["k-2", "general", "2026-11-27T10:00:00.000Z", "agent"],
      ["k-3", "major", "2026-11-27T11:00:00.000Z", "director"],
      ["k-2", "major", "2026-11-27T11:00:00.000Z", "director"],
    ]);
    expect(new Set(d.map((x) => x.id)).size).toBe(d.length);
  });
});
