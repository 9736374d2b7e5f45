/** Flag parsing for every command (node:util parseArgs, strict), with `--help`. */
import { parseArgs } from "node:util";
import { parseIsoTime } from "@yardstick/engine";
import { CliError } from "./io.js";

type Options = Record<string, { type: "string" | "boolean"; short?: string }>;

export class HelpRequested extends Error {
  constructor(readonly text: string) {
    super(text);
    this.name = "HelpRequested";
  }
}

/** Parses `argv` for `command`; `--help`/`-h` throws HelpRequested, bad flags a CliError. */
export function parseCommand<O extends Options>(command: string, argv: string[], options: O, help: string) {
  try {
    const parsed = parseArgs({ args: argv, options: { ...options, help: { type: "boolean", short: "h" } }, allowPositionals: true, strict: true });
    if ((parsed.values as Record<string, unknown>).help === true) throw new HelpRequested(help);
    return parsed as { values: { [K in keyof O]?: O[K]["type"] extends "string" ? string : boolean }; positionals: string[] };
  } catch (err) {
    if (err instanceof HelpRequested) throw err;
    const raw = err instanceof Error ? err.message : String(err);
    // node's own wording for an unknown flag is long-winded; keep the part people need.
    const unknown = /^Unknown option '([^']+)'/.exec(raw);
    const message = unknown ? `unknown option ${unknown[1]}` : raw;
    throw new CliError([`yardstick ${command}: ${message}`, `Try: yardstick ${command} --help`]);
  }
}

/** A required string flag. */
export function required(command: string, value: string | boolean | undefined, flag: string): string {
  if (typeof value !== "string" || value === "") throw new CliError([`yardstick ${command}: --${flag} is required`, `Try: yardstick ${command} --help`]);
  return value;
}

/**
 * An optional time flag such as `--until`: an ISO 8601 time with offset, or undefined
 * when not given; anything else is a CliError naming the flag and the value.
 * @example isoTime("replay", "2026-11-22T12:05:00+08:00", "until") // "2026-11-22T12:05:00+08:00"
 */
export function isoTime(command: string, value: string | boolean | undefined, flag: string): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== "string" || parseIsoTime(value) === null) {
    throw new CliError(`yardstick ${command}: --${flag} must be an ISO 8601 time with offset, e.g. 2026-11-22T12:05:00+08:00; got "${String(value)}"`);
  }
  return value;
}
