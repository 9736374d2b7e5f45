/**
 * Compiles a `queue` standard (schema definition `queue`): the fairness checks it asks
 * for (`fifo`, `maxWait`, `closing`) over one queue's tickets.
 *
 * Codes (API, never renamed):
 * - `compile_queue_no_check`       none of `fifo`, `maxWait`, `closing`: the standard would judge nothing
 * - `compile_queue_missing_event`  `fifo` or `maxWait` without `call`, or `yieldToKey` without `yield`
 * - `compile_queue_forget_too_short` `forgetAfter` not longer than a maximum wait (the wait could never be breached)
 * - `compile_queue_unknown_class`  a `maxWait` class that `classes` does not declare (it could never apply)
 * - `compile_unknown_calendar`     `closing.calendar` not declared in `calendars` (as for timing)
 * - `compile_queue_served_by_without_closing` `servedBy` without a `closing` time to count it from
 */
import { dict, own } from "../../own.js";
import type { Diagnostic, MatcherDoc } from "../../types.js";
import type { CompiledMatcher, CompiledStandardBase } from "../../evaluate/model.js";
import type { StandardDraft } from "../kind.js";
import { makeCollector, type CompileContext } from "../../compile/context.js";
import { parseClock } from "../../calendar/zone.js";
import { escapePointer } from "../../vocabulary/pointer.js";

/** Default for `forgetAfter`: a ticket waiting 12 hours belongs to another day. */
export const DEFAULT_FORGET_AFTER_MS = 12 * 3_600_000;

export interface CompiledQueue extends CompiledStandardBase {
  kind: "queue";
  issue: CompiledMatcher[];
  call: CompiledMatcher[];
  yield: CompiledMatcher[];
  abandon: CompiledMatcher[];
  turnAway: CompiledMatcher[];
  ticketKey: string[];
  classKey: string[];
  yieldToKey: string[];
  /** Declared classes, highest priority first; null: one line. */
  classes: string[] | null;
  fifo: boolean;
  /** Maximum wait per class ("*" for every class), or null. */
  maxWaitMs: Record<string, number> | null;
  /** Closing time: local minutes after midnight in the policy's zone, or a calendar's. */
  closing: { minutes: number } | { calendar: string } | null;
  /** Tickets issued before closing must be called this long after closing at the latest; null: no bound. */
  servedByMs: number | null;
  forgetAfterMs: number;
}

export interface QueueDoc {
  id: string;
  title: CompiledStandardBase["title"];
  severity?: string;
  issue: MatcherDoc | MatcherDoc[];
  call?: MatcherDoc | MatcherDoc[];
  yield?: MatcherDoc | MatcherDoc[];
  abandon?: MatcherDoc | MatcherDoc[];
  turnAway?: MatcherDoc | MatcherDoc[];
  ticketKey?: string;
  classKey?: string;
  yieldToKey?: string;
  classes?: string[];
  fifo?: boolean;
  maxWait?: string | Record<string, string>;
  closing?: string | { calendar: string };
  servedBy?: string;
  forgetAfter?: string;
}

/** Compiles one queue standard found at `pointer`. */
export function compileQueue(doc: QueueDoc, pointer: string, ctx: CompileContext): { standard: StandardDraft<CompiledQueue> | null; diagnostics: Diagnostic[] } {
  const c = makeCollector(ctx, pointer);
  const fifo = doc.fifo ?? false;
  if (!fifo && doc.maxWait === undefined && doc.closing === undefined) {
    c.error("compile_queue_no_check", "", `${doc.id} checks nothing: add "fifo": true, a "maxWait" or a "closing" time`);
  }
  if ((fifo || doc.maxWait !== undefined) && doc.call === undefined) {
    c.error("compile_queue_missing_event", "", `${doc.id} needs "call" (the event that serves a ticket) to judge ${fifo ? "the order of service" : "waiting times"}`);
  }
  if (doc.yieldToKey !== undefined && doc.yield === undefined) {
    c.error("compile_queue_missing_event", "/yieldToKey", `${doc.id} names "yieldToKey" but no "yield" event`);
  }

  let maxWaitMs: Record<string, number> | null = null;
  // Null-prototype (class names are user text) and looked up with own() at run time.
  if (typeof doc.maxWait === "string") maxWaitMs = Object.assign(dict<number>(), { "*": c.duration(doc.maxWait, "maxWait") ?? 0 });
  else if (doc.maxWait) maxWaitMs = Object.assign(dict<number>(), Object.fromEntries(Object.entries(doc.maxWait).map(([cls, d]) => [cls, c.duration(d, `maxWait/${escapePointer(cls)}`) ?? 0])));

  if (typeof doc.maxWait === "object" && doc.classes) {
    for (const cls of Object.keys(doc.maxWait)) {
      if (!doc.classes.includes(cls)) c.error("compile_queue_unknown_class", `/maxWait/${escapePointer(cls)}`, `class "${cls}" is not declared in "classes" (${doc.classes.join(", ")})`);
    }
  }

  let closing: CompiledQueue["closing"] = null;
  if (typeof doc.closing === "string") closing = { minutes: parseClock(doc.closing) ?? 0 };
  else if (doc.closing) {
    if (!own(ctx.calendars, doc.closing.calendar)) c.error("compile_unknown_calendar", "/closing/calendar", `calendar "${doc.closing.calendar}" is not declared in "calendars"`);
    closing = { calendar: doc.closing.calendar };
  }

  const servedByMs = c.duration(doc.servedBy, "servedBy");
  if (doc.servedBy !== undefined && doc.closing === undefined) {
    c.error("compile_queue_served_by_without_closing", "/servedBy", `${doc.id} has "servedBy" but no "closing" time to count it from`);
  }
  if (doc.servedBy !== undefined && doc.call === undefined) {
    c.error("compile_queue_missing_event", "/servedBy", `${doc.id} needs "call" (the event that serves a ticket) to know who was served by closing + ${doc.servedBy}`);
  }

  const forgetAfterMs = doc.forgetAfter === undefined ? DEFAULT_FORGET_AFTER_MS : (c.duration(doc.forgetAfter, "forgetAfter") ?? 0);
  const longestWait = Math.max(0, ...Object.values(maxWaitMs ?? {}));
  if (forgetAfterMs <= longestWait) {
    c.error("compile_queue_forget_too_short", doc.forgetAfter === undefined ? "/maxWait" : "/forgetAfter", `a ticket is forgotten after ${doc.forgetAfter ?? "PT12H"}, not longer than the longest maximum wait: raise "forgetAfter"`);
  }

  const standard: StandardDraft<CompiledQueue> = {
    id: doc.id,
    kind: "queue",
    title: doc.title,
    severity: doc.severity,
    events: c.events,
    issue: c.matchers(doc.issue, "issue"),
    call: c.matchers(doc.call, "call"),
    yield: c.matchers(doc.yield, "yield"),
    abandon: c.matchers(doc.abandon, "abandon"),
    turnAway: c.matchers(doc.turnAway, "turnAway"),
    ticketKey: c.dataPath(doc.ticketKey, "ticketKey") ?? ["ticket"],
    classKey: c.dataPath(doc.classKey, "classKey") ?? ["class"],
    yieldToKey: c.dataPath(doc.yieldToKey, "yieldToKey") ?? ["to"],
    classes: doc.classes ? [...doc.classes] : null,
    fifo,
    maxWaitMs,
    closing,
    servedByMs,
    forgetAfterMs,
  };
  return c.finish(standard);
}

