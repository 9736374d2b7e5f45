/**
 * What the commands need from the outside world, in one place: output streams, the
 * working directory, the environment (read only here) and fetch. Tests run the real
 * binary; `main` takes an Io so the commands never touch `process` themselves.
 */
import { parseJsonText, YardstickError, type Diagnostic } from "@yardstick/engine";
import { readBoundedText } from "./lines.js";

export interface Io {
  out(text: string): void;
  err(text: string): void;
  cwd: string;
  /** The API key for `publish` from YARDSTICK_KEY, if set. */
  envKey: string | undefined;
  fetch: typeof fetch;
  /** Whether stderr is a terminal (a progress line is shown only then). */
  errIsTTY: boolean;
  /** Milliseconds of a monotonic clock, for progress figures. */
  now(): number;
}

/** The real process. */
export function processIo(): Io {
  // `yardstick replay … | head`: a reader that stops early is not an error of ours.
  process.stdout.on("error", (err: NodeJS.ErrnoException) => {
    if (err.code === "EPIPE") process.exit(0);
    throw err;
  });
  return {
    out: (t) => process.stdout.write(t),
    err: (t) => process.stderr.write(t),
    cwd: process.cwd(),
    envKey: process.env.YARDSTICK_KEY || undefined,
    fetch: globalThis.fetch,
    errIsTTY: process.stderr.isTTY === true,
    now: () => performance.now(),
  };
}

/**
 * Bad input or bad usage: `lines` are printed to stderr as they are (already located as
 * `file:line:col: …` where a file is involved) and the command exits 1. Never a stack trace.
 */
export class CliError extends Error {
  readonly lines: string[];
  constructor(lines: string | string[]) {
    const list = Array.isArray(lines) ? lines : [lines];
    super(list.join("\n"));
    this.name = "CliError";
    this.lines = list;
  }
}

/**
 * Runs an engine call for `command`; a YardstickError (input the engine refused, e.g.
 * `event_invalid`) becomes a CliError "yardstick <command>: <code>: <message>".
 * @example const decisions = engineCall("replay", () => replayEvents(policy, events));
 */
export function engineCall<T>(command: string, run: () => T): T {
  try {
    return run();
  } catch (err) {
    if (err instanceof YardstickError) throw new CliError(`yardstick ${command}: ${err.code}: ${err.message}`);
    throw err;
  }
}

/**
 * The text of a document file (policy, scenario), BOM removed, at most
 * MAX_DOCUMENT_FILE_BYTES: `cli_file_unreadable` or `cli_file_too_large` at 1:1.
 */
export function readText(file: string): string {
  return readBoundedText(file);
}

/** `file:line:col: severity code message`, the format editors and CI understand. */
export function located(file: string, d: Pick<Diagnostic, "severity" | "code" | "message"> & { line: number; column: number }): string {
  return `${file}:${d.line}:${d.column}: ${d.severity} ${d.code} ${d.message}`;
}

/** Deepest nesting of arrays and objects parsed; deeper input is refused before parsing. */
export const MAX_NESTING = 256;

/**
 * Parses JSON `text` read from `file`; invalid JSON throws CliError located at the
 * problem (`parse_invalid_json`). `firstLine` shifts line numbers (an NDJSON line).
 * Code `cli_too_deep` (error): nesting deeper than MAX_NESTING, located at the bracket
 * that goes one level too deep (the located parser is recursive and would overflow).
 */
export function parseJsonIn(file: string, text: string, firstLine = 1): unknown {
  assertShallow(file, text, firstLine);
  // The fast path: most input is valid, and the located parser costs several times more.
  try {
    return JSON.parse(text) as unknown;
  } catch {
    // fall through to the parser that says where
  }
  const parsed = parseJsonText(text);
  if (parsed.ok) return parsed.value;
  const offset = parsed.errors?.[0]?.offset ?? 0;
  throw new CliError(located(file, { ...parsed.diagnostics[0], ...position(text, offset, firstLine) }));
}

/** Throws `cli_too_deep` (see parseJsonIn) when `text` nests deeper than MAX_NESTING. */
export function assertShallow(file: string, text: string, firstLine = 1): void {
  // Nesting deeper than MAX_NESTING needs more than MAX_NESTING characters.
  const deep = text.length > MAX_NESTING ? tooDeepAt(text, MAX_NESTING) : -1;
  if (deep !== -1) {
    throw new CliError(located(file, { ...position(text, deep, firstLine), severity: "error", code: "cli_too_deep", message: `nesting deeper than ${MAX_NESTING} levels` }));
  }
}

function position(text: string, offset: number, firstLine: number): { line: number; column: number } {
  const before = text.slice(0, offset).split("\n");
  return { line: firstLine + before.length - 1, column: before[before.length - 1].length + 1 };
}

/**
 * Offset of the first `[` or `{` (outside strings) that opens level `max + 1`, or -1.
 * @example tooDeepAt("[[[1]]]", 2) // 2
 */
export function tooDeepAt(text: string, max: number): number {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++; // backslash: skip the escaped character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x5b || c === 0x7b) {
      if (++depth > max) return i;
    } else if (c === 0x5d || c === 0x7d) depth--;
  }
  return -1;
}
