/**
 * Business calendars: working hours per weekday, weekly days off, holidays, declared
 * working dates (a make-up working day, 调休, or a half day: a date worked with its own
 * hours instead of its weekday's), a time zone, and optionally a closing time.
 * Standards counted in business time ask the calendar for their deadline; queue
 * standards may take their closing time from it.
 *
 * Business time: each whole day of a duration ("P15D") is one working day, ending at
 * the same local time of day on the 15th working day; the rest ("PT4H") is working
 * time. A deadline that falls outside working hours moves to the start of the next
 * working period, as does a start outside them.
 *
 * Codes (API, never renamed):
 * - `compile_unknown_timezone`        the calendar's `timezone` is not an IANA zone this runtime knows
 * - `compile_calendar_invalid`        a period that ends before it starts or overlaps another, an
 *                                     impossible holiday or workday date, a date both a holiday and a
 *                                     workday, a malformed clock time
 * - `compile_calendar_no_working_time` no weekday has working hours: no deadline could ever fall
 */
import type { Diagnostic } from "../types.js";
import { escapePointer } from "../vocabulary/pointer.js";
import { formatDate, isTimeZone, localDate, offsetAt, localTime, nextDay, parseClock, weekday, type LocalDate } from "./zone.js";

export interface CompiledCalendar {
  /** The instant `ms` of business time after `from` (epoch ms); outside working hours it moves to the next working period. */
  addBusinessTime(from: number, ms: number): number;
  /**
   * Pure working time: the earliest instant after which `ms` of working time has passed
   * since `from` (days are not working days here: remaining time after a hold).
   */
  addWorkingTime(from: number, ms: number): number;
  /** The latest instant `w` ≤ `to` with `ms` of working time between `w` and `to` (warnings). */
  subtractWorkingTime(to: number, ms: number): number;
  /** Business time between two instants (ms of working time; 0 when `to` ≤ `from`). */
  businessTimeBetween(from: number, to: number): number;
  /**
   * Closing time of the local day containing `t` (epoch ms): the calendar's `closing`,
   * else the end of that day's last working period; null on a day off without `closing`.
   */
  closingOn(t: number): number | null;
  /** The calendar's time zone (its own, else the policy's). */
  readonly zone: string;
  /** The first working date on or after `date` (one with working time left after holidays and workdays), or null within the search range. */
  workingDateOnOrAfter(date: LocalDate): LocalDate | null;
}

/** The document form (schema definition `calendar`). */
export interface CalendarDoc {
  timezone?: string;
  hours: Partial<Record<(typeof DAY_NAMES)[number], Array<[string, string]>>>;
  holidays?: string[];
  /** Dates worked with their own hours: a list of periods, or a weekday whose hours they take ("mon"). */
  workdays?: Record<string, Array<[string, string]> | (typeof DAY_NAMES)[number]>;
  closing?: string;
}

const DAY_NAMES = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"] as const;
const DAY_MS = 86_400_000;
/** How far a deadline may be searched for (about ten years of days). */
const MAX_DAYS = 3660;
/**
 * Cached days per calendar: more than the MAX_DAYS one search may visit, so the longest
 * search (a 400-day duration in a calendar of holidays, the limit, bench/limits.bench.js)
 * never clears the cache under its own feet and recomputes local times day by day.
 */
const CACHE_DAYS = 4096;

/**
 * Compiles a calendar document found at `pointer`; `timezone` is the policy's, used
 * when the calendar names none.
 * @example compileCalendar({ hours: { mon: [["09:00", "17:30"]] }, holidays: ["2026-10-01"] }, "/calendars/branch", "Asia/Shanghai")
 */
