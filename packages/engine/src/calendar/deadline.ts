/**
 * Calendar-aligned deadlines (docs/semantics.md §8a): a limit that is not a fixed length
 * of time. "Within one month" (`within: "P1M"`), "by 10:00 the next working day"
 * (`deadline: { from: "nextWorkingDay", at: "10:00" }`), "within three days from the
 * next day" (`deadline: { from: "nextDay", within: "P3D" }`). Like ServiceNow's relative
 * SLA durations ("next business day by 4pm"), written as three steps:
 *
 * 1. `from`: the start instant (`start`), the next local midnight (`nextDay`), or the
 *    local midnight that begins the first working day after the start's date
 *    (`nextWorkingDay`, needs a calendar).
 * 2. `within`: calendar months first (the same local date and time `n` months on, the day
 *    clamped to the month's last: 31 Jan + P1M = 28/29 Feb), then the rest of the
 *    duration. In business time the count starts at the working instant at or after the
 *    step-1 instant, and the rest is business time (§8).
 * 3. `at`: the first local time `at` at or after the step-2 instant (in business time on a
 *    working day, moved to the start of the next working period when it falls outside
 *    working hours).
 *
 * Local times are read in the calendar's zone (business time) or the policy's (wall
 * time), with the DST rules of zone.ts.
 */
import { formatCalendarDuration } from "../vocabulary/duration.js";
import { localDate, localTime, nextDay, offsetAt, type LocalDate } from "./zone.js";

const DAY_MS = 86_400_000;

/** A compiled calendar-aligned limit. */
export interface DeadlineRule {
  from: "start" | "nextDay" | "nextWorkingDay";
  /** Calendar months (years count 12). */
  months: number;
  /** The rest of the duration, ms (days are working days in business time). */
  ms: number;
  /** Local minutes after midnight of `at`, or null. */
  at: number | null;
}

/** What the rule needs of a business calendar (calendar.ts CompiledCalendar). */
export interface RuleCalendar {
  readonly zone: string;
  workingDateOnOrAfter(date: LocalDate): LocalDate | null;
  addBusinessTime(from: number, ms: number): number;
  addWorkingTime(from: number, ms: number): number;
}

/**
 * The deadline of `rule` for an obligation anchored at `t` (epoch ms): wall time in
 * `zone` when `calendar` is null, else business time of the calendar.
 * @example ruleDeadline({ from: "start", months: 1, ms: 0, at: null }, Date.parse("2027-01-31T10:00:00+08:00"), "Asia/Shanghai", null) // 2027-02-28T10:00+08:00
 */
export function ruleDeadline(rule: DeadlineRule, t: number, zone: string, calendar: RuleCalendar | null): number {
  const tz = calendar?.zone ?? zone;
  let r = t;
  if (rule.from === "nextDay") r = localTime(nextDay(localDate(t, tz)), 0, tz);
  else if (rule.from === "nextWorkingDay") {
    // Compile refuses nextWorkingDay without a calendar; a date beyond the search range keeps the next day.
    const next = nextDay(localDate(t, tz));
    r = localTime(calendar?.workingDateOnOrAfter(next) ?? next, 0, tz);
  }
  if (rule.months > 0 || rule.ms > 0) {
    if (calendar) r = calendar.addWorkingTime(r, 0);
    if (rule.months > 0) r = addMonths(r, rule.months, tz);
    r = calendar ? calendar.addBusinessTime(r, rule.ms) : r + rule.ms;
  }
  if (rule.at !== null) r = nextLocalTime(r, rule.at, tz, calendar);
  return r;
}

/**
 * The same local wall time `months` calendar months after `t`, the day clamped to the
 * target month's last day (31 Jan + 1 month = 28 Feb, or 29 in a leap year).
 * @example addMonths(Date.parse("2026-01-31T09:00:00Z"), 1, "UTC") // 2026-02-28T09:00Z
 */
export function addMonths(t: number, months: number, zone: string): number {
  const date = localDate(t, zone);
  // Wall-clock time of day, so a DST change between the two dates does not shift it.
  const wallMs = (((t + offsetAt(t, zone)) % DAY_MS) + DAY_MS) % DAY_MS;
  const index = date.year * 12 + (date.month - 1) + months;
  const year = Math.floor(index / 12);
  const month = (index % 12) + 1;
  const last = new Date(Date.UTC(year, month, 0)).getUTCDate();
  const target: LocalDate = { year, month, day: Math.min(date.day, last) };
  return localTime(target, Math.floor(wallMs / 60_000), zone) + (wallMs % 60_000);
}

/** The first local `minutes` at or after `r` (on a working day, and inside working hours, with a calendar). */
function nextLocalTime(r: number, minutes: number, zone: string, calendar: RuleCalendar | null): number {
  let date: LocalDate | null = localDate(r, zone);
  // Two tries reach it in wall time (today or tomorrow); a calendar may skip days off, bounded by its search range.
  for (let i = 0; i < 3700 && date; i++) {
    if (calendar) date = calendar.workingDateOnOrAfter(date);
    if (!date) break;
    const x = localTime(date, minutes, zone);
    if (x >= r) return calendar ? calendar.addWorkingTime(x, 0) : x;
    date = nextDay(date);
  }
  return r;
}

/**
 * The rule in words, as a limit in decision reasons ("1 calendar month", "“10:00 the
 * next working day”", "“3 days from the next day”").
 */
export function describeRule(rule: DeadlineRule): string {
  // "calendar month": a month here is the calendar's, not 30 days.
  const amount = rule.months === 0 && rule.ms === 0 ? "" : formatCalendarDuration(rule).replace(/\bmonths?\b/, (m) => `calendar ${m}`);
  if (rule.from === "start" && rule.at === null) return amount;
  const day = rule.from === "nextDay" ? "the next day" : rule.from === "nextWorkingDay" ? "the next working day" : "the start";
  const at = rule.at === null ? "" : `${String(Math.floor(rule.at / 60)).padStart(2, "0")}:${String(rule.at % 60).padStart(2, "0")}`;
  if (amount === "") return at ? `“${at} ${day}”` : `“${day}”`;
  return at ? `“${amount} from ${day}, then ${at}”` : `“${amount} from ${day}”`;
}
