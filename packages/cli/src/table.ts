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

/** Rows whose cells set the column widths; later rows are printed as they come. */
export const TABLE_SAMPLE_ROWS = 1000;

/**
 * Decisions as a table with a header row, streamed: columns are padded to the widest
 * cell of the header and the first TABLE_SAMPLE_ROWS rows (so a short table is exactly
 * aligned); a later, wider cell pushes the rest of its row right instead of realigning.
 * @example const t = new TableWriter(write); decisions.forEach((d) => t.add(d)); t.end();
 */
export class TableWriter {
  private sample: string[][] | null = [COLUMNS.map(([title]) => title)];
  private widths: number[] = [];

  constructor(private readonly write: (text: string) => void) {}

  add(d: Decision): void {
    const row = COLUMNS.map(([, cell]) => cell(d));
    if (this.sample === null) {
      this.write(this.line(row));
      return;
    }
    this.sample.push(row);
    if (this.sample.length > TABLE_SAMPLE_ROWS) this.flush();
  }

  end(): void {
    if (this.sample !== null) this.flush();
  }

  private flush(): void {
    const rows = this.sample!;
    this.widths = COLUMNS.map((_, i) => rows.reduce((w, r) => Math.max(w, r[i].length), 0));
    this.sample = null;
    this.write(rows.map((r) => this.line(r)).join(""));
  }

  private line(row: string[]): string {
    return row.map((cell, i) => cell.padEnd(this.widths[i])).join("  ").trimEnd() + "\n";
  }
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
