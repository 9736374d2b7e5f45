import { describe, expect, it } from "vitest";
import { compileCalendar } from "../../src/calendar/calendar.js";
import { at, calendar, H, iso } from "./support.js";
import { localTime } from "../../src/calendar/zone.js";
import { compilePolicy, replayEvents } from "../../src/index.js";

const BRANCH = {
  hours: {
    mon: [["09:00", "12:00"], ["13:00", "17:30"]],
    tue: [["09:00", "12:00"], ["13:00", "17:30"]],
    wed: [["09:00", "12:00"], ["13:00", "17:30"]],
    thu: [["09:00", "12:00"], ["13:00", "17:30"]],
    fri: [["09:00", "12:00"], ["13:00", "17:00"]],
  },
  holidays: ["2026-10-01", "2026-10-02"],
};

const DAY = 24 * H;

describe("addBusinessTime (Asia/Shanghai, Mon–Fri with a lunch break)", () => {
  const cal = calendar(BRANCH);

  it("counts working time only, across the lunch break", () => {
    expect(iso(cal.addBusinessTime(at("2026-11-23T10:00:00+08:00"), 2 * H))).toBe("2026-11-23T04:00:00.000Z"); // 12:00, the end of the morning
    expect(iso(cal.addBusinessTime(at("2026-11-23T11:00:00+08:00"), 2 * H))).toBe("2026-11-23T06:00:00.000Z"); // 14:00
  });

  it("moves a start outside working hours to the next working period", () => {
    expect(iso(cal.addBusinessTime(at("2026-11-21T10:00:00+08:00"), H))).toBe("2026-11-23T02:00:00.000Z"); // Sat → Mon 10:00
    expect(iso(cal.addBusinessTime(at("2026-11-23T12:30:00+08:00"), 0))).toBe("2026-11-23T05:00:00.000Z"); // lunch → 13:00
    expect(iso(cal.addBusinessTime(at("2026-11-23T17:30:00+08:00"), 0))).toBe("2026-11-24T01:00:00.000Z"); // closing → next 09:00
  });

  it("carries what is left over the weekend, with Friday's shorter hours", () => {
    expect(iso(cal.addBusinessTime(at("2026-11-27T16:00:00+08:00"), 2 * H))).toBe("2026-11-30T02:00:00.000Z"); // Fri 16:00 + 1 h, Mon 09:00 + 1 h
  });

  it("skips holidays", () => {
    expect(iso(cal.addBusinessTime(at("2026-09-30T17:00:00+08:00"), H))).toBe("2026-10-05T01:30:00.000Z"); // Wed 17:00; Thu, Fri holidays; Mon 09:30
  });

  it("counts whole days as working days at the same time of day (a 15-day card application)", () => {
    // Mon 2026-11-02 10:00 + 15 working days = Mon 2026-11-23 10:00 (three weeks, no holidays).
    expect(iso(cal.addBusinessTime(at("2026-11-02T10:00:00+08:00"), 15 * DAY))).toBe("2026-11-23T02:00:00.000Z");
    // Received on a Saturday: counting starts Monday 09:00.
    expect(iso(cal.addBusinessTime(at("2026-11-07T15:00:00+08:00"), 15 * DAY))).toBe("2026-11-30T01:00:00.000Z");
    // Over the national holidays (Thu 1 and Fri 2 October are not working days).
    expect(iso(cal.addBusinessTime(at("2026-09-28T10:00:00+08:00"), 5 * DAY))).toBe("2026-10-07T02:00:00.000Z");
    // Thursday 17:15 + 1 day = Friday 17:15, after Friday's closing: moves to Monday 09:00.
    expect(iso(cal.addBusinessTime(at("2026-11-26T17:15:00+08:00"), DAY))).toBe("2026-11-30T01:00:00.000Z");
    // Days, then hours: Mon 16:00 + 1 day 2 h = Tue 16:00 + 2 h = Wed 09:30.
    expect(iso(cal.addBusinessTime(at("2026-11-23T16:00:00+08:00"), DAY + 2 * H))).toBe("2026-11-25T01:30:00.000Z");
  });

  it("measures business time between two instants", () => {
    expect(cal.businessTimeBetween(at("2026-11-23T11:00:00+08:00"), at("2026-11-23T14:00:00+08:00"))).toBe(2 * H);
    expect(cal.businessTimeBetween(at("2026-11-27T16:00:00+08:00"), at("2026-11-30T10:00:00+08:00"))).toBe(2 * H);
    expect(cal.businessTimeBetween(at("2026-11-23T14:00:00+08:00"), at("2026-11-23T11:00:00+08:00"))).toBe(0);
  });

  it("says when the branch closes: the end of the day's last period, or the declared closing time", () => {
    expect(iso(cal.closingOn(at("2026-11-23T10:00:00+08:00"))!)).toBe("2026-11-23T09:30:00.000Z"); // 17:30
    expect(iso(cal.closingOn(at("2026-11-27T10:00:00+08:00"))!)).toBe("2026-11-27T09:00:00.000Z"); // Friday 17:00
    expect(cal.closingOn(at("2026-11-28T10:00:00+08:00"))).toBeNull(); // Saturday
    const withClosing = calendar({ ...BRANCH, closing: "17:30" });
    expect(iso(withClosing.closingOn(at("2026-11-28T10:00:00+08:00"))!)).toBe("2026-11-28T09:30:00.000Z");
  });
});

