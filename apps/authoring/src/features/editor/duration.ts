/**
 * ISO 8601 durations as managers read them ("PT2M" ⇄ 2 min). Only the parts the
 * schema allows in deadlines: weeks, days, hours, minutes, seconds.
 */

export type DurationUnit = "s" | "min" | "h" | "d";
export const DURATION_UNITS: readonly DurationUnit[] = ["s", "min", "h", "d"];

const UNIT_MS: Record<DurationUnit, number> = { s: 1_000, min: 60_000, h: 3_600_000, d: 86_400_000 };
const PATTERN = /^P(?!$)(?:(\d+)W)?(?:(\d+)D)?(?:T(?=\d)(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?$/;

/**
 * Milliseconds of an ISO duration, or null when it is not one (or uses years/months).
 * @example durationMs("PT1H30M") // 5_400_000
 */
export function durationMs(iso: string): number | null {
  const m = PATTERN.exec(iso);
  if (!m) return null;
  const [w, d, h, min, s] = m.slice(1).map((x) => (x === undefined ? 0 : Number(x)));
  return (((w * 7 + d) * 24 + h) * 60 + min) * 60_000 + s * 1_000;
}

/**
 * The largest unit that expresses the duration exactly.
 * @example splitDuration("PT90S") // { value: 90, unit: "s" }
 */
export function splitDuration(iso: string): { value: number; unit: DurationUnit } | null {
  const ms = durationMs(iso);
  if (ms === null) return null;
  for (const unit of ["d", "h", "min"] as const) {
    if (ms > 0 && ms % UNIT_MS[unit] === 0) return { value: ms / UNIT_MS[unit], unit };
  }
  return { value: ms / 1_000, unit: "s" };
}

/**
 * An ISO duration from a number and a unit.
 * @example toIsoDuration(2, "min") // "PT2M"
 */
export function toIsoDuration(value: number, unit: DurationUnit): string {
  if (!Number.isFinite(value) || value < 0) throw new RangeError(`not a duration: ${value}`);
  switch (unit) {
    case "d":
      return Number.isInteger(value) ? `P${value}D` : toIsoDuration(value * 24, "h");
    case "h":
      return Number.isInteger(value) ? `PT${value}H` : toIsoDuration(value * 60, "min");
    case "min":
      return Number.isInteger(value) ? `PT${value}M` : toIsoDuration(value * 60, "s");
    case "s":
      return `PT${value}S`;
  }
}

/**
 * Milliseconds in plain words, largest units first.
 * @example formatMs(150_000, "en") // "2 min 30 s"
 */
export function formatMs(ms: number, lang: string): string {
  const zh = lang.startsWith("zh");
  const names: Record<DurationUnit, string> = zh
    ? { d: "天", h: "小时", min: "分钟", s: "秒" }
    : { d: "d", h: "h", min: "min", s: "s" };
  if (ms === 0) return zh ? "0 秒" : "0 s";
  const parts: string[] = [];
  let rest = Math.abs(ms);
  for (const unit of ["d", "h", "min", "s"] as const) {
    const n = unit === "s" ? Math.round((rest / UNIT_MS.s) * 10) / 10 : Math.floor(rest / UNIT_MS[unit]);
    if (n > 0) parts.push(zh ? `${n} ${names[unit]}` : `${n} ${names[unit]}`);
    rest -= n * UNIT_MS[unit];
    if (parts.length === 2) break;
  }
  return (ms < 0 ? "-" : "") + parts.join(" ");
}

/** An ISO duration in plain words, or the text itself when it is not a duration. */
export function formatDuration(iso: string, lang: string): string {
  const ms = durationMs(iso);
  return ms === null ? iso : formatMs(ms, lang);
}