export function compileCalendar(doc: unknown, pointer: string, timezone: string): { calendar: CompiledCalendar | null; diagnostics: Diagnostic[] } {
  const cal = doc as CalendarDoc;
  const diagnostics: Diagnostic[] = [];
  const invalid = (path: string, message: string) => diagnostics.push({ code: "compile_calendar_invalid", severity: "error", message, path: `${pointer}${path}` });
  const zone = cal.timezone ?? timezone;
  if (cal.timezone !== undefined && !isTimeZone(cal.timezone)) {
    diagnostics.push({ code: "compile_unknown_timezone", severity: "error", message: `unknown time zone "${cal.timezone}"`, path: `${pointer}/timezone` });
  }
  /** One day's periods as local minutes, checked in order and without overlap. */
  const periodsAt = (list: Array<[string, string]>, at: string): Array<[number, number]> => {
    const periods: Array<[number, number]> = [];
    list.forEach(([from, to], i) => {
      const a = parseClock(from);
      const b = parseClock(to);
      if (a === null || b === null || a === 1440) return invalid(`${at}/${i}`, `${JSON.stringify([from, to])} is not a period of local times "HH:MM"`);
      if (b <= a) return invalid(`${at}/${i}`, `the period ${from}–${to} ends before it starts`);
      const last = periods[periods.length - 1];
      if (last && a < last[1]) return invalid(`${at}/${i}`, `the period ${from}–${to} starts before the previous one ends: list periods in order, without overlap`);
      periods.push([a, b]);
    });
    return periods;
  };
  const week: Array<Array<[number, number]>> = DAY_NAMES.map((name) => periodsAt(cal.hours?.[name] ?? [], `/hours/${name}`));
  const workdays = new Map<string, Array<[number, number]>>();
  for (const [date, hours] of Object.entries(cal.workdays ?? {})) {
    const at = `/workdays/${escapePointer(date)}`;
    if (!isDate(date)) invalid(at, `"${date}" is not a date`);
    else if ((cal.holidays ?? []).includes(date)) invalid(at, `${date} is both a holiday and a workday: list it in one of them`);
    else if (typeof hours === "string") workdays.set(date, week[DAY_NAMES.indexOf(hours)] ?? []);
    else workdays.set(date, periodsAt(hours, at));
  }
  const worksSomeDay = week.some((p) => p.length > 0) || [...workdays.values()].some((p) => p.length > 0);
  if (!worksSomeDay && !diagnostics.some((d) => d.path.startsWith(`${pointer}/hours`) || d.path.startsWith(`${pointer}/workdays`))) {
    diagnostics.push({ code: "compile_calendar_no_working_time", severity: "error", message: "no weekday has working hours, so no business deadline could ever fall", path: `${pointer}/hours` });
  }
  const holidays = new Set<string>();
  (cal.holidays ?? []).forEach((h, i) => {
    if (!isDate(h)) invalid(`/holidays/${i}`, `"${h}" is not a date`);
    else holidays.add(h);
  });
  const closing = cal.closing === undefined ? null : parseClock(cal.closing);
  if (cal.closing !== undefined && (closing === null || closing === 1440)) invalid("/closing", `"${cal.closing}" is not a local time "HH:MM"`);
  if (diagnostics.length > 0) return { calendar: null, diagnostics };
  return { calendar: makeCalendar(zone, week, holidays, workdays, closing), diagnostics };
}

/** True for a real calendar date "YYYY-MM-DD" (not 2026-02-30). */
function isDate(text: string): boolean {
  const t = Date.parse(`${text}T00:00:00Z`);
  return !Number.isNaN(t) && new Date(t).toISOString().slice(0, 10) === text;
}

/** Working periods of one local day as instants, in order. */
type Day = Array<[number, number]>;

function previousDay(date: LocalDate): LocalDate {
  const d = new Date(Date.UTC(date.year, date.month - 1, date.day - 1));
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
}

