/** Readable aligned columns for `replay --format table`. */
import { formatDuration, type Decision } from "@yardstick/engine";

const COLUMNS: Array<[title: string, cell: (d: Decision) => string]> = [
  ["AT", (d) => d.at],
  ["SUBJECT", (d) => d.subject],
  ["KEY", (d) => d.key],
  ["STATUS", (d) => (d.level !== undefined ? `${d.status} ${d.level}` : d.status)],
  ["ELAPSED", (d) => (d.elapsedMs === undefined ? "" : formatDuration(d.elapsedMs))],
  ["OVER BY", (d) => (d.overByMs === undefined || d.overByMs <= 0 ? "" : formatDuration(d.overByMs))],
  ["SEVERITY", (d) => d.severity ?? ""],
  ["REASON", (d) => d.reasons.join("; ")],
];

/** Decisions as a table with a header row; columns padded to their widest cell. */
export function formatTable(decisions: readonly Decision[]): string {
  const rows = [COLUMNS.map(([title]) => title), ...decisions.map((d) => COLUMNS.map(([, cell]) => cell(d)))];
  const widths = COLUMNS.map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  return rows.map((r) => r.map((cell, i) => cell.padEnd(widths[i])).join("  ").trimEnd()).join("\n") + "\n";
}
