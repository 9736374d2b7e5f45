/**
 * Issue 11: declared workdays (make-up days, half days), calendar months and
 * calendar-aligned deadlines. Expected instants computed by hand (comments).
 */
import { describe, expect, it } from "vitest";
import { compileCalendar } from "../../src/calendar/calendar.js";
import { at, calendar, H, iso } from "./support.js";
import { addMonths, ruleDeadline, type DeadlineRule } from "../../src/calendar/deadline.js";
import { compilePolicy, replayEvents } from "../../src/index.js";

const WEEK = {
  mon: [["09:00", "12:00"], ["13:00", "17:30"]],
  tue: [["09:00", "12:00"], ["13:00", "17:30"]],
  wed: [["09:00", "12:00"], ["13:00", "17:30"]],
  thu: [["09:00", "12:00"], ["13:00", "17:30"]],
  fri: [["09:00", "12:00"], ["13:00", "17:30"]],
};


describe("workdays: make-up days and half days", () => {
  const cal = calendar({ hours: WEEK, holidays: ["2026-10-01", "2026-10-02", "2026-10-05", "2026-10-06", "2026-10-07"], workdays: { "2026-10-10": "mon", "2026-09-30": [["09:00", "12:00"]], "2026-10-11": [["10:00", "12:00"]] }, closing: "17:30" });

  it("a 调休 Saturday is worked with the hours it names", () => {
    // Fri 9 Oct 17:00 + 1 working hour: 30 min on Friday, then Sat 10 Oct 09:00 + 30 min.
    expect(iso(cal.addBusinessTime(at("2026-10-09T17:00:00+08:00"), H))).toBe("2026-10-10T01:30:00.000Z");
    // Sat 10 Oct has 7.5 working hours (Monday's), Sun 11 Oct the two declared ones.
    expect(cal.businessTimeBetween(at("2026-10-10T00:00:00+08:00"), at("2026-10-12T00:00:00+08:00"))).toBe(9.5 * H);
  });

  it("a half day counts its morning only, and closes at noon whatever the calendar's closing", () => {
    expect(cal.businessTimeBetween(at("2026-09-30T00:00:00+08:00"), at("2026-10-01T00:00:00+08:00"))).toBe(3 * H);
    expect(iso(cal.closingOn(at("2026-09-30T10:00:00+08:00"))!)).toBe("2026-09-30T04:00:00.000Z"); // 12:00
    expect(iso(cal.closingOn(at("2026-09-29T10:00:00+08:00"))!)).toBe("2026-09-29T09:30:00.000Z"); // 17:30, an ordinary day
  });

  it("a working-day count passes holidays and lands on the make-up day", () => {
    // Wed 30 Sep 10:00 + P1D: the next working day is Thu 8 Oct (1–7 holidays or weekend), same time of day.
    expect(iso(cal.addBusinessTime(at("2026-09-30T10:00:00+08:00"), 24 * H))).toBe("2026-10-08T02:00:00.000Z");
    // Thu 8 Oct 10:00 + P2D: Fri 9 Oct, then Sat 10 Oct (make-up) at 10:00.
    expect(iso(cal.addBusinessTime(at("2026-10-08T10:00:00+08:00"), 48 * H))).toBe("2026-10-10T02:00:00.000Z");
  });

  it("refuses a date that is both a holiday and a workday, an impossible date and a bad period, each at its field", () => {
    const r = compileCalendar({ hours: WEEK, holidays: ["2026-10-01"], workdays: { "2026-10-01": "mon", "2026-02-30": "mon", "2026-10-10": [["12:00", "09:00"]] } }, "/calendars/c", "UTC");
    expect(r.calendar).toBeNull();
    expect(r.diagnostics.map((d) => [d.code, d.path])).toEqual([
      ["compile_calendar_invalid", "/calendars/c/workdays/2026-10-01"],
      ["compile_calendar_invalid", "/calendars/c/workdays/2026-02-30"],
      ["compile_calendar_invalid", "/calendars/c/workdays/2026-10-10/0"],
    ]);
  });

  it("accepts a calendar whose only working time is declared dates", () => {
    const only = calendar({ hours: {}, workdays: { "2026-12-05": [["09:00", "12:00"]] } }, "UTC");
    expect(iso(only.addBusinessTime(at("2026-12-01T00:00:00Z"), H))).toBe("2026-12-05T10:00:00.000Z");
  });
});

