/**
 * NDJSON event files: one event per line, blank lines ignored. Problems are located at
 * the file's line (the NDJSON line) and the column of the offending field.
 */
import { locateDiagnostics, normalizeEvent, type NormalizedEvent } from "@yardstick/engine";
import { CliError, located, parseJsonIn, readText } from "./io.js";

/** Most problems reported from one file before giving up. */
const MAX_PROBLEMS = 20;

/** Reads and validates every event of `file`; throws CliError with every problem found (up to 20). */
export function readEvents(file: string): NormalizedEvent[] {
  const lines = readText(file).split("\n");
  const events: NormalizedEvent[] = [];
  const problems: string[] = [];
  lines.forEach((raw, i) => {
    if (problems.length >= MAX_PROBLEMS) return;
    const text = raw.endsWith("\r") ? raw.slice(0, -1) : raw;
    if (text.trim() === "") return;
    const lineNo = i + 1;
    let value: unknown;
    try {
      value = parseJsonIn(file, text, lineNo);
    } catch (err) {
      if (!(err instanceof CliError)) throw err;
      problems.push(...err.lines);
      return;
    }
    const event = normalizeEvent(value);
    if (!event.ok) {
      for (const d of locateDiagnostics(text, event.diagnostics)) problems.push(located(file, { ...d, line: lineNo }));
      return;
    }
    events.push(event.value);
  });
  if (problems.length > 0) throw new CliError(problems.slice(0, MAX_PROBLEMS));
  return events;
}
