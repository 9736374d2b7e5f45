/** ISO 8601 durations for deadlines. Years and months have no fixed length, so they are refused. */
const DURATION = /^P(?!$)(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?(?:T(?=\d)(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?$/;

/**
 * Parses an ISO 8601 duration into milliseconds; null when invalid or when it uses
 * years or months. A day is 24 hours (use a calendar for business days).
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
 * Formats milliseconds for people: "2 min", "1 h 30 min", "1 day", "45 s".
 * @example formatDuration(5_400_000) // "1 h 30 min"
 */
export function formatDuration(ms: number): string {
  const neg = ms < 0;
  let rest = Math.abs(ms);
  const parts: string[] = [];
  const units: Array<[number, string, string]> = [
    [86_400_000, "day", "days"],
    [3_600_000, "h", "h"],
    [60_000, "min", "min"],
    [1000, "s", "s"],
  ];
  for (const [size, one, many] of units) {
    const q = Math.floor(rest / size);
    if (q > 0) {
      parts.push(`${q} ${q === 1 ? one : many}`);
      rest -= q * size;
    }
  }
  if (rest > 0 || parts.length === 0) parts.push(`${rest} ms`);
  return (neg ? "-" : "") + parts.join(" ");
}
