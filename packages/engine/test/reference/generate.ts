/**
 * fast-check generators of timing policies (holds, keys, anchors, restarts, calendars
 * with holidays, lunch breaks and time zones, warnings, promises) and of small event
 * streams for them. Cases are small on purpose: many of them run per CI build.
 */
import fc from "fast-check";
import type { RefEvent } from "./ref-standard.js";

export interface GenFeatures {
  /** Fields added by issue 10 (void, maxHold, warnAt): off to probe an engine without them. */
  extended: boolean;
}

const ZONES = ["UTC", "Asia/Shanghai", "Europe/Berlin", "America/New_York"];
/** 2026-03-02 (a Monday) 08:00 UTC: streams reach the March DST changes of Berlin and New York. */
export const BASE = Date.parse("2026-03-02T08:00:00Z");

/** The hours of each generated workday: a weekday's name or the date's own periods. */
const WORKDAY_HOURS = new Map<string, string | Array<[string, string]>>([
  ["2026-03-07", "mon"], // Saturday worked with Monday's hours
  ["2026-03-08", [["10:00", "12:00"]]], // Sunday morning
  ["2026-03-04", [["09:00", "12:00"]]], // half day
  ["2026-03-12", [["08:00", "10:00"], ["15:00", "16:30"]]],
  ["2026-03-28", "fri"], // Saturday, the eve of Berlin's DST change
]);

const calendarArb = fc.record({
  timezone: fc.option(fc.constantFrom(...ZONES), { nil: undefined }),
  lunch: fc.boolean(),
  saturday: fc.boolean(),
  holidays: fc.subarray(["2026-03-03", "2026-03-06", "2026-03-09", "2026-03-30"]),
  // Issue 11: a make-up Saturday and Sunday (调休), a half day, a day with odd hours.
  workdays: fc.subarray(["2026-03-07", "2026-03-08", "2026-03-04", "2026-03-12", "2026-03-28"]),
}).map(({ timezone, lunch, saturday, holidays, workdays }) => {
  const day: Array<[string, string]> = lunch ? [["09:00", "12:00"], ["13:00", "17:30"]] : [["08:00", "18:00"]];
  return {
    ...(timezone ? { timezone } : {}),
    hours: { mon: day, tue: day, wed: day, thu: day, fri: [["09:00", "16:00"]] as Array<[string, string]>, ...(saturday ? { sat: [["10:00", "14:00"]] as Array<[string, string]> } : {}) },
    ...(holidays.length ? { holidays } : {}),
    ...(workdays.length ? { workdays: Object.fromEntries(workdays.map((d) => [d, WORKDAY_HOURS.get(d)!])) } : {}),
  };
});

/** Calendar-aligned limits by the generator's draw (indexes past the end: a fixed `within`). */
const WALL_RULES: Array<Record<string, unknown>> = [
  { within: "P1M" },
  { deadline: { from: "nextDay", at: "10:00" } },
  { deadline: { from: "nextDay", within: "PT30M" } },
  { deadline: { at: "09:15" } },
  { deadline: { from: "nextDay" } },
];
const BUSINESS_RULES: Array<Record<string, unknown>> = [
  { within: "P1M" },
  { deadline: { from: "nextWorkingDay", at: "10:00" } },
  { deadline: { from: "nextDay", within: "PT4H" } },
  { deadline: { from: "nextWorkingDay", within: "P1D", at: "11:30" } },
  { deadline: { at: "16:00" } },
];

const wallLimit = fc.constantFrom("PT1M", "PT2M", "PT4M", "PT5M", "PT10M", "PT30M");
const bizLimit = fc.constantFrom("PT2H", "PT4H", "PT13H", "P1D", "P2D");

