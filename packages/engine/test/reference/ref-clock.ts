/**
 * The clock of one obligation, recomputed from scratch from the hold records of its
 * key every time it is asked for (docs/semantics.md §4): a chronological sweep over
 * the positions where holds begin and end, deliberately naive.
 */
import type { RefStandard } from "./ref-standard.js";

/** A place in the stream: (time, index of the event; Infinity for something timed at that instant). */
export interface Pos {
  t: number;
  seq: number;
}

export const before = (a: Pos, b: Pos) => a.t < b.t || (a.t === b.t && a.seq < b.seq);
const same = (a: Pos, b: Pos) => a.t === b.t && a.seq === b.seq;

export interface HoldRecord {
  k: string;
  hk: string;
  from: Pos;
  /** Instant the bound ends it (position (boundT, Infinity)). */
  boundT: number;
  /** Position of the `until` that released it, if any. */
  released: Pos | null;
  voided: boolean;
}

export interface UntilMark {
  k: string;
  at: Pos;
  type: string;
}

export interface ClockReading {
  /** Null while held (or ran out: see ranOutAt). */
  due: number | null;
  /** When the clock ran out in an as-if timeline (a void moved the deadline into the past). */
  ranOutAt: number | null;
  anchor: Pos;
  anchorType: string;
  runSince: number | null;
  firstRun: number | null;
  /** Running intervals since the anchor, up to the reading (or up to ranOutAt). */
  segments: Array<[number, number]>;
}

function endOf(r: HoldRecord): Pos {
  const bound = { t: r.boundT, seq: Infinity };
  return r.released && before(r.released, bound) ? r.released : bound;
}

/** Reads the clock of an obligation of `std` started at `start` (key k) at position `at`. */
export function readClock(std: RefStandard, k: string, start: Pos, startType: string, deadline: (anchor: number) => number, holds: HoldRecord[], untils: UntilMark[], at: Pos): ClockReading {
  const recs = holds.filter((r) => r.k === k && !r.voided && !before(at, r.from));
  const heldAfter = (p: Pos) => recs.some((r) => !before(p, r.from) && before(p, endOf(r)));
  const restart = std.suspend?.resume !== "continue";
  const candidates: Array<{ p: Pos; type: string }> = [];
  if (restart) {
    for (const u of untils) if (u.k === k) candidates.push({ p: u.at, type: u.type });
    for (const r of recs) if (!r.released || !before(r.released, { t: r.boundT, seq: Infinity })) candidates.push({ p: { t: r.boundT, seq: Infinity }, type: "maxHold" });
  }
  const points: Pos[] = [];
  for (const r of recs) points.push(r.from, endOf(r));
  for (const c of candidates) points.push(c.p);
  const walk = points.filter((p) => before(start, p) && !before(at, p)).sort((a, b) => (before(a, b) ? -1 : before(b, a) ? 1 : 0));

  const cal = std.cal;
  let held = heldAfter(start);
  const out: ClockReading = { due: null, ranOutAt: null, anchor: start, anchorType: startType, runSince: null, firstRun: null, segments: [] };
  let rem: number | null = null;
  let ran = false;
  if (!held) {
    out.due = deadline(start.t);
    out.runSince = out.firstRun = start.t;
    ran = true;
  }
  let prev: Pos | null = null;
  for (const p of walk) {
    if (prev && same(prev, p)) continue;
    prev = p;
    if (!held && out.due !== null && out.due < p.t) {
      out.ranOutAt = out.due;
      out.segments.push([out.runSince!, out.due]);
      return out;
    }
    const nowHeld = heldAfter(p);
    const cand = candidates.find((c) => same(c.p, p));
    if (restart && cand && !nowHeld) {
      out.anchor = p;
      out.anchorType = cand.type;
      out.due = deadline(p.t);
      out.runSince = out.firstRun = p.t;
      out.segments = [];
    } else if (!held && nowHeld) {
      out.segments.push([out.runSince!, p.t]);
      rem = cal.W(p.t, out.due!);
      out.due = null;
      out.runSince = null;
    } else if (held && !nowHeld && !restart) {
      out.due = ran ? cal.A(p.t, rem!) : deadline(p.t);
      out.runSince = p.t;
      out.firstRun ??= p.t;
      ran = true;
    }
    held = nowHeld;
  }
  if (!held && out.due !== null && out.due < at.t) {
    out.ranOutAt = out.due;
    out.segments.push([out.runSince!, out.due]);
    return out;
  }
  if (!held) out.segments.push([out.runSince!, at.t]);
  return out;
}
