/** Issue 11, item 7: closing time without a recorded refusal (`servedBy`). */
import { describe, expect, it } from "vitest";
import { compilePolicy, replayEvents } from "../../src/index.js";

const doc = (queue: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({
  id: "q",
  title: "Q",
  timezone: "Asia/Shanghai",
  ...extra,
  standards: [{ id: "Q3", kind: "queue", title: "Serve everyone who came before closing", issue: "ticket.issued", ...queue }],
});

const ev = (type: string, time: string, ticket: string) => ({ id: `${type}/${ticket}`, type, subject: "branch", time, data: { ticket } });

describe("queue servedBy", () => {
  it("needs a closing time to count from and a call event to know who was served", () => {
    const r = compilePolicy(doc({ servedBy: "PT30M" }));
    expect(r.diagnostics.map((d) => [d.code, d.path])).toEqual([
      ["compile_queue_no_check", "/standards/0"],
      ["compile_queue_missing_event", "/standards/0/servedBy"],
      ["compile_queue_served_by_without_closing", "/standards/0/servedBy"],
    ]);
  });

  it("counts from a calendar's closing, which on a half day is the end of its morning", () => {
    const c = compilePolicy(
      doc(
        { call: "ticket.called", closing: { calendar: "branch" }, servedBy: "PT15M" },
        { calendars: { branch: { hours: { wed: [["09:00", "17:00"]] }, closing: "17:00", workdays: { "2026-09-30": [["09:00", "12:00"]] } } } },
      ),
    );
    expect(c.diagnostics).toEqual([]);
    if (!c.ok) return;
    // Wed 30 Sep is a half day closing 12:00: A1 (11:50) must be called by 12:15; A2 (12:05) came after closing.
    const decisions = replayEvents(c.value, [ev("ticket.issued", "2026-09-30T11:50:00+08:00", "A1"), ev("ticket.issued", "2026-09-30T12:05:00+08:00", "A2")], { until: "2026-09-30T18:00:00+08:00" });
    expect(decisions.map((d) => [d.ticket, d.status, d.at, d.reasons])).toEqual([["A1", "violation", "2026-09-30T04:15:00.000Z", ["A1 was issued at 11:50, before closing at 12:00, and was still not served at 12:15, 15 min after closing"]]]);
  });

  it("keeps a ticket past forgetAfter until its servedBy check is made (a lost ticket is one nobody served)", () => {
    const c = compilePolicy(doc({ call: "ticket.called", closing: "17:30", servedBy: "PT30M", forgetAfter: "PT1H" }));
    expect(c.diagnostics).toEqual([]);
    if (!c.ok) return;
    // A1 at 09:00 would be forgotten at 10:00; an event at 12:00 (forget runs on events) must not drop it before 18:00.
    const decisions = replayEvents(c.value, [ev("ticket.issued", "2026-11-23T09:00:00+08:00", "A1"), ev("ticket.issued", "2026-11-23T12:00:00+08:00", "A2"), ev("ticket.called", "2026-11-23T12:01:00+08:00", "A2")], { until: "2026-11-23T19:00:00+08:00" });
    expect(decisions.map((d) => [d.ticket, d.status, d.at])).toEqual([["A1", "violation", "2026-11-23T10:00:00.000Z"]]);
  });
});
