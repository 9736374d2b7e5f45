/**
 * Business calendars: working hours per weekday, days off, holidays, a time zone.
 * STUB: the queue/escalation/calendar helper owns calendar/.
 */
import type { Diagnostic } from "../types.js";

export interface CompiledCalendar {
  /** The instant `ms` of business time after `from` (epoch ms); outside working hours it moves to the next working period. */
  addBusinessTime(from: number, ms: number): number;
  /** Business time between two instants (ms). */
  businessTimeBetween(from: number, to: number): number;
  /** Closing time of the local day containing `t` (epoch ms), or null when none is set. */
  closingOn(t: number): number | null;
}

/** Compiles a calendar document (schema definition `calendar`). */
export function compileCalendar(_doc: unknown, _pointer: string, _timezone: string): { calendar: CompiledCalendar | null; diagnostics: Diagnostic[] } {
  return { calendar: null, diagnostics: [] };
}
