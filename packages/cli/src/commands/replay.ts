/**
 * `yardstick replay --policy P --events E.ndjson [--until T] [--format ndjson|table] [--stats]`:
 * decisions of a policy on recorded events, sorted by `at`.
 */
import { queueStats, replayEvents } from "@yardstick/engine";
import { CliError, engineCall, type Io } from "../io.js";
import { isoTime, parseCommand, required } from "../args.js";
import { loadPolicy } from "../policy-file.js";
import { readEvents } from "../events-file.js";
import { formatTable } from "../table.js";

export const replayHelp = `Usage: yardstick replay --policy P --events E.ndjson [--until T] [--format ndjson|table] [--stats]

Replays recorded events (NDJSON: one event per line) through a policy and prints
its decisions sorted by "at".
  --policy P         the policy file (*.policy.json)
  --events E         the events file (NDJSON)
  --until T          stop the clock at T (ISO 8601 with offset); what still runs is "open".
                     Without it the clock runs past the last deadline.
  --format F         ndjson (default): one decision per line; table: aligned columns
  --stats            also print queue statistics (walk-aways, waits) to stderr
Exits 1 on a bad policy or events file, with file:line:col for each problem.`;

export function replay(argv: string[], io: Io): number {
  const { values, positionals } = parseCommand(
    "replay",
    argv,
    { policy: { type: "string" }, events: { type: "string" }, until: { type: "string" }, format: { type: "string" }, stats: { type: "boolean" } },
    replayHelp,
  );
  if (positionals.length > 0) throw new CliError([`yardstick replay: unexpected argument "${positionals[0]}"`, "Try: yardstick replay --help"]);
  const policyFile = required("replay", values.policy, "policy");
  const eventsFile = required("replay", values.events, "events");
  const format = values.format ?? "ndjson";
  if (format !== "ndjson" && format !== "table") throw new CliError(`yardstick replay: --format must be ndjson or table, not "${format}"`);
  const until = isoTime("replay", values.until, "until");
  const { policy } = loadPolicy(policyFile);
  const events = readEvents(eventsFile);
  const decisions = engineCall("replay", () => replayEvents(policy, events, until === undefined ? {} : { until }));
  io.out(format === "table" ? formatTable(decisions) : decisions.map((d) => JSON.stringify(d) + "\n").join(""));
  // Statistics go to stderr so stdout stays pure NDJSON.
  if (values.stats) io.err(JSON.stringify(queueStats(events, decisions), null, 2) + "\n");
  return 0;
}

