/** `yardstick check <policy.json…> [--events E.ndjson]`: schema, compile and lint; exit 1 when any file has an error. */
import { checkPolicyText, lintPolicy, locateDiagnostics, replayOrdered, type CheckResult, type Decision, type Diagnostic, type LocatedDiagnostic } from "@yardstick/engine";
import { assertShallow, CliError, engineCall, located, readText, type Io } from "../io.js";
import { parseCommand } from "../args.js";
import { scanEvents, type EventScan } from "../events-file.js";
import { CHUNK_EVENTS, orderedEvents } from "../ordered-events.js";

export const checkHelp = `Usage: yardstick check <policy.json…> [--events E.ndjson]

Validates each policy against the schema, compiles it and lints it (SMART rules).
Prints one line per problem: file:line:col: severity code message
  --events E   also judge each policy on these recorded events (NDJSON): replayed
               through it, a standard breached in most of its cases is reported as
               probably unachievable (lint_probably_unachievable).
Exits 1 when any file has an error; warnings alone exit 0.`;

export function check(argv: string[], io: Io): number {
  const { values, positionals } = parseCommand("check", argv, { events: { type: "string" } }, checkHelp);
  if (positionals.length === 0) throw new CliError(["yardstick check: name at least one policy file", "Try: yardstick check --help"]);
  // Bad events are bad input for the whole command: exit 1 before any policy is judged.
  const recorded = values.events === undefined ? null : { file: values.events, scan: scanEvents(values.events, CHUNK_EVENTS) };
  let errors = 0;
  let warnings = 0;
  for (const file of positionals) {
    let text: string;
    try {
      text = readText(file);
      assertShallow(file, text);
    } catch (err) {
      if (!(err instanceof CliError)) throw err;
      io.out(err.lines.join("\n") + "\n");
      errors++;
      continue;
    }
    const result = checkPolicyText(text);
    const diagnostics = recorded === null ? result.diagnostics : [...result.diagnostics, ...onRecorded(text, result, recorded)];
    for (const d of diagnostics) {
      io.out(located(file, d) + "\n");
      if (d.severity === "error") errors++;
      else if (d.severity === "warning") warnings++;
    }
  }
  const files = `${positionals.length} ${positionals.length === 1 ? "file" : "files"} checked`;
  const against = recorded === null ? "" : ` on ${recorded.scan.count} recorded ${recorded.scan.count === 1 ? "event" : "events"}`;
  io.err(`${files}${against}: ${errors} ${errors === 1 ? "error" : "errors"}, ${warnings} ${warnings === 1 ? "warning" : "warnings"}\n`);
  return errors > 0 ? 1 : 0;
}

/**
 * The lints that only recorded events can raise (SMART "A"), for a policy that
 * compiles: its decisions on the events (streamed; only those that judge a case are
 * kept), then lintPolicy with them, minus what it says without them.
 */
function onRecorded(text: string, result: CheckResult, recorded: { file: string; scan: EventScan }): LocatedDiagnostic[] {
  if (!result.ok) return [];
  const decisions: Decision[] = [];
  const keep = (d: Decision) => {
    if (d.status === "met" || d.status === "breached" || d.supersedes !== undefined) decisions.push(d);
  };
  engineCall("check", () => replayOrdered(result.policy, orderedEvents(recorded.file, recorded.scan), null, { onDecision: keep }));
  const key = (d: Diagnostic) => JSON.stringify([d.code, d.path, d.message]);
  const plain = new Set(lintPolicy(result.doc).map(key));
  return locateDiagnostics(text, lintPolicy(result.doc, { decisions }).filter((d) => !plain.has(key(d))));
}
