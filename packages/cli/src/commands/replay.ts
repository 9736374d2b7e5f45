/**
 * `yardstick replay --policy P --events E.ndjson [--until T] [--format ndjson|table] [--stats]`:
 * decisions of a policy on recorded events, sorted by `at`.
 */
import { queueStats, replayEvents, YardstickError, type Decision } from "@yardstick/engine";
import { CliError, type Io } from "../io.js";
import { parseCommand, required } from "../args.js";
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

const ISO_WITH_OFFSET = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;

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
  const until = values.until;
  if (until !== undefined && (!ISO_WITH_OFFSET.test(until) || Number.isNaN(Date.parse(until)))) {
    throw new CliError(`yardstick replay: --until must be an ISO 8601 time with offset, e.g. 2026-11-22T12:05:00+08:00; got "${until}"`);
  }
  const { policy } = loadPolicy(policyFile);
  const events = readEvents(eventsFile);
  let decisions: Decision[];
  try {
    decisions = replayEvents(policy, events, until === undefined ? {} : { until });
  } catch (err) {
    if (err instanceof YardstickError) throw new CliError(`yardstick replay: ${err.code}: ${err.message}`);
    throw err;
  }
  io.out(format === "table" ? formatTable(decisions) : decisions.map((d) => JSON.stringify(d) + "\n").join(""));
  // Statistics go to stderr so stdout stays pure NDJSON.
  if (values.stats) io.err(JSON.stringify(queueStats(events, decisions), null, 2) + "\n");
  return 0;
}

