/**
 * Reading input files within bounds: NDJSON line by line, documents up to a size.
 *
 * Synchronous on purpose: the engine's `replayOrdered` pulls events from a synchronous
 * iterable, so the file is read with `readSync` in 1 MiB chunks rather than through
 * `readline` (which is async only and has no bound on a line's length: `/dev/zero`,
 * one line without end, would grow forever). Memory holds one chunk and one line.
 */
import { closeSync, openSync, readSync } from "node:fs";
import { CliError, located } from "./io.js";

/** Longest NDJSON line (one event) read: the runtime's request body limit. */
export const MAX_LINE_BYTES = 1 << 20;
/** Largest JSON document (policy, scenario file) read. */
export const MAX_DOCUMENT_FILE_BYTES = 16 << 20;

const CHUNK_BYTES = 1 << 20;
const NEWLINE = 0x0a;

/** One line of a file: its text (no line break, no BOM) and its 1-based number. */
export interface Line {
  text: string;
  line: number;
}

/**
 * Code `cli_file_unreadable` (error): a file named on the command line cannot be read.
 * Reported at line 1, column 1 of that file.
 */
export function unreadable(file: string, err: unknown): CliError {
  const e = err as NodeJS.ErrnoException;
  const why = e.code === "ENOENT" ? "no such file" : e.code === "EISDIR" ? "is a directory" : e.code === "EACCES" ? "permission denied" : e.message;
  return new CliError(located(file, { line: 1, column: 1, severity: "error", code: "cli_file_unreadable", message: `cannot read file: ${why}` }));
}

function open(file: string): number {
  try {
    return openSync(file, "r");
  } catch (err) {
    throw unreadable(file, err);
  }
}

function read(file: string, fd: number, buf: Buffer): number {
  try {
    return readSync(fd, buf, 0, buf.length, null);
  } catch (err) {
    throw unreadable(file, err);
  }
}

/** A leading UTF-8 byte order mark, which editors on Windows write and JSON forbids. */
function stripBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/**
 * Every line of `file`, streamed. Code `cli_line_too_long` (error): a line longer than
 * MAX_LINE_BYTES, reported at that line (reading stops there).
 * @example for (const { text, line } of readLines("events.ndjson")) …
 */
export function* readLines(file: string, maxLineBytes = MAX_LINE_BYTES): Generator<Line> {
  const fd = open(file);
  try {
    const buf = Buffer.allocUnsafe(CHUNK_BYTES);
    // Bytes of the line begun in earlier chunks (a line may span chunks).
    let carry: Buffer[] = [];
    let carried = 0;
    let lineNo = 0;
    const finish = (tail: Buffer): Line => {
      const bytes = carried === 0 ? tail : Buffer.concat([...carry, tail]);
      carry = [];
      carried = 0;
      lineNo++;
      let text = bytes.toString("utf8");
      if (lineNo === 1) text = stripBom(text);
      if (text.endsWith("\r")) text = text.slice(0, -1);
      return { text, line: lineNo };
    };
    const tooLong = () =>
      new CliError(located(file, { line: lineNo + 1, column: 1, severity: "error", code: "cli_line_too_long", message: `line ${lineNo + 1} is longer than ${maxLineBytes} bytes (one event per line; is this an NDJSON file?)` }));
    for (;;) {
      const n = read(file, fd, buf);
      if (n === 0) break;
      let start = 0;
      for (let nl = buf.indexOf(NEWLINE, 0); nl !== -1 && nl < n; nl = buf.indexOf(NEWLINE, start)) {
        if (carried + nl - start > maxLineBytes) throw tooLong();
        // Copy: the buffer is reused for the next chunk.
        yield finish(Buffer.from(buf.subarray(start, nl)));
        start = nl + 1;
      }
      if (start < n) {
        carried += n - start;
        if (carried > maxLineBytes) throw tooLong();
        carry.push(Buffer.from(buf.subarray(start, n)));
      }
    }
    if (carried > 0) yield finish(Buffer.alloc(0));
  } finally {
    closeSync(fd);
  }
}

/**
 * The whole of a document file as text (BOM removed), read in chunks so that a huge
 * file or a device without end (`/dev/zero`) stops at the bound. Code
 * `cli_file_too_large` (error), at 1:1.
 */
export function readBoundedText(file: string, maxBytes = MAX_DOCUMENT_FILE_BYTES): string {
  const fd = open(file);
  try {
    const chunks: Buffer[] = [];
    let total = 0;
    const buf = Buffer.allocUnsafe(CHUNK_BYTES);
    for (let n = read(file, fd, buf); n > 0; n = read(file, fd, buf)) {
      total += n;
      if (total > maxBytes) {
        throw new CliError(located(file, { line: 1, column: 1, severity: "error", code: "cli_file_too_large", message: `file is larger than ${maxBytes} bytes, the most read` }));
      }
      chunks.push(Buffer.from(buf.subarray(0, n)));
    }
    return stripBom(Buffer.concat(chunks).toString("utf8"));
  } finally {
    closeSync(fd);
  }
}