describe("addMonths: calendar months, end of month clamped, the same local time across DST", () => {
  it("clamps to the month's last day", () => {
    expect(iso(addMonths(at("2027-01-31T10:00:00Z"), 1, "UTC"))).toBe("2027-02-28T10:00:00.000Z");
    expect(iso(addMonths(at("2028-01-31T10:00:00Z"), 1, "UTC"))).toBe("2028-02-29T10:00:00.000Z");
    expect(iso(addMonths(at("2026-03-31T10:00:00Z"), 1, "UTC"))).toBe("2026-04-30T10:00:00.000Z");
    expect(iso(addMonths(at("2026-12-15T10:00:00Z"), 2, "UTC"))).toBe("2027-02-15T10:00:00.000Z"); // across the year
    expect(iso(addMonths(at("2026-02-28T10:00:00Z"), 12, "UTC"))).toBe("2027-02-28T10:00:00.000Z");
  });

  it("keeps the wall-clock time across a DST change (Europe/London)", () => {
    // 15 Mar 2027 10:00 GMT (10:00Z) + 1 month = 15 Apr 2027 10:00 BST (09:00Z).
    expect(iso(addMonths(at("2027-03-15T10:00:00Z"), 1, "Europe/London"))).toBe("2027-04-15T09:00:00.000Z");
    // 15 Oct 2026 10:00 BST (09:00Z) + 1 month = 15 Nov 2026 10:00 GMT (10:00Z).
    expect(iso(addMonths(at("2026-10-15T09:00:00Z"), 1, "Europe/London"))).toBe("2026-11-15T10:00:00.000Z");
  });
});

describe("ruleDeadline", () => {
  const rule = (r: Partial<DeadlineRule>): DeadlineRule => ({ from: "start", months: 0, ms: 0, at: null, ...r });
  const london = calendar({ timezone: "Europe/London", hours: { mon: [["09:00", "17:00"]], tue: [["09:00", "17:00"]], wed: [["09:00", "17:00"]], thu: [["09:00", "17:00"]], fri: [["09:00", "17:00"]] } });

  it("wall time: by 10:00 the next day, within three days from the next day, the next 18:00", () => {
    // Mon 2 Nov 15:00 +08 → Tue 3 Nov 10:00.
    expect(iso(ruleDeadline(rule({ from: "nextDay", at: 600 }), at("2026-11-02T15:00:00+08:00"), "Asia/Shanghai", null))).toBe("2026-11-03T02:00:00.000Z");
    // Mon 2 Nov 15:00 → Tue 00:00 + 72 h = Fri 6 Nov 00:00 +08.
    expect(iso(ruleDeadline(rule({ from: "nextDay", ms: 72 * H }), at("2026-11-02T15:00:00+08:00"), "Asia/Shanghai", null))).toBe("2026-11-05T16:00:00.000Z");
    // "by 18:00": at 19:00 the next 18:00 is tomorrow's; at 17:00 it is today's.
    expect(iso(ruleDeadline(rule({ at: 1080 }), at("2026-11-02T19:00:00+08:00"), "Asia/Shanghai", null))).toBe("2026-11-03T10:00:00.000Z");
    expect(iso(ruleDeadline(rule({ at: 1080 }), at("2026-11-02T17:00:00+08:00"), "Asia/Shanghai", null))).toBe("2026-11-02T10:00:00.000Z");
  });

  it("wall time across DST: the next day at 10:00 is 10:00 on the local clock (Europe/London, 25 Oct 2026)", () => {
    // Sat 24 Oct 12:00 BST → Sun 25 Oct 10:00 GMT (the clocks went back at 02:00): 10:00Z, 23 h later.
    const due = ruleDeadline(rule({ from: "nextDay", at: 600 }), at("2026-10-24T11:00:00Z"), "Europe/London", null);
    expect(iso(due)).toBe("2026-10-25T10:00:00.000Z");
    // Within one day from the next day, wall time: 24 h after Sun 00:00 BST (23:00Z Sat) = Sun 23:00Z = 23:00 GMT.
    expect(iso(ruleDeadline(rule({ from: "nextDay", ms: 24 * H }), at("2026-10-24T11:00:00Z"), "Europe/London", null))).toBe("2026-10-25T23:00:00.000Z");
  });

  it("business time: by 10:00 the next working day across a weekend and a DST change", () => {
    // Fri 23 Oct 16:00 BST → Mon 26 Oct 10:00 GMT.
    expect(iso(ruleDeadline(rule({ from: "nextWorkingDay", at: 600 }), at("2026-10-23T15:00:00Z"), "UTC", london))).toBe("2026-10-26T10:00:00.000Z");
    // Fri 26 Mar 2027 16:00 GMT → Mon 29 Mar 10:00 BST = 09:00Z.
    expect(iso(ruleDeadline(rule({ from: "nextWorkingDay", at: 600 }), at("2027-03-26T16:00:00Z"), "UTC", london))).toBe("2027-03-29T09:00:00.000Z");
  });

  it("business time: within three working days from the next day, and one month counted from the next working instant", () => {
    // Mon 2 Nov 15:00 GMT: next day Tue 00:00 → working instant Tue 09:00 → + 3 working days = Fri 6 Nov 09:00.
    expect(iso(ruleDeadline(rule({ from: "nextDay", ms: 72 * H }), at("2026-11-02T15:00:00Z"), "UTC", london))).toBe("2026-11-06T09:00:00.000Z");
    // Sat 31 Oct 2026 12:00 GMT + P1M: counted from Mon 2 Nov 09:00 → Wed 2 Dec 09:00.
    expect(iso(ruleDeadline(rule({ months: 1 }), at("2026-10-31T12:00:00Z"), "UTC", london))).toBe("2026-12-02T09:00:00.000Z");
    // 31 Jan 2028 (Mon) 10:00 + P1M → 29 Feb 2028 (Tue) 10:00, a working instant.
    expect(iso(ruleDeadline(rule({ months: 1 }), at("2028-01-31T10:00:00Z"), "UTC", london))).toBe("2028-02-29T10:00:00.000Z");
  });

  it("business time: an `at` outside working hours moves to the next working period", () => {
    // by 08:00 the next working day, opening at 09:00: 09:00.
    expect(iso(ruleDeadline(rule({ from: "nextWorkingDay", at: 480 }), at("2026-11-02T15:00:00Z"), "UTC", london))).toBe("2026-11-03T09:00:00.000Z");
  });
});

