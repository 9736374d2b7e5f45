/**
 * `yardstick replay --policy P --events E.ndjson [--until T] [--format ndjson|table] [--stats]`:
 * decisions of a policy on recorded events, sorted by `at`, streamed.
 *
 * Memory is bounded for any file size (without --stats): the file is checked in a first
 * streaming pass, then read again in (time, id) order (see ordered-events.ts) into the
 * engine's replayOrdered, whose decisions are written as they are made.
 */
import { queueStats, replayOrdered, type Decision, type NormalizedEvent } from "@yardstick/engine";
import { CliError, engineCall, type Io } from "../io.js";
import { isoTime, parseCommand, required } from "../args.js";
import { loadPolicy } from "../policy-file.js";
import { scanEvents } from "../events-file.js";
import { CHUNK_EVENTS, orderedEvents } from "../ordered-events.js";
import { TableWriter } from "../table.js";
import { decisions as decisionCount, events as eventCount, Progress, rate } from "../progress.js";
import { unknownTypeWarnings } from "../unknown-types.js";

export const replayHelp = `Usage: yardstick replay --policy P --events E.ndjson [--until T] [--format ndjson|table] [--stats]

Replays recorded events (NDJSON: one event per line) through a policy and prints
its decisions sorted by "at", as they are made. Files of any size are streamed in
bounded memory; an unsorted file is sorted through temporary files. The file is
read twice (checked first, so bad input prints no decision): name a file, not a pipe.
  --policy P         the policy file (*.policy.json)
  --events E         the events file (NDJSON, at most 1 MiB per line)
  --until T          stop the clock at T (ISO 8601 with offset); what still runs is "open".
                     Without it the clock runs past the last deadline.
  --format F         ndjson (default): one decision per line; table: aligned columns
                     (widths from the first 1000 rows)
  --stats            also print queue statistics (walk-aways, waits) to stderr
                     (keeps every event and decision in memory)
On a terminal, stderr shows progress. Event types that no standard takes are warned
about on stderr. Exits 1 on a bad policy or events file, with file:line:col for each problem.`;

/** Output is written in blocks of about this many characters (one write per decision would cost). */
const WRITE_BLOCK = 1 << 16;

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
  const { policy, doc } = loadPolicy(policyFile);

  const progress = new Progress(io);
  const scan = scanEvents(eventsFile, CHUNK_EVENTS, (n) => progress.tick((ms) => `replay: checked ${eventCount(n)} (${rate(n, ms)})`));
  for (const line of unknownTypeWarnings(policy, doc, scan.types)) io.err(line + "\n");

  const output = new Output(io, format);
  progress.restart();
  const stats = values.stats ? { events: [] as NormalizedEvent[], decisions: [] as Decision[] } : null;
  let read = 0;
  const events = output.pacing(orderedEvents(eventsFile, scan), () => {
    read++;
    progress.tick((ms) => `replay: ${eventCount(read)} read (${rate(read, ms)}), ${decisionCount(output.written)}`);
  });
  const onDecision = (d: Decision) => {
    output.add(d);
    stats?.decisions.push(d);
  };
  const source = stats === null ? events : tap(events, (e) => stats.events.push(e));
  engineCall("replay", () => replayOrdered(policy, source, until === undefined ? null : Date.parse(until), { onDecision }));
  output.end();
  progress.done((ms) => `replay: ${eventCount(read)} (${rate(read, ms)}), ${decisionCount(output.written)}, ${(ms / 1000).toFixed(1)} s`);
  if (output.outOfOrder > 0) io.err(`yardstick replay: warning: ${output.outOfOrder} decisions were made after a later one was printed; they are printed late\n`);
  // Statistics go to stderr so stdout stays pure NDJSON.
  if (stats !== null) io.err(JSON.stringify(queueStats(stats.events, stats.decisions), null, 2) + "\n");
  return 0;
}

function* tap<T>(items: Iterable<T>, fn: (item: T) => void): Generator<T> {
  for (const item of items) {
    fn(item);
    yield item;
  }
}

/**
 * Decisions to stdout in `at` order. The engine hands them over nearly in order: all
 * decisions made while one event is applied (and the deadlines before it fire) are at
 * or after the previous event's time, so holding one event's worth and sorting it
 * (stably, as replayEvents' final sort) gives the order of the whole sorted list.
 */
class Output {
  written = 0;
  /** Decisions that arrived before an already printed one (the engine broke the rule above). */
  outOfOrder = 0;
  private held: Decision[] = [];
  private lastAt = -Infinity;
  private buffer = "";
  private readonly table: TableWriter | null;

  constructor(
    private readonly io: Io,
    format: "ndjson" | "table",
  ) {
    this.table = format === "table" ? new TableWriter((t) => this.write(t)) : null;
  }

  add(d: Decision): void {
    this.held.push(d);
  }

  /** Passes events through, printing what the previous one produced before each is applied. */
  *pacing(events: Iterable<NormalizedEvent>, onEvent: () => void): Generator<NormalizedEvent> {
    for (const e of events) {
      this.release();
      onEvent();
      yield e;
    }
  }

  end(): void {
    this.release();
    this.table?.end();
    this.io.out(this.buffer);
    this.buffer = "";
  }

  private release(): void {
    if (this.held.length === 0) return;
    const ordered = this.held.length === 1 ? this.held : this.held.map((d, i) => ({ d, i, t: Date.parse(d.at) })).sort((a, b) => a.t - b.t || a.i - b.i).map((x) => x.d);
    this.held = [];
    for (const d of ordered) {
      const t = Date.parse(d.at);
      if (t < this.lastAt) this.outOfOrder++;
      else this.lastAt = t;
      this.written++;
      if (this.table) this.table.add(d);
      else this.write(JSON.stringify(d) + "\n");
    }
  }

  private write(text: string): void {
    this.buffer += text;
    if (this.buffer.length >= WRITE_BLOCK) {
      this.io.out(this.buffer);
      this.buffer = "";
    }
  }
}
