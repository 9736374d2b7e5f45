/**
 * The reference model's own calendar-aligned deadlines (docs/semantics.md §8a), written
 * from the text and sharing nothing with calendar/deadline.ts: local days are UTC-coded
 * midnights walked one at a time, months are added on the local wall-clock value.
 */
import { instantOf, offset, type RefCalendar } from "./ref-calendar.js";

const DAY = 86_400_000;

export interface RefRuleDoc {
  from?: "start" | "nextDay" | "nextWorkingDay";
  months: number;
  ms: number;
  /** "HH:MM", or undefined. */
  at?: string;
}

/** A rule's deadline function: wall time in `zone` without a calendar, else business time of `cal`. */
export function refRule(rule: RefRuleDoc, zone: string, cal: RefCalendar | null): (t: number) => number {
  const tz = cal ? cal.zone : zone;
  const dayOf = (t: number) => Math.floor((t + offset(t, tz)) / DAY) * DAY;
  return (t) => {
    let r = t;
    if (rule.from === "nextDay") r = instantOf(dayOf(t) + DAY, tz);
    if (rule.from === "nextWorkingDay") {
      let day = dayOf(t) + DAY;
      for (let i = 0; i < 4000 && !cal!.working(day); i++) day += DAY;
      r = instantOf(day, tz);
    }
    if (rule.months > 0 || rule.ms > 0) {
      if (cal) r = cal.A(r, 0);
      if (rule.months > 0) {
        // The local wall clock as a UTC date: move its month, clamp its day, keep its time.
        const wall = new Date(r + offset(r, tz));
        const y = wall.getUTCFullYear();
        const m = wall.getUTCMonth() + rule.months;
        const lastDay = new Date(Date.UTC(y, m + 1, 0)).getUTCDate();
        const timeOfDay = wall.getTime() - Date.UTC(y, wall.getUTCMonth(), wall.getUTCDate());
        r = instantOf(Date.UTC(y, m, Math.min(wall.getUTCDate(), lastDay)) + timeOfDay, tz);
      }
      r = cal ? cal.D(r, rule.ms) : r + rule.ms;
    }
    if (rule.at !== undefined) {
      const minutes = Number(rule.at.slice(0, 2)) * 60 + Number(rule.at.slice(3, 5));
      for (let day = dayOf(r), i = 0; i < 4000; day += DAY, i++) {
        if (cal && !cal.working(day)) continue;
        const x = instantOf(day + minutes * 60_000, tz);
        if (x >= r) return cal ? cal.A(x, 0) : x;
      }
    }
    return r;
  };
}
