/**
 * Local wall-clock time in an IANA time zone, with Intl.DateTimeFormat only (no
 * dependency). DST: a local time that does not exist (spring forward) is read with the
 * offset before the change, so it lands just after the gap; a local time that happens
 * twice (fall back) is the earlier instant.
 */

/** A local calendar date. `month` is 1–12. */
export interface LocalDate {
  year: number;
  month: number;
  day: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat("en-US", {
      timeZone,
      hourCycle: "h23",
      year: "numeric",
      month: "numeric",
      day: "numeric",
      hour: "numeric",
      minute: "numeric",
      second: "numeric",
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** True when this runtime knows the IANA zone. */
export function isTimeZone(timeZone: string): boolean {
  try {
    formatter(timeZone);
    return true;
  } catch {
    return false;
  }
}

/** The local wall clock at `ms`, as if it were UTC (epoch ms, whole seconds). */
function wallClock(ms: number, timeZone: string): number {
  const p: Record<string, number> = {};
  for (const part of formatter(timeZone).formatToParts(ms)) if (part.type !== "literal") p[part.type] = Number(part.value);
  // The formatter is built with all six fields, so each part is there.
  return Date.UTC(p.year!, p.month! - 1, p.day, p.hour, p.minute, p.second);
}

/** Offset of the zone from UTC at instant `ms` (ms; +8 h for Asia/Shanghai). */
export function offsetAt(ms: number, timeZone: string): number {
  const whole = Math.floor(ms / 1000) * 1000;
  // Memo by instant (zones never change within a process): business deadlines ask for
  // the same few instants (a day's period boundaries) over and over; Intl is slow.
  let memo = offsets.get(timeZone);
  if (!memo) offsets.set(timeZone, (memo = new Map<number, number>()));
  let off = memo.get(whole);
  if (off === undefined) {
    off = wallClock(whole, timeZone) - whole;
    if (memo.size >= MAX_OFFSETS) memo.clear();
    memo.set(whole, off);
  }
  return off;
}

const offsets = new Map<string, Map<number, number>>();
/** Remembered offsets per zone: bounded, cleared when full. */
const MAX_OFFSETS = 16_384;

/** The local date at instant `ms`. */
export function localDate(ms: number, timeZone: string): LocalDate {
  const d = new Date(ms + offsetAt(ms, timeZone));
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
}

/** The instant of local `minutes` after midnight on `date` (minutes may reach 1440: the next midnight). */
export function localTime(date: LocalDate, minutes: number, timeZone: string): number {
  const wall = Date.UTC(date.year, date.month - 1, date.day, 0, minutes);
  // Offsets a day either side: a zone changes its offset at most once in two days.
  const before = offsetAt(wall - 86_400_000, timeZone);
  const after = offsetAt(wall + 86_400_000, timeZone);
  const fits = (t: number) => t + offsetAt(t, timeZone) === wall;
  const a = wall - before;
  const b = wall - after;
  if (fits(a) && fits(b)) return Math.min(a, b);
  if (fits(a)) return a;
  if (fits(b)) return b;
  return a; // in a gap: read with the offset before the change
}

/** The next local date. */
export function nextDay(date: LocalDate): LocalDate {
  const d = new Date(Date.UTC(date.year, date.month - 1, date.day + 1));
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
}

/** Day of the week, 0 = Sunday. */
export function weekday(date: LocalDate): number {
  return new Date(Date.UTC(date.year, date.month - 1, date.day)).getUTCDay();
}

/** "YYYY-MM-DD". */
export function formatDate(date: LocalDate): string {
  const pad = (n: number, w = 2) => String(n).padStart(w, "0");
  return `${pad(date.year, 4)}-${pad(date.month)}-${pad(date.day)}`;
}

/** Minutes after midnight of "HH:MM" ("24:00" is 1440), or null. */
export function parseClock(text: string): number | null {
  const m = /^(\d{2}):(\d{2})$/.exec(text);
  if (!m) return null;
  const h = Number(m[1]);
  const min = Number(m[2]);
  if (h === 24 && min === 0) return 1440;
  return h < 24 && min < 60 ? h * 60 + min : null;
}

/** Local time of day at `ms`, "HH:MM" (or "HH:MM:SS" when the seconds are not zero), for reasons. */
export function formatLocalClock(ms: number, timeZone: string): string {
  const wall = new Date(ms + offsetAt(ms, timeZone));
  const pad = (n: number) => String(n).padStart(2, "0");
  const hm = `${pad(wall.getUTCHours())}:${pad(wall.getUTCMinutes())}`;
  return wall.getUTCSeconds() === 0 ? hm : `${hm}:${pad(wall.getUTCSeconds())}`;
}
