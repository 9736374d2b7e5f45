/**
 * What the Compare view and the activation dialog need besides the runtime's answer:
 * the replay range (by default the last 30 days up to now, in the policy's time zone)
 * and the behavioural changes counted per standard and transition, so "R1: 14
 * breached → met" comes before the long list.
 */
import { localIso } from "../simulator/event-input.js";

/** Days replayed unless the user picks other dates. */
export const DEFAULT_REPLAY_DAYS = 30;

const DAY_MS = 86_400_000;

/** The calendar day (YYYY-MM-DD) of an instant in a time zone. */
export function dayIn(ms: number, timeZone: string): string {
  return new Intl.DateTimeFormat("en-CA", { timeZone, year: "numeric", month: "2-digit", day: "2-digit" }).format(ms);
}

/**
 * The default replay range as dates: from the day `days` days before `now` to today.
 * @example defaultRange(Date.parse("2026-12-02T10:00:00Z"), "Asia/Shanghai") // { from: "2026-11-02", to: "2026-12-02" }
 */
export function defaultRange(now: number, timeZone: string, days = DEFAULT_REPLAY_DAYS): { from: string; to: string } {
  return { from: dayIn(now - days * DAY_MS, timeZone), to: dayIn(now, timeZone) };
}

/**
 * Dates (inclusive) → the instants the runtime replays between: the first day's
 * midnight to the midnight after the last day, in the policy's zone, but never past
 * `now` (a replay that ran the clock into the future would breach what is still
 * running). null when the dates are not valid or not in order.
 */
export function replayInstants(range: { from: string; to: string }, timeZone: string, now: number): { from: string; to: string } | null {
  const start = localIso(range.from, "00:00", timeZone);
  const end = localIso(nextDay(range.to), "00:00", timeZone);
  if (!start || !end) return null;
  const endMs = Math.min(Date.parse(end), now);
  if (!(endMs > Date.parse(start))) return null;
  return { from: start, to: endMs === Date.parse(end) ? end : new Date(endMs).toISOString() };
}

function nextDay(date: string): string {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) return "";
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
}

/** The per-standard transition counts: the engine's, so a local diff and the runtime's agree. */
export { countTransitions as summarizeChanges, type TransitionCount } from "@yardstick/engine";
