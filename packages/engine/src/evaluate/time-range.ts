/**
 * The range of times the engine computes with: epoch ms within ±MAX_TIME_MS, the range
 * of a JavaScript Date. Beyond 2^53 `t + 1 === t` and a loop over time would stop
 * advancing. Compiled limits keep deadlines far inside it; this is the run-time backstop.
 */
import { YardstickError } from "../errors.js";

/** Largest time a Date can hold (ms either side of 1970). */
export const MAX_TIME_MS = 8_640_000_000_000_000;

/** Throws YardstickError `engine_time_out_of_range` (nothing changed) unless `t` is a time in range. */
export function assertTime(t: number, what: string): void {
  if (!Number.isSafeInteger(t) || Math.abs(t) > MAX_TIME_MS) {
    throw new YardstickError("engine_time_out_of_range", `${what} (${String(t)}) is not a time in epoch milliseconds within ±${MAX_TIME_MS}`, { value: String(t) });
  }
}
