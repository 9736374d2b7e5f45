/** What the calendar tests share: a calendar compiled with no diagnostics, and instants by ISO text. */
import { expect } from "vitest";
import { compileCalendar, type CompiledCalendar } from "../../src/calendar/calendar.js";

/** Compiles a calendar document (failing the test on any diagnostic). */
export function calendar(doc: unknown, timezone = "Asia/Shanghai"): CompiledCalendar {
  const r = compileCalendar(doc, "/calendars/c", timezone);
  expect(r.diagnostics).toEqual([]);
  return r.calendar!;
}

export const at = (iso: string) => Date.parse(iso);
export const iso = (ms: number) => new Date(ms).toISOString();
export const H = 3_600_000;