describe("compiling calendar-aligned limits", () => {
  const doc = (standard: Record<string, unknown>, calendars?: unknown) => ({
    id: "p",
    title: "P",
    timezone: "Asia/Shanghai",
    ...(calendars ? { calendars } : {}),
    standards: [{ id: "K1", kind: "timing", title: "T", start: "a.started", stop: "a.done", ...standard }],
  });

  it("refuses `within` together with `deadline`, and nextWorkingDay without a calendar", () => {
    const r = compilePolicy(doc({ within: "PT2H", deadline: { from: "nextWorkingDay", at: "10:00" } }));
    expect(r.ok).toBe(false);
    expect(r.diagnostics.map((d) => [d.code, d.path])).toEqual([
      ["compile_deadline_conflict", "/standards/0/deadline"],
      ["compile_deadline_needs_calendar", "/standards/0/deadline/from"],
    ]);
  });

  it("refuses months outside a timing standard's limit, and more than 12 months", () => {
    const hold = compilePolicy(doc({ within: "P1M", suspend: { from: "x.held", until: "x.released", maxHold: "P1M" } }));
    expect(hold.diagnostics.map((d) => [d.code, d.path])).toEqual([["compile_duration_invalid", "/standards/0/suspend/maxHold"]]);
    const long = compilePolicy(doc({ within: "P13M" }));
    expect(long.diagnostics.map((d) => [d.code, d.path, d.message])).toEqual([["compile_limit_exceeded", "/standards/0/within", 'duration "P13M" counts 13 calendar months; the limit is 12']]);
    expect(compilePolicy(doc({ within: "P12M" })).ok).toBe(true);
  });

  it("requires maxHold for holds on a calendar-aligned standard (every hold must end)", () => {
    const r = compilePolicy(doc({ within: "P1M", suspend: { from: "x.held", until: "x.released" } }));
    expect(r.diagnostics.map((d) => d.code)).toEqual(["compile_hold_unbounded"]);
  });

  it("a P1M standard held for a week with resume continue is due a week later (remaining time runs on)", () => {
    const c = compilePolicy(doc({ within: "P1M", key: "k", suspend: { from: "x.held", until: "x.released", resume: "continue", maxHold: "P30D" } }));
    expect(c.ok && c.diagnostics).toEqual([]);
    if (!c.ok) return;
    const e = (type: string, time: string) => ({ id: `${type}@${time}`, type, subject: "s", time, data: { k: "1" } });
    // Started 31 Jan 10:00 → due 28 Feb 10:00 (clamped); held 1 Feb 10:00 with 27 days left; released 8 Feb 10:00 → due 8 Feb + 27 days = 7 Mar 10:00 (+08).
    const decisions = replayEvents(c.value, [e("a.started", "2027-01-31T10:00:00+08:00"), e("x.held", "2027-02-01T10:00:00+08:00"), e("x.released", "2027-02-08T10:00:00+08:00")], { until: "2027-04-01T00:00:00+08:00" });
    expect(decisions.map((d) => [d.status, d.at, d.dueAt])).toEqual([["breached", "2027-03-07T02:00:00.000Z", "2027-03-07T02:00:00.000Z"]]);
  });
});
