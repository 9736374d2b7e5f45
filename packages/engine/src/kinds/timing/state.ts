/**
 * The JSON state of the timing kind: one slot per subject and standard, holding its
 * obligations and the pending holds of every key (docs/semantics.md §3–§4).
 */
import type { Clock, LogEntry } from "./clock.js";

export interface Obligation {
  key: string;
  startId: string;
  startType: string;
  startedAt: number;
  /** Where the clock counts from: the start (a slot from before issue 10: its old anchor). */
  clockFrom?: { t: number; type: string };
  limit: number;
  /** Counted by the standard's calendar-aligned rule (months, `deadline`) rather than `limit`. */
  byRule?: true;
  /** A promise's `due`: the deadline itself, moved by nothing. */
  fixedDue: number | null;
  /** Hold keys already pending when it started. */
  held: string[];
  log: LogEntry[];
  clock: Clock;
  /** False while waiting for `requires` (it emits nothing yet). */
  confirmed: boolean;
  confirmedAt: number;
  /** Warning labels fired since the anchor `firedAnchor`. */
  fired: string[];
  firedAnchor: string;
  /** Warnings still to fire and when (kept here: `nextDue` has no calendar at hand). */
  warnings: Array<{ label: string; at: number }>;
  /** Set once breached: when, the deadline, and the running time at the deadline. */
  breach: { at: number; due: number; wall: number; biz: number } | null;
  events: string[];
  /** Why the start condition held (condition values), carried into every decision's reasons. */
  why: string[];
}

export interface Hold {
  k: string;
  hk: string;
  bound: number;
}

export interface TimingSlot {
  /** Keys whose start was already seen (for `once`). */
  started: string[];
  /** Pending holds of every key. */
  holds: Hold[];
  /** Which `requires` matchers have been seen. */
  required: boolean[];
  obligations: Obligation[];
}
