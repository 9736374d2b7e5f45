/**
 * The `yardstick` command: parses flags, calls the engine, prints. Every command
 * returns its exit code; bad input is a CliError (printed, exit 1), never a stack trace.
 */
import { CliError, processIo, type Io } from "./io.js";
import { HelpRequested } from "./args.js";
import { check } from "./commands/check.js";
import { test } from "./commands/test.js";
import { replay } from "./commands/replay.js";
import { diff } from "./commands/diff.js";
import { publish } from "./commands/publish.js";
import { activate, deactivate } from "./commands/activate.js";
import { report } from "./commands/report.js";

export type { Io } from "./io.js";

export const usage = `Usage: yardstick <command> [options]

Commands:
  check      <policy.json…> [--events E.ndjson]               schema + lint; file:line:col diagnostics
  test       [dir|file…]                                      run scenario tests next to policies
  replay     --policy P --events E.ndjson [--until T] [--format ndjson|table] [--stats]
  diff       <old.json> <new.json> [--events E [--until T]]   structural, and behavioural with --events
  publish    <policy.json> --server URL --message "…"         publish a new version (not active yet)
  activate   <policyId> --version N --server URL              make that version the live one
  deactivate <policyId> --server URL                          stop the policy receiving events
  report     --server URL --from T --to T [--group-by G]      compliance report: table, csv or json

Run "yardstick <command> --help" for a command's options.`;

type Command = (argv: string[], io: Io) => number | Promise<number>;
// A Map: the command name is user text, and "constructor" must not find Object's.
const commands = new Map<string, Command>(Object.entries({ check, test, replay, diff, publish, activate, deactivate, report }));

/**
 * Runs one command line and returns the exit code.
 * @example await main(["check", "policies/restaurant-dining.policy.json"]) // 0
 */
export async function main(argv: string[], io: Io = processIo()): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === "--help" || name === "-h" || name === "help") {
    const topic = name === "help" && rest[0] !== undefined ? commands.get(rest[0]) : undefined;
    if (topic) return main([rest[0], "--help"], io);
    // Asked for: stdout, exit 0. Called without a command: a usage error.
    if (name === undefined) {
      io.err(usage + "\n");
      return 1;
    }
    io.out(usage + "\n");
    return 0;
  }
  const command = commands.get(name);
  if (!command) {
    io.err(`yardstick: unknown command "${name}"\n${usage}\n`);
    return 1;
  }
  try {
    return await command(rest, io);
  } catch (err) {
    if (err instanceof HelpRequested) {
      io.out(err.text + "\n");
      return 0;
    }
    if (err instanceof CliError) {
      io.err(err.lines.join("\n") + "\n");
      return 1;
    }
    // A fault of ours, not of the input: say so in one line.
    io.err(`yardstick ${name}: internal error: ${err instanceof Error ? err.message : String(err)}\n`);
    return 1;
  }
}