function standardArb(id: string, business: boolean, f: GenFeatures) {
  return fc
    .record({
      startWhen: fc.boolean(),
      stopIsStart: fc.integer({ min: 0, max: 9 }),
      twoStops: fc.boolean(),
      cancel: fc.boolean(),
      requires: fc.integer({ min: 0, max: 5 }),
      key: fc.boolean(),
      once: fc.integer({ min: 0, max: 5 }),
      within: business ? bizLimit : wallLimit,
      promise: fc.integer({ min: 0, max: 5 }),
      noWithin: fc.boolean(),
      suspend: fc.option(
        fc.record({
          key: fc.boolean(),
          resume: fc.constantFrom("restart", "continue"),
          twoUntils: fc.boolean(),
          void: fc.boolean(),
          maxHold: fc.option(business ? fc.constantFrom("PT1H", "PT3H", "P1D") : fc.constantFrom("PT1M", "PT3M", "PT7M"), { nil: undefined }),
        }),
        { nil: undefined, freq: 2 },
      ),
      warnBefore: fc.option(business ? fc.constantFrom("PT30M", "PT1H") : fc.constantFrom("PT30S", "PT45S"), { nil: undefined }),
      warnAt: fc.subarray(["25%", "50%", "80%"]),
      // Issue 11: a calendar-aligned limit instead of a fixed `within`, in about one standard in four.
      rule: fc.integer({ min: 0, max: 19 }),
    })
    .map((g) => {
      const s: Record<string, unknown> = {
        id,
        kind: "timing",
        title: `${id} within a limit`,
        start: g.startWhen ? { event: "t.a", when: { all: [{ fact: "data", path: "$.v", operator: "equal", value: 1 }] } } : "t.a",
        stop: g.stopIsStart === 0 ? ["t.b", "t.a"] : g.twoStops ? ["t.b", "t.c2"] : "t.b",
        within: g.within,
      };
      if (g.cancel) s.cancel = "t.c";
      if (g.requires === 0) s.requires = "t.e";
      if (g.key) s.key = "k";
      if (g.once === 0) s.once = true;
      if (g.promise === 0) s.deadlineFrom = { due: "due", within: "within" };
      if (g.suspend) {
        const sp = g.suspend;
        s.suspend = {
          from: "t.f",
          until: sp.twoUntils ? ["t.g", "t.h"] : "t.g",
          ...(sp.key ? { key: "hk" } : {}),
          resume: sp.resume,
          ...(f.extended && sp.void ? { void: "t.d" } : {}),
          ...(f.extended && sp.maxHold ? { maxHold: sp.maxHold } : {}),
        };
      }
      const rule = f.extended ? (business ? BUSINESS_RULES : WALL_RULES)[g.rule] : undefined;
      if (rule) {
        delete s.within;
        Object.assign(s, rule);
        // A hold of a calendar-aligned standard needs its own bound (compile_hold_unbounded).
        if (s.suspend && !(s.suspend as { maxHold?: string }).maxHold) s.suspend = { ...(s.suspend as object), maxHold: business ? "PT3H" : "PT3M" };
      }
      if (g.warnBefore && (rule || parse(g.warnBefore) < parse(g.within))) s.warnBefore = g.warnBefore;
      if (f.extended && g.warnAt.length) s.warnAt = g.warnAt;
      if (business) s.calendar = "office";
      // A promise-only standard: a start without a valid deadline is cancelled; its holds need a bound.
      if (g.promise === 0 && g.noWithin) {
        delete s.within;
        delete s.deadline;
        delete s.warnBefore;
        if (s.suspend && f.extended) s.suspend = { maxHold: business ? "PT3H" : "PT3M", ...(s.suspend as object) };
      }
      return s;
    });
}

function parse(d: string): number {
  const m = /^P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?$/.exec(d)!;
  return ((Number(m[1] ?? 0) * 24 + Number(m[2] ?? 0)) * 60 + Number(m[3] ?? 0)) * 60 + Number(m[4] ?? 0);
}

/** A policy document with one or two timing standards. */
export function policyArb(f: GenFeatures) {
  return fc
    .record({ business: fc.integer({ min: 0, max: 4 }), two: fc.integer({ min: 0, max: 3 }), zone: fc.constantFrom(...ZONES), calendar: calendarArb })
    .chain(({ business, two, zone, calendar }) => {
      const biz = business === 0;
      return fc.tuple(standardArb("T1", biz, f), two === 0 ? standardArb("T2", false, f) : fc.constant(null)).map(([a, b]) => ({
        id: "generated",
        title: "generated timing policy",
        timezone: zone,
        ...(biz ? { calendars: { office: calendar } } : {}),
        standards: b ? [a, b] : [a],
      }));
    });
}

/** Weighted so that holds, releases and voids often meet a running obligation. */
const TYPES = ["t.a", "t.a", "t.a", "t.b", "t.b", "t.c", "t.c2", "t.d", "t.d", "t.e", "t.f", "t.f", "t.f", "t.g", "t.g", "t.h"];

/** A small stream of events for a policy; `business` spreads it over days. */
export function streamArb(business: boolean) {
  const gap = business ? fc.constantFrom(0, 0, 1800_000, 3_600_000, 3 * 3_600_000, 8 * 3_600_000, 20 * 3_600_000, 50 * 3_600_000) : fc.constantFrom(0, 0, 15_000, 30_000, 60_000, 90_000, 120_000, 240_000, 420_000);
  const ev = fc.record({
    type: fc.constantFrom(...TYPES),
    gap,
    subject: fc.constantFrom("s1", "s1", "s1", "s2"),
    k: fc.constantFrom("x", "x", "y", undefined),
    hk: fc.constantFrom("1", "1", "2", undefined),
    v: fc.constantFrom(1, 1, 2),
    promise: fc.constantFrom("none", "none", "due", "within", "bad"),
  });
  return fc.record({ start: fc.integer({ min: 0, max: 6 * 24 * 4 }), events: fc.array(ev, { minLength: 1, maxLength: 9 }), until: fc.option(fc.integer({ min: 0, max: 20 }), { nil: null, freq: 3 }) }).map(({ start, events, until }) => {
    let t = BASE + start * (business ? 3_600_000 : 900_000);
    const out: RefEvent[] = events.map((e, i) => {
      t += e.gap;
      // Most streams open with a start, so later events meet an obligation.
      if (i === 0 && e.v === 1) e.type = "t.a";
      const data: Record<string, unknown> = { v: e.v };
      if (e.k !== undefined) data.k = e.k;
      if (e.hk !== undefined) data.hk = e.hk;
      if (e.type === "t.a" && e.promise === "due") data.due = new Date(t + (business ? 5 * 3_600_000 : 180_000)).toISOString();
      if (e.type === "t.a" && e.promise === "within") data.within = business ? "PT3H" : "PT3M";
      if (e.type === "t.a" && e.promise === "bad") data.within = "soon";
      return { id: `e${String(i).padStart(2, "0")}`, type: e.type, subject: e.subject, t, data };
    });
    const last = out[out.length - 1]!.t;
    return { events: out, until: until === null ? null : last - (until % 3) * 60_000 + until * (business ? 3_600_000 : 60_000) };
  });
}
