/**
 * Queue figures for `yardstick replay --stats`: how long each class waited (issue to
 * call), how often someone was served out of turn, how many walked away or were turned
 * away. Waits come from the events; overtakes, breaches and closing-time violations
 * from the decisions in force (superseded and withdrawn ones left out).
 */
import { put } from "../own.js";
import type { Decision, NormalizedEvent, YardstickEvent } from "../types.js";
import { effectiveDecisions } from "../evaluate/engine.js";

/** Event types of the queue (defaults: the bank-branch vocabulary) and the data fields read. */
export interface QueueStatsOptions {
  issued?: string;
  called?: string;
  abandoned?: string;
  turnedAway?: string;
  ticketKey?: string;
  classKey?: string;
}

/** Waits in milliseconds, nearest-rank percentiles; null when nobody of the class was called. */
export interface WaitFigures {
  p50: number | null;
  p90: number | null;
  max: number | null;
}

export interface ClassFigures {
  issued: number;
  served: number;
  walkAways: number;
  turnedAway: number;
  waitMs: WaitFigures;
}

export interface QueueStats {
  /** By the class the ticket was issued with ("" when it had none). */
  classes: Record<string, ClassFigures>;
  /** Calls that overtook a waiting ticket without its consent, and the tickets overtaken. */
  overtakes: { calls: number; ticketsOvertaken: number };
  walkAways: number;
  turnedAway: { total: number; violations: number };
  /** Tickets whose maximum wait was breached. */
  maxWaitBreaches: number;
}

/**
 * Computes queue figures from a replay's events and decisions.
 * @example
 * const decisions = replayEvents(policy, events);
 * queueStats(events, decisions).classes.normal.waitMs.p90 // e.g. 1140000
 */
export function queueStats(events: Iterable<YardstickEvent | NormalizedEvent>, decisions: readonly Decision[], options: QueueStatsOptions = {}): QueueStats {
  const types = {
    issued: options.issued ?? "ticket.issued",
    called: options.called ?? "ticket.called",
    abandoned: options.abandoned ?? "ticket.abandoned",
    turnedAway: options.turnedAway ?? "ticket.turned-away",
  };
  const ticketKey = options.ticketKey ?? "ticket";
  const classKey = options.classKey ?? "class";
  const relevant: Array<{ t: number; id: string; type: string; subject: string; data: Record<string, unknown> }> = [];
  for (const e of events) {
    if (e.type !== types.issued && e.type !== types.called && e.type !== types.abandoned && e.type !== types.turnedAway) continue;
    relevant.push({ t: "t" in e && typeof e.t === "number" ? e.t : Date.parse(e.time), id: e.id, type: e.type, subject: e.subject, data: e.data ?? {} });
  }
  relevant.sort((a, b) => a.t - b.t || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));

  const waiting = new Map<string, { t: number; cls: string }>();
  const classes = new Map<string, { issued: number; served: number; walkAways: number; turnedAway: number; waits: number[] }>();
  const figures = (cls: string) => {
    let f = classes.get(cls);
    if (!f) classes.set(cls, (f = { issued: 0, served: 0, walkAways: 0, turnedAway: 0, waits: [] }));
    return f;
  };
  let walkAways = 0;
  let turnedAway = 0;
  const seen = new Set<string>();
  for (const e of relevant) {
    if (seen.has(e.id)) continue; // a repeated id is a duplicate
    seen.add(e.id);
    const ticket = e.data[ticketKey];
    if (typeof ticket !== "string" && typeof ticket !== "number") continue;
    const key = `${e.subject}\u0000${ticket}`;
    if (e.type === types.issued) {
      const cls = e.data[classKey];
      const name = typeof cls === "string" ? cls : "";
      waiting.set(key, { t: e.t, cls: name });
      figures(name).issued++;
      continue;
    }
    const w = waiting.get(key);
    if (!w) continue;
    waiting.delete(key);
    const f = figures(w.cls);
    if (e.type === types.called) {
      f.served++;
      f.waits.push(e.t - w.t);
    } else if (e.type === types.abandoned) {
      f.walkAways++;
      walkAways++;
    } else {
      f.turnedAway++;
      turnedAway++;
    }
  }

  let overtakeCalls = 0;
  let ticketsOvertaken = 0;
  let closingViolations = 0;
  const breached = new Set<string>();
  for (const d of effectiveDecisions(decisions)) {
    if (d.ticket === undefined) continue;
    if (d.status === "violation" && d.overtaken && d.overtaken.length > 0) {
      overtakeCalls++;
      ticketsOvertaken += d.overtaken.length;
    } else if (d.status === "violation") closingViolations++;
    else if (d.status === "breached") breached.add(`${d.standard}\u0000${d.subject}\u0000${d.ticket}\u0000${d.startedAt ?? ""}`);
  }

  const out: Record<string, ClassFigures> = {};
  for (const [cls, f] of [...classes].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    put(out, cls, { issued: f.issued, served: f.served, walkAways: f.walkAways, turnedAway: f.turnedAway, waitMs: waitFigures(f.waits) });
  }
  return {
    classes: out,
    overtakes: { calls: overtakeCalls, ticketsOvertaken },
    walkAways,
    turnedAway: { total: turnedAway, violations: closingViolations },
    maxWaitBreaches: breached.size,
  };
}

function waitFigures(waits: number[]): WaitFigures {
  if (waits.length === 0) return { p50: null, p90: null, max: null };
  const sorted = [...waits].sort((a, b) => a - b);
  // waits is not empty and 0 <= ceil(q * n) - 1 < n for 0 < q <= 1.
  const rank = (q: number) => sorted[Math.max(0, Math.ceil(q * sorted.length) - 1)]!;
  return { p50: rank(0.5), p90: rank(0.9), max: sorted[sorted.length - 1]! };
}