function makeCalendar(
  zone: string,
  week: Array<Array<[number, number]>>,
  holidays: ReadonlySet<string>,
  workdays: ReadonlyMap<string, Array<[number, number]>>,
  closing: number | null,
): CompiledCalendar {
  /** A date's periods in local minutes: a declared workday's own, none on a holiday, else its weekday's. */
  const minutesOf = (date: LocalDate, key: string): Array<[number, number]> => workdays.get(key) ?? (holidays.has(key) ? [] : week[weekday(date)]!);
  // A pure memo of day → periods (the calendar never changes), bounded.
  const cache = new Map<string, Day>();
  const periodsOf = (date: LocalDate): Day => {
    const key = formatDate(date);
    let day = cache.get(key);
    if (!day) {
      day = minutesOf(date, key).map(([a, b]): [number, number] => [localTime(date, a, zone), localTime(date, b, zone)]).filter(([s, e]) => e > s);
      if (cache.size >= CACHE_DAYS) cache.clear();
      cache.set(key, day);
    }
    return day;
  };

  // First working date on or after a date, memoized by the date a search starts from
  // (a deadline's start day, the day after a working day): a long run of days off
  // (holidays, up to the limit) is walked once per starting day, not once per deadline.
  const nextWorking = new Map<string, LocalDate>();
  // The minutes first: they tell most days off without computing local instants.
  const isWorking = (date: LocalDate, key: string): boolean => minutesOf(date, key).length > 0 && periodsOf(date).length > 0;
  /** The first working date on or after `date`, or null when none lies within MAX_DAYS of it. */
  const workingOnOrAfter = (date: LocalDate): LocalDate | null => {
    const from = formatDate(date);
    const memo = nextWorking.get(from);
    if (memo) return memo;
    let d = date;
    for (let i = 0; i <= MAX_DAYS; i++, d = nextDay(d)) {
      const key = i === 0 ? from : formatDate(d);
      if (isWorking(d, key)) {
        if (nextWorking.size >= CACHE_DAYS) nextWorking.clear();
        nextWorking.set(from, d);
        return d;
      }
    }
    return null;
  };

  /** Working time: the instant `ms` of working time after `from` (searched over MAX_DAYS days at most). */
  const addWorkingTime = (from: number, ms: number): number => {
    let rest = ms;
    const first = epochDay(localDate(from, zone));
    for (let date = workingOnOrAfter(localDate(from, zone)); date && epochDay(date) - first < MAX_DAYS; date = workingOnOrAfter(nextDay(date))) {
      for (const [s, e] of periodsOf(date)) {
        if (e <= from) continue;
        const start = Math.max(s, from);
        if (rest <= e - start) return start + rest;
        rest -= e - start;
      }
    }
    // Only reachable with a duration of decades of working time.
    return from + ms;
  };

  /** The same local time of day, `days` working days after the working day containing `at` (at most MAX_DAYS days on). */
  const addWorkingDays = (at: number, days: number): number => {
    // Wall-clock minutes, so a DST change between midnight and `at` does not shift it.
    const wallMs = (((at + offsetAt(at, zone)) % DAY_MS) + DAY_MS) % DAY_MS;
    const date = workingDaysAfter(localDate(at, zone), days);
    return localTime(date, Math.floor(wallMs / 60_000), zone) + (wallMs % 60_000);
  };

  // The date `days` working days after a date, memoized: obligations of one standard
  // started on one day share it, so a 400-day count is walked once per day, not per start.
  const daysAfter = new Map<string, LocalDate>();
  const workingDaysAfter = (start: LocalDate, days: number): LocalDate => {
    const key = `${formatDate(start)}+${days}`;
    const memo = daysAfter.get(key);
    if (memo) return memo;
    let date = start;
    const first = epochDay(date);
    for (let n = 0; n < days; n++) {
      const next = workingOnOrAfter(nextDay(date));
      if (!next || epochDay(next) - first > MAX_DAYS) {
        date = dateOfEpochDay(first + MAX_DAYS);
        break;
      }
      date = next;
    }
    if (daysAfter.size >= CACHE_DAYS) daysAfter.clear();
    daysAfter.set(key, date);
    return date;
  };

  return Object.freeze({
    addBusinessTime(from: number, ms: number): number {
      const days = Math.floor(ms / DAY_MS);
      const start = addWorkingTime(from, 0);
      const afterDays = days > 0 ? addWorkingTime(addWorkingDays(start, days), 0) : start;
      return addWorkingTime(afterDays, ms - days * DAY_MS);
    },

    addWorkingTime,

    subtractWorkingTime(to: number, ms: number): number {
      let rest = ms;
      let date = localDate(to, zone);
      for (let i = 0; i < MAX_DAYS; i++, date = previousDay(date)) {
        const day = periodsOf(date);
        for (let j = day.length - 1; j >= 0; j--) {
          const [s, e] = day[j]!; // within the loop bound
          if (s >= to) continue;
          const end = Math.min(e, to);
          if (rest <= end - s) return end - rest;
          rest -= end - s;
        }
      }
      // Only reachable with decades of working time: the warning falls at the start.
      return Number.MIN_SAFE_INTEGER;
    },

    businessTimeBetween(from: number, to: number): number {
      let total = 0;
      let date = localDate(from, zone);
      for (let i = 0; i < MAX_DAYS; i++, date = nextDay(date)) {
        const day = periodsOf(date);
        for (const [s, e] of day) total += Math.max(0, Math.min(e, to) - Math.max(s, from));
        if (localTime(nextDay(date), 0, zone) >= to) break;
      }
      return total;
    },

    closingOn(t: number): number | null {
      const date = localDate(t, zone);
      // A declared workday closes with its own hours (a half day closes at noon, whatever the usual closing).
      if (closing !== null && !workdays.has(formatDate(date))) return localTime(date, closing, zone);
      const day = periodsOf(date);
      return day.length > 0 ? day[day.length - 1]![1] : null;
    },

    zone,
    workingDateOnOrAfter: workingOnOrAfter,
  });
}

/** Days since 1970-01-01 of a local date. */
function epochDay(date: LocalDate): number {
  return Date.UTC(date.year, date.month - 1, date.day) / DAY_MS;
}

function dateOfEpochDay(n: number): LocalDate {
  const d = new Date(n * DAY_MS);
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
}
