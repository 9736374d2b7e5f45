/**
 * ISO 8601 durations for deadlines ("PT2M", "PT1H30M", "P1D"), and durations in words
 * for people. Years and months have no fixed length, so they are refused; a day is 24
 * hours (a calendar counts business days).
 */
const DURATION = /^P(?!$)(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?(?:T(?=\d)(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?$/;

/**
 * Parses an ISO 8601 duration into milliseconds; null when invalid or when it uses
 * years or months.
 * @example parseDuration("PT2M") // 120000
 */
export function parseDuration(text: string): number | null {
  const m = DURATION.exec(text);
  if (!m) return null;
  if (m[1] !== undefined || m[2] !== undefined) return null;
  const n = (i: number) => (m[i] === undefined ? 0 : Number(m[i]));
  return Math.round(((n(3) * 7 + n(4)) * 86_400 + n(5) * 3_600 + n(6) * 60 + n(7)) * 1000);
}

/**
 * An ISO 8601 duration with calendar months ("P1M", "P1Y", "P1M15D"): years count as 12
 * months, the rest as {@link parseDuration} reads it. Null when invalid. Only a timing
 * standard's `within` takes months (docs/semantics.md §8a): their length depends on the
 * date they are counted from.
 * @example parseCalendarDuration("P1M") // { months: 1, ms: 0 }
 * @example parseCalendarDuration("PT2M") // { months: 0, ms: 120000 }
 */
export function parseCalendarDuration(text: string): { months: number; ms: number } | null {
  const m = DURATION.exec(text);
  if (!m) return null;
  const months = Number(m[1] ?? 0) * 12 + Number(m[2] ?? 0);
  const rest = months === 0 ? text : text.replace(/^P(\d+Y)?(\d+M)?/, "P");
  const ms = rest === "P" ? 0 : parseDuration(rest);
  return ms === null ? null : { months, ms };
}

/** Unit names per language: [size in ms, one, many]. */
const UNITS: Record<"en" | "zh", Array<[number, string, string]>> = {
  en: [
    [86_400_000, "day", "days"],
    [3_600_000, "h", "h"],
    [60_000, "min", "min"],
    [1000, "s", "s"],
  ],
  // "分钟", not "分": the editor's wording, and what a fix writes into a title ("2 分钟内").
  zh: [
    [86_400_000, "天", "天"],
    [3_600_000, "小时", "小时"],
    [60_000, "分钟", "分钟"],
    [1000, "秒", "秒"],
  ],
};

/**
 * Milliseconds for people, largest units first: "2 min 30 s", "1 h 30 min", "1 day",
 * "750 ms". `locale` "zh…" gives Chinese ("2 分钟 30 秒"); anything else English, the
 * default and the wording of decision reasons and diagnostics.
 * @example formatDuration(150_000) // "2 min 30 s"
 * @example formatDuration(150_000, "zh-CN") // "2 分钟 30 秒"
 */
export function formatDuration(ms: number, locale = "en"): string {
  const zh = locale.startsWith("zh");
  const neg = ms < 0;
  let rest = Math.abs(ms);
  const parts: string[] = [];
  for (const [size, one, many] of UNITS[zh ? "zh" : "en"]) {
    const q = Math.floor(rest / size);
    if (q > 0) {
      parts.push(`${q} ${q === 1 ? one : many}`);
      rest -= q * size;
    }
  }
  if (rest > 0 || parts.length === 0) parts.push(`${rest} ${zh ? "毫秒" : "ms"}`);
  return (neg ? "-" : "") + parts.join(" ");
}

/**
 * A duration with calendar months for people: "1 month", "2 months 3 days", "1 个月".
 * @example formatCalendarDuration({ months: 1, ms: 0 }) // "1 month"
 * @example formatCalendarDuration({ months: 1, ms: 0 }, "zh-CN") // "1 个月"
 */
export function formatCalendarDuration(d: { months: number; ms: number }, locale = "en"): string {
  if (d.months === 0) return formatDuration(d.ms, locale);
  const months = locale.startsWith("zh") ? `${d.months} 个月` : `${d.months} ${d.months === 1 ? "month" : "months"}`;
  return d.ms > 0 ? `${months} ${formatDuration(d.ms, locale)}` : months;
}

/** The units an editor offers for a duration. */
export type DurationUnit = "s" | "min" | "h" | "d";

/**
 * An ISO duration from a number and a unit; fractions move to the next smaller unit.
 * @example toIsoDuration(2, "min") // "PT2M"
 * @example toIsoDuration(1.5, "h") // "PT90M"
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

const UNIT_WORDS: Array<[RegExp, DurationUnit]> = [
  [/^(s|secs?|seconds?|秒|秒钟)$/i, "s"],
  [/^(m|mins?|minutes?|分|分钟)$/i, "min"],
  [/^(h|hrs?|hours?|小时|钟头)$/i, "h"],
  [/^(d|days?|天|日)$/i, "d"],
];

/**
 * A duration written in words ("1 minute", "90s", "2 分钟", "1.5 h") as ISO 8601, or
 * null when the text is not a number and a known unit.
 * @example durationFromWords("2 分钟") // "PT2M"
 */
export function durationFromWords(text: string): string | null {
  const m = /^\s*(\d+(?:\.\d+)?)\s*([^\d\s]+)\s*$/.exec(text);
  const unit = m ? UNIT_WORDS.find(([re]) => re.test(m[2]!))?.[1] : undefined; // both groups are required
  return m && unit ? toIsoDuration(Number(m[1]), unit) : null;
}