describe("daylight saving time (America/New_York)", () => {
  const allDay = calendar({ hours: Object.fromEntries(["sun", "mon", "tue", "wed", "thu", "fri", "sat"].map((d) => [d, [["00:00", "24:00"]]])) }, "America/New_York");
  const office = calendar({ hours: { mon: [["09:00", "17:00"]], tue: [["09:00", "17:00"]], wed: [["09:00", "17:00"]], thu: [["09:00", "17:00"]], fri: [["09:00", "17:00"]] } }, "America/New_York");

  it("a spring-forward day has 23 working hours, a fall-back day 25", () => {
    expect(allDay.businessTimeBetween(at("2026-03-08T05:00:00Z"), at("2026-03-09T04:00:00Z"))).toBe(23 * H);
    expect(allDay.businessTimeBetween(at("2026-11-01T04:00:00Z"), at("2026-11-02T05:00:00Z"))).toBe(25 * H);
    expect(iso(allDay.addBusinessTime(at("2026-03-08T05:00:00Z"), 23 * H))).toBe("2026-03-09T04:00:00.000Z"); // next local midnight
  });

  it("office hours keep their local time on both sides of the change", () => {
    // Fri 16:00 EST + 2 h = Mon 10:00 EDT (14:00Z).
    expect(iso(office.addBusinessTime(at("2026-03-06T21:00:00Z"), 2 * H))).toBe("2026-03-09T14:00:00.000Z");
    // Fri 10:00 EST + 1 working day = Mon 10:00 EDT.
    expect(iso(office.addBusinessTime(at("2026-03-06T15:00:00Z"), DAY))).toBe("2026-03-09T14:00:00.000Z");
  });

  it("reads a local time in the gap just after it, and a repeated one as the earlier instant", () => {
    expect(iso(localTime({ year: 2026, month: 3, day: 8 }, 150, "America/New_York"))).toBe("2026-03-08T07:30:00.000Z"); // 02:30 → 03:30 EDT
    expect(iso(localTime({ year: 2026, month: 11, day: 1 }, 90, "America/New_York"))).toBe("2026-11-01T05:30:00.000Z"); // 01:30 EDT
  });
});

describe("compileCalendar diagnostics", () => {
  it("names each problem at its place", () => {
    const r = compileCalendar(
      { timezone: "Mars/Olympus", hours: { mon: [["12:00", "09:00"], ["09:00", "10:00"]], tue: [["09:00", "12:00"], ["11:00", "13:00"]] }, holidays: ["2026-02-30"], closing: "24:00" },
      "/calendars/x",
      "UTC",
    );
    expect(r.calendar).toBeNull();
    expect(r.diagnostics).toEqual([
      { code: "compile_unknown_timezone", severity: "error", message: 'unknown time zone "Mars/Olympus"', path: "/calendars/x/timezone" },
      { code: "compile_calendar_invalid", severity: "error", message: "the period 12:00–09:00 ends before it starts", path: "/calendars/x/hours/mon/0" },
      { code: "compile_calendar_invalid", severity: "error", message: "the period 11:00–13:00 starts before the previous one ends: list periods in order, without overlap", path: "/calendars/x/hours/tue/1" },
      { code: "compile_calendar_invalid", severity: "error", message: '"2026-02-30" is not a date', path: "/calendars/x/holidays/0" },
      { code: "compile_calendar_invalid", severity: "error", message: '"24:00" is not a local time "HH:MM"', path: "/calendars/x/closing" },
    ]);
  });

  it("refuses a calendar without any working hours", () => {
    expect(compileCalendar({ hours: {} }, "/calendars/none", "UTC").diagnostics).toEqual([
      { code: "compile_calendar_no_working_time", severity: "error", message: "no weekday has working hours, so no business deadline could ever fall", path: "/calendars/none/hours" },
    ]);
  });
});

describe("timing standards counted in business time (end to end)", () => {
  const compiled = compilePolicy({
    id: "card-service",
    title: "Card service",
    timezone: "Asia/Shanghai",
    calendars: { office: BRANCH },
    standards: [
      { id: "K1", kind: "timing", title: "Process a card application within 15 working days", start: "card.applied", stop: "card.issued", key: "application", within: "P15D", calendar: "office" },
      { id: "K2", kind: "timing", title: "Answer a query within 4 working hours", start: "query.received", stop: "query.answered", key: "query", within: "PT4H", calendar: "office" },
    ],
  });
  if (!compiled.ok) throw new Error(JSON.stringify(compiled.diagnostics));
  const ev = (id: string, type: string, time: string, data: Record<string, unknown>) => ({ id, type, subject: "customer-1", time, data });

  it("a 15-day application is due on the 15th working day and breached there, with no event", () => {
    const decisions = replayEvents(compiled.value, [ev("a", "card.applied", "2026-09-21T10:00:00+08:00", { application: "A1" })]);
    // 15 working days from Mon 21 Sep, skipping weekends and the 1–2 October holidays: Tue 14 Oct 10:00.
    expect(decisions.map((d) => [d.standard, d.status, d.dueAt, d.at])).toEqual([["K1", "breached", "2026-10-14T02:00:00.000Z", "2026-10-14T02:00:00.000Z"]]);
  });

  it("a query received at 16:00 on Friday (closing 17:00) is due at 12:00 on Monday; an answer at 10:30 Monday is met", () => {
    const decisions = replayEvents(compiled.value, [
      ev("q", "query.received", "2026-11-27T16:00:00+08:00", { query: "Q1" }),
      ev("r", "query.answered", "2026-11-30T10:30:00+08:00", { query: "Q1" }),
    ]);
    expect(decisions.map((d) => [d.standard, d.status, d.dueAt])).toEqual([["K2", "met", "2026-11-30T04:00:00.000Z"]]);
  });
});
