/**
 * The reference model's own business-time arithmetic, written from docs/semantics.md §8
 * and sharing nothing with the engine's calendar: offsets come from Intl's
 * `longOffset` names (the engine reads date parts), and every function walks whole
 * local days naively.
 */

const DAY = 86_400_000;
const NAMES = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"] as const;

export interface RefCalendarDoc {
  timezone?: string;
  hours: Partial<Record<(typeof NAMES)[number], Array<[string, string]>>>;
  holidays?: string[];
  /** Dates worked with their own periods, or with a weekday's ("mon"): make-up days, half days. */
  workdays?: Record<string, Array<[string, string]> | string>;
}

export interface RefCalendar {
  /** Working time between a and b. */
  W(a: number, b: number): number;
  /** Deadline: whole days are working days (same local time of day), the rest working time. */
  D(from: number, ms: number): number;
  /** The earliest instant after which `ms` of working time has passed since `from` (0: next working instant). */
  A(from: number, ms: number): number;
  /** The latest instant w ≤ due with W(w, due) = ms. */
  S(due: number, ms: number): number;
  /** The zone local days are read in. */
  zone: string;
  /** True when the local day starting at UTC-coded midnight `day` has working time. */
  working(day: number): boolean;
  /** True when the local date of instant t is a declared workday (for the coverage table). */
  declared(t: number): boolean;
}

const offsetFormats = new Map<string, Intl.DateTimeFormat>();

const offsetMemo = new Map<string, number>();

/**
 * Offset (ms) of the zone at instant t, from the "GMT+08:00" name; memoized per UTC
 * hour, which is exact for the generated zones (they change offset on whole UTC hours).
 */
export function offset(t: number, zone: string): number {
  const hour = Math.floor(t / 3_600_000);
  const key = `${zone}|${hour}`;
  let v = offsetMemo.get(key);
  if (v === undefined) {
    if (offsetMemo.size > 200_000) offsetMemo.clear();
    v = readOffset(hour * 3_600_000, zone);
    offsetMemo.set(key, v);
  }
  return v;
}

function readOffset(t: number, zone: string): number {
  let f = offsetFormats.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat("en-US", { timeZone: zone, timeZoneName: "longOffset" });
    offsetFormats.set(zone, f);
  }
  const name = f.formatToParts(t).find((p) => p.type === "timeZoneName")!.value;
  const m = /GMT([+-])(\d{2}):(\d{2})/.exec(name);
  if (!m) return 0;
  return (m[1] === "-" ? -1 : 1) * (Number(m[2]) * 3_600_000 + Number(m[3]) * 60_000);
}

/** Instant of local wall time `wall` (a UTC-coded ms) in the zone; generated hours avoid DST gaps. */
export function instantOf(wall: number, zone: string): number {
  const candidates = [wall - offset(wall - DAY, zone), wall - offset(wall + DAY, zone)].filter((t) => t + offset(t, zone) === wall);
  return candidates.length ? Math.min(...candidates) : wall - offset(wall - DAY, zone);
}

function clock(text: string): number {
  return Number(text.slice(0, 2)) * 60 + Number(text.slice(3, 5));
}

export function refCalendar(doc: RefCalendarDoc, policyZone: string): RefCalendar {
  const zone = doc.timezone ?? policyZone;
  const holidays = new Set(doc.holidays ?? []);
  /** Local midnight (UTC-coded) of the local day holding t. */
  const dayOf = (t: number) => Math.floor((t + offset(t, zone)) / DAY) * DAY;
  // A memo only (the day's periods never change), to keep 100,000 cases fast.
  const memo = new Map<number, Array<[number, number]>>();
  const periods = (day: number): Array<[number, number]> => {
    const hit = memo.get(day);
    if (hit) return hit.slice();
    const date = new Date(day).toISOString().slice(0, 10);
    const declared = doc.workdays?.[date];
    // A declared date takes its own periods (or the named weekday's); otherwise a holiday has none.
    const local = declared !== undefined ? (typeof declared === "string" ? (doc.hours[declared as (typeof NAMES)[number]] ?? []) : declared) : holidays.has(date) ? [] : (doc.hours[NAMES[new Date(day).getUTCDay()]!] ?? []);
    const list: Array<[number, number]> = local.map(([a, b]) => [instantOf(day + clock(a) * 60_000, zone), instantOf(day + clock(b) * 60_000, zone)]);
    memo.set(day, list);
    return list.slice();
  };
  const A = (from: number, ms: number): number => {
    let rest = ms;
    for (let day = dayOf(from), n = 0; n < 4000; day += DAY, n++) {
      for (const [s, e] of periods(day)) {
        if (e <= from) continue;
        const begin = Math.max(s, from);
        if (rest <= e - begin) return begin + rest;
        rest -= e - begin;
      }
    }
    return from + ms;
  };
  const W = (a: number, b: number): number => {
    let total = 0;
    for (let day = dayOf(a) - DAY; day <= dayOf(b) + DAY; day += DAY) {
      for (const [s, e] of periods(day)) total += Math.max(0, Math.min(e, b) - Math.max(s, a));
    }
    return total;
  };
  const D = (from: number, ms: number): number => {
    const days = Math.floor(ms / DAY);
    let t = A(from, 0);
    if (days > 0) {
      const local = t + offset(t, zone);
      const timeOfDay = local - Math.floor(local / DAY) * DAY;
      let day = Math.floor(local / DAY) * DAY;
      for (let n = 0, i = 0; n < days && i < 4000; i++) {
        day += DAY;
        if (periods(day).length > 0) n++;
      }
      const minutes = Math.floor(timeOfDay / 60_000);
      t = A(instantOf(day + minutes * 60_000, zone) + (timeOfDay - minutes * 60_000), 0);
    }
    return A(t, ms - days * DAY);
  };
  const S = (due: number, ms: number): number => {
    let rest = ms;
    for (let day = dayOf(due), n = 0; n < 4000; day -= DAY, n++) {
      for (const [s, e] of periods(day).reverse()) {
        if (s >= due) continue;
        const end = Math.min(e, due);
        if (rest <= end - s) return end - rest;
        rest -= end - s;
      }
    }
    return -Infinity;
  };
  const declared = (t: number) => doc.workdays?.[new Date(dayOf(t)).toISOString().slice(0, 10)] !== undefined;
  return { W, D, A, S, zone, working: (day) => periods(day).length > 0, declared };
}

/** Wall time as a degenerate calendar: every instant is working time. */
export const WALL: RefCalendar = {
  W: (a, b) => Math.max(0, b - a),
  D: (from, ms) => from + ms,
  A: (from, ms) => from + ms,
  S: (due, ms) => due - ms,
  zone: "UTC", // never read: a wall-time rule takes the policy's zone
  working: () => true,
  declared: () => false,
};
