/**
 * NDJSON event files: one event per line, blank lines ignored. Problems are located at
 * the file's line (the NDJSON line) and the column of the offending field.
 *
 * A replay reads the file twice, streaming both times: `scanEvents` checks every line
 * first (so bad input prints every problem and no decision, as before) and learns what
 * the second pass needs (is it in time order, which ids repeat, which event types
 * occur); `streamEvents` then reads it again for the engine. A file of at most
 * `keepUpTo` events is kept from the first pass instead.
 */
import { locateDiagnostics, normalizeEvent, type NormalizedEvent } from "@yardstick/engine";
import { CliError, located, parseJsonIn } from "./io.js";
import { readLines } from "./lines.js";
import { RepeatedIds } from "./id-filter.js";

/** Most problems reported from one file before giving up. */
const MAX_PROBLEMS = 20;
/** Distinct event types counted (for the unknown-type warning); more are not tracked. */
const MAX_TYPES = 10_000;

export interface EventScan {
  /** Valid events (lines that are not blank). */
  count: number;
  /** True when the file is in (time, id) order, as replayOrdered needs. */
  sorted: boolean;
  /** Every event, when there were at most `keepUpTo`; null otherwise. */
  kept: NormalizedEvent[] | null;
  /** Ids that may occur more than once (see RepeatedIds). */
  repeated: ReadonlySet<string>;
  /** Events per type (at most MAX_TYPES types). */
  types: Map<string, number>;
}

/**
 * Checks every event of `file`; throws CliError with every problem found (up to 20).
 * `onEvent` is called with the running count (for a progress line).
 */
export function scanEvents(file: string, keepUpTo: number, onEvent?: (count: number) => void): EventScan {
  const problems: string[] = [];
  const repeated = new RepeatedIds();
  const types = new Map<string, number>();
  let kept: NormalizedEvent[] | null = [];
  let count = 0;
  let sorted = true;
  let last: NormalizedEvent | null = null;
  for (const { text, line } of readLines(file)) {
    if (text.trim() === "") continue;
    const event = parseEvent(file, text, line, problems);
    if (problems.length >= MAX_PROBLEMS) break;
    if (event === null) continue;
    count++;
    onEvent?.(count);
    repeated.add(event.id);
    const n = types.get(event.type);
    if (n !== undefined || types.size < MAX_TYPES) types.set(event.type, (n ?? 0) + 1);
    if (last !== null && (event.t < last.t || (event.t === last.t && event.id < last.id))) sorted = false;
    last = event;
    if (kept !== null) {
      if (kept.length < keepUpTo) kept.push(event);
      else kept = null;
    }
  }
  if (problems.length > 0) throw new CliError(problems.slice(0, MAX_PROBLEMS));
  return { count, sorted, kept, repeated: repeated.candidates, types };
}

/** One line as an event, or null with its problems added to `problems`. */
function parseEvent(file: string, text: string, line: number, problems: string[]): NormalizedEvent | null {
  let value: unknown;
  try {
    value = parseJsonIn(file, text, line);
  } catch (err) {
    if (!(err instanceof CliError)) throw err;
    problems.push(...err.lines);
    return null;
  }
  const event = normalizeEvent(value);
  if (!event.ok) {
    for (const d of locateDiagnostics(text, event.diagnostics)) problems.push(located(file, { ...d, line }));
    return null;
  }
  return event.value;
}

/**
 * The events of a file that scanEvents accepted, read again, in file order. A file
 * that changed in between is an error (`cli_file_changed`).
 */
export function* streamEvents(file: string, expected: number): Generator<NormalizedEvent> {
  let count = 0;
  const changed = () => new CliError(located(file, { line: 1, column: 1, severity: "error", code: "cli_file_changed", message: "the file changed while it was replayed (it is read twice: name a file, not a pipe)" }));
  for (const { text } of readLines(file)) {
    if (text.trim() === "") continue;
    let event;
    try {
      event = normalizeEvent(JSON.parse(text));
    } catch {
      throw changed();
    }
    if (!event.ok || ++count > expected) throw changed();
    yield event.value;
  }
  if (count !== expected) throw changed();
}

/** Reads and validates every event of `file` into memory (diff, check --events). */
export function readEvents(file: string): NormalizedEvent[] {
  const scan = scanEvents(file, Infinity);
  return scan.kept ?? [];
}
