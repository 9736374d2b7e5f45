/** Readable aligned columns for `replay --format table`. */
import type { Decision } from "@yardstick/engine";

const COLUMNS: Array<[title: string, cell: (d: Decision) => string]> = [
  ["AT", (d) => d.at],
  ["SUBJECT", (d) => d.subject],
  ["KEY", (d) => d.key],
  ["STATUS", (d) => (d.level !== undefined ? `${d.status} ${d.level}` : d.status)],
  ["ELAPSED", (d) => (d.elapsedMs === undefined ? "" : formatMs(d.elapsedMs))],
  ["OVER BY", (d) => (d.overByMs === undefined || d.overByMs <= 0 ? "" : formatMs(d.overByMs))],
  ["SEVERITY", (d) => d.severity ?? ""],
  ["REASON", (d) => d.reasons.join("; ")],
];

/** Decisions as a table with a header row; columns padded to their widest cell. */
export function formatTable(decisions: readonly Decision[]): string {
  const rows = [COLUMNS.map(([title]) => title), ...decisions.map((d) => COLUMNS.map(([, cell]) => cell(d)))];
  const widths = COLUMNS.map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  return rows.map((r) => r.map((cell, i) => cell.padEnd(widths[i])).join("  ").trimEnd()).join("\n") + "\n";
}

/** "3 min 30 s", "45 s", "1 h 2 min", "750 ms". */
export function formatMs(ms: number): string {
  const parts: string[] = [];
  let rest = Math.round(ms);
  for (const [size, unit] of [[86_400_000, "d"], [3_600_000, "h"], [60_000, "min"], [1000, "s"]] as const) {
    const q = Math.floor(rest / size);
    if (q > 0) parts.push(`${q} ${unit}`);
    rest -= q * size;
  }
  if (rest > 0 || parts.length === 0) parts.push(`${rest} ms`);
  return parts.join(" ");
}
