/** `yardstick check <policy.json…>`: schema, compile and lint; exit 1 when any file has an error. */
import { checkPolicyText } from "@yardstick/engine";
import { CliError, located, readText, type Io } from "../io.js";
import { parseCommand } from "../args.js";

export const checkHelp = `Usage: yardstick check <policy.json…>

Validates each policy against the schema, compiles it and lints it (SMART rules).
Prints one line per problem: file:line:col: severity code message
Exits 1 when any file has an error; warnings alone exit 0.`;

export function check(argv: string[], io: Io): number {
  const { positionals } = parseCommand("check", argv, {}, checkHelp);
  if (positionals.length === 0) throw new CliError(["yardstick check: name at least one policy file", "Try: yardstick check --help"]);
  let errors = 0;
  let warnings = 0;
  for (const file of positionals) {
    let text: string;
    try {
      text = readText(file);
    } catch (err) {
      if (!(err instanceof CliError)) throw err;
      io.out(err.lines.join("\n") + "\n");
      errors++;
      continue;
    }
    const result = checkPolicyText(text);
    for (const d of result.diagnostics) {
      io.out(located(file, d) + "\n");
      if (d.severity === "error") errors++;
      else if (d.severity === "warning") warnings++;
    }
  }
  io.err(`${positionals.length} ${positionals.length === 1 ? "file" : "files"} checked: ${errors} ${errors === 1 ? "error" : "errors"}, ${warnings} ${warnings === 1 ? "warning" : "warnings"}\n`);
  return errors > 0 ? 1 : 0;
}
