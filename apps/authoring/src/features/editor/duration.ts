/**
 * ISO 8601 durations as managers edit them ("PT2M" ⇄ 2 min): a number and a unit. The
 * vocabulary itself (parse, format in en/zh-CN, write) is the engine's.
 */
import { parseDuration, type DurationUnit } from "@yardstick/engine";

export type { DurationUnit } from "@yardstick/engine";
export const DURATION_UNITS: readonly DurationUnit[] = ["s", "min", "h", "d"];

const UNIT_MS: Record<DurationUnit, number> = { s: 1_000, min: 60_000, h: 3_600_000, d: 86_400_000 };

/**
 * The largest unit that expresses the duration exactly.
 * @example splitDuration("PT90S") // { value: 90, unit: "s" }
 */
export function splitDuration(iso: string): { value: number; unit: DurationUnit } | null {
  const ms = parseDuration(iso);
  if (ms === null) return null;
  for (const unit of ["d", "h", "min"] as const) {
    if (ms > 0 && ms % UNIT_MS[unit] === 0) return { value: ms / UNIT_MS[unit], unit };
  }
  return { value: ms / 1_000, unit: "s" };
}
