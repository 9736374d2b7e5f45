/**
 * `yardstick diff <old.json> <new.json> [--events E.ndjson [--until T]]`: structural,
 * and behavioural with events.
 */
import { diffBehaviour, diffPolicies, type BehaviourDiff } from "@yardstick/engine";
import { CliError, engineCall, type Io } from "../io.js";
import { isoTime, parseCommand } from "../args.js";
import { loadPolicy } from "../policy-file.js";
import { readEvents } from "../events-file.js";

export const diffHelp = `Usage: yardstick diff <old.json> <new.json> [--events E.ndjson [--until T]]

Prints what changed between two versions of a policy, in plain words
("R6 …: within 10 min → 12 min", "R3 removed").
  --events E   also replay these recorded events (NDJSON) through both versions and
               list each outcome that changes ("<subject> R6: met → breached"),
               with counts per standard.
  --until T    with --events: stop the clock at T (ISO 8601 with offset), as replay
               --until does; what still runs is "open". Without it the clock runs past
               the last deadline.
Exits 0 whether or not anything changed; 1 on bad input.`;

export function diff(argv: string[], io: Io): number {
  const { values, positionals } = parseCommand("diff", argv, { events: { type: "string" }, until: { type: "string" } }, diffHelp);
  if (positionals.length !== 2) throw new CliError(["yardstick diff: name the old and the new policy file", "Try: yardstick diff --help"]);
  const until = isoTime("diff", values.until, "until");
  // The clock only runs in the behavioural diff; accepting --until alone would silently do nothing.
  if (until !== undefined && values.events === undefined) throw new CliError(["yardstick diff: --until needs --events (it stops the clock of the replay)", "Try: yardstick diff --help"]);
  const before = loadPolicy(positionals[0]);
  const after = loadPolicy(positionals[1]);
  const events = values.events === undefined ? null : readEvents(values.events);

  const changes = diffPolicies(before.doc, after.doc);
  const lines: string[] = [changes.length === 0 ? "No structural changes." : `Structural changes (${changes.length}):`];
  for (const c of changes) lines.push(`  ${c.message}`);
  if (events !== null) {
    const b = engineCall("diff", () => diffBehaviour(before.policy, after.policy, events, until === undefined ? {} : { until }));
    const clock = until === undefined ? "" : ` until ${until}`;
    lines.push("", `Behaviour on ${events.length} ${events.length === 1 ? "event" : "events"}${clock}: ${b.changes.length} ${b.changes.length === 1 ? "outcome changes" : "outcomes change"}`);
    lines.push(...behaviourLines(b));
  }
  io.out(lines.join("\n") + "\n");
  return 0;
}

/** Each changed outcome, then counts for the standards where something changed. */
function behaviourLines(b: BehaviourDiff): string[] {
  const lines = b.changes.map((c) => `  ${c.message}`);
  const counted = Object.entries(b.counts).filter(([, n]) => n.changed + n.added + n.removed > 0);
  if (counted.length > 0) lines.push("", "Per standard:");
  for (const [id, n] of counted) {
    const note = b.standards.added.includes(id) ? " (new standard)" : b.standards.removed.includes(id) ? " (removed standard)" : "";
    lines.push(`  ${id}${note}: ${n.changed} changed, ${n.added} added, ${n.removed} removed, ${n.unchanged} unchanged`);
  }
  return lines;
}
