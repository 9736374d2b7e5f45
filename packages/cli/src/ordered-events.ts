/**
 * Events in the order a replay needs, in bounded memory: (time, id), ties by content,
 * the first of each id kept — exactly what the engine's replayEvents does in memory.
 *
 * Unsorted input of any size is sorted externally: runs of CHUNK_EVENTS events are
 * sorted in memory and written to temporary files, then merged (at most FAN_IN files at
 * a time). A reorder buffer bounded by the lateness window was the alternative; it is
 * cheaper but wrong for a file whose disorder exceeds the window (an export grouped by
 * subject, say), and a replay must give the decisions of the sorted stream whatever
 * the file's order. Sorted input (generators, exports by time) skips all of this.
 */
import { closeSync, mkdtempSync, openSync, rmSync, writeSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { NormalizedEvent } from "@yardstick/engine";
import { readLines, MAX_LINE_BYTES } from "./lines.js";
import { streamEvents, type EventScan } from "./events-file.js";

/** Events sorted in memory per run of the external sort. */
export const CHUNK_EVENTS = 50_000;
/** Files merged at once (open file descriptors). */
export const FAN_IN = 64;

/** How the external sort runs (tests make both small to exercise every path). */
export interface SortSizes {
  chunkEvents: number;
  fanIn: number;
}

/**
 * The scanned file's events in replay order, duplicates dropped.
 * @example replayOrdered(policy, orderedEvents(file, scanEvents(file, 1000)), null)
 */
export function orderedEvents(file: string, scan: EventScan, sizes: SortSizes = { chunkEvents: CHUNK_EVENTS, fanIn: FAN_IN }): Iterable<NormalizedEvent> {
  if (scan.kept !== null) return firstOfEachId([...scan.kept].sort(compareFull), scan.repeated);
  if (scan.sorted) return firstOfEachId(smallestOfTies(streamEvents(file, scan.count), scan.repeated), scan.repeated);
  return firstOfEachId(externalSort(streamEvents(file, scan.count), sizes), scan.repeated);
}

/** (time, id), then the content, as replayEvents orders. */
function compareFull(a: NormalizedEvent, b: NormalizedEvent): number {
  if (a.t !== b.t) return a.t - b.t;
  if (a.id !== b.id) return a.id < b.id ? -1 : 1;
  const x = canonical(a);
  const y = canonical(b);
  return x < y ? -1 : x > y ? 1 : 0;
}

function canonical(e: NormalizedEvent): string {
  return JSON.stringify([e.type, e.subject, e.time, e.data]);
}

/**
 * Drops repeated ids from a stream in replay order: of equal (time, id) the first (the
 * smallest content) is kept; an id seen earlier at another time is dropped. Only ids
 * in `repeated` are remembered.
 */
function* firstOfEachId(events: Iterable<NormalizedEvent>, repeated: ReadonlySet<string>): Generator<NormalizedEvent> {
  const seen = new Set<string>();
  for (const e of events) {
    if (repeated.has(e.id)) {
      if (seen.has(e.id)) continue;
      seen.add(e.id);
    }
    yield e;
  }
}

/** In a (time, id)-sorted stream, orders each run of equal (time, id) by content, as a full sort would: only the first survives firstOfEachId. */
function* smallestOfTies(events: Iterable<NormalizedEvent>, repeated: ReadonlySet<string>): Generator<NormalizedEvent> {
  let held: NormalizedEvent | null = null;
  for (const e of events) {
    if (held !== null && held.t === e.t && held.id === e.id && repeated.has(e.id)) {
      if (compareFull(e, held) < 0) held = e;
      continue;
    }
    if (held !== null) yield held;
    held = e;
  }
  if (held !== null) yield held;
}

/** Sorts a stream of any length through temporary files; they are removed when it ends. */
function* externalSort(events: Iterable<NormalizedEvent>, { chunkEvents, fanIn }: SortSizes): Generator<NormalizedEvent> {
  const dir = mkdtempSync(join(tmpdir(), "yardstick-replay-"));
  try {
    let runs: string[] = [];
    let chunk: NormalizedEvent[] = [];
    for (const e of events) {
      chunk.push(e);
      if (chunk.length >= chunkEvents) {
        runs.push(writeRun(dir, runs.length, chunk.sort(compareFull)));
        chunk = [];
      }
    }
    if (runs.length === 0) {
      yield* chunk.sort(compareFull);
      return;
    }
    if (chunk.length > 0) runs.push(writeRun(dir, runs.length, chunk.sort(compareFull)));
    chunk = [];
    let next = runs.length;
    while (runs.length > fanIn) {
      const merged = writeRun(dir, next++, merge(runs.slice(0, fanIn)));
      for (const f of runs.slice(0, fanIn)) rmSync(f);
      runs = [...runs.slice(fanIn), merged];
    }
    yield* merge(runs);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function writeRun(dir: string, n: number, events: Iterable<NormalizedEvent>): string {
  const file = join(dir, `run-${n}.ndjson`);
  const fd = openSync(file, "w");
  try {
    let buffer = "";
    for (const e of events) {
      buffer += JSON.stringify(e) + "\n";
      if (buffer.length >= 1 << 20) {
        writeSync(fd, buffer);
        buffer = "";
      }
    }
    writeSync(fd, buffer);
  } finally {
    closeSync(fd);
  }
  return file;
}

/** K-way merge of sorted run files (each a NormalizedEvent per line). */
function* merge(files: string[]): Generator<NormalizedEvent> {
  // A run line is an input line plus "t"; allow for it.
  const readers = files.map((f) => readLines(f, 2 * MAX_LINE_BYTES));
  try {
    const heads: Array<{ e: NormalizedEvent; r: number }> = [];
    const pull = (r: number) => {
      const n = readers[r].next();
      if (!n.done) heads.push({ e: JSON.parse(n.value.text) as NormalizedEvent, r });
    };
    readers.forEach((_, r) => pull(r));
    // The fan-in is small: a linear scan for the smallest head is as fast as a heap here.
    while (heads.length > 0) {
      let min = 0;
      for (let i = 1; i < heads.length; i++) if (compareFull(heads[i].e, heads[min].e) < 0) min = i;
      const [{ e, r }] = heads.splice(min, 1);
      yield e;
      pull(r);
    }
  } finally {
    for (const r of readers) r.return(undefined);
  }
}
