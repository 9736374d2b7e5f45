/**
 * What the commands need from the outside world, in one place: output streams, the
 * working directory, the environment (read only here) and fetch. Tests run the real
 * binary; `main` takes an Io so the commands never touch `process` themselves.
 */
import { readFileSync } from "node:fs";
import { parseJsonText, YardstickError, type Diagnostic } from "@yardstick/engine";

export interface Io {
  out(text: string): void;
  err(text: string): void;
  cwd: string;
  /** The API key for `publish` from YARDSTICK_KEY, if set. */
  envKey: string | undefined;
  fetch: typeof fetch;
}

/** The real process. */
export function processIo(): Io {
  return {
    out: (t) => process.stdout.write(t),
    err: (t) => process.stderr.write(t),
    cwd: process.cwd(),
    envKey: process.env.YARDSTICK_KEY || undefined,
    fetch: globalThis.fetch,
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
 * Code `cli_file_unreadable` (error): a file named on the command line cannot be read.
 * Reported at line 1, column 1 of that file.
 */
export function readText(file: string): string {
  try {
    return readFileSync(file, "utf8");
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    const why = e.code === "ENOENT" ? "no such file" : e.code === "EISDIR" ? "is a directory" : e.code === "EACCES" ? "permission denied" : e.message;
    throw new CliError(located(file, { line: 1, column: 1, severity: "error", code: "cli_file_unreadable", message: `cannot read file: ${why}` }));
  }
}

/** `file:line:col: severity code message`, the format editors and CI understand. */
export function located(file: string, d: Pick<Diagnostic, "severity" | "code" | "message"> & { line: number; column: number }): string {
  return `${file}:${d.line}:${d.column}: ${d.severity} ${d.code} ${d.message}`;
}

/**
 * Parses JSON `text` read from `file`; invalid JSON throws CliError located at the
 * problem (`parse_invalid_json`). `firstLine` shifts line numbers (an NDJSON line).
 */
export function parseJsonIn(file: string, text: string, firstLine = 1): unknown {
  const parsed = parseJsonText(text);
  if (parsed.ok) return parsed.value;
  const offset = parsed.errors?.[0]?.offset ?? 0;
  const before = text.slice(0, offset).split("\n");
  throw new CliError(located(file, { ...parsed.diagnostics[0], line: firstLine + before.length - 1, column: before[before.length - 1].length + 1 }));
}
