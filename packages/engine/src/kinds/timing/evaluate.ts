/**
 * Timing standards: after a start event, a stop event within a duration.
 *
 * One obligation per (subject, key). Its clock may be held by a conditional anchor
 * (`suspend`: while a drink is on its way, the "ask to order" clock does not run) and
 * restarted when nothing is pending any more. A breach is emitted at the deadline; the
 * obligation stays open as overdue (up to OVERDUE_KEPT_MS) so a late stop can report
 * the overrun.
 */
import { eventFacts } from "../../evaluate/facts.js";
import { readDataPath } from "../../compile/data-path.js";
import { formatDuration, parseDuration } from "../../compile/duration.js";
import type { NormalizedEvent } from "../../types.js";
import { iso } from "../../evaluate/ids.js";
import type { CompiledMatcher, Facts, HandlerContext, KindHandler } from "../../evaluate/model.js";
import type { CompiledTiming } from "./compile.js";

/**
 * An overdue obligation waits this long after its breach for its late stop (which
 * reports the overrun), then is forgotten at that moment: a deadline like any other, so
 * a replay and the runtime forget it at the same instant.
 */
export const OVERDUE_KEPT_MS = 7 * 86_400_000;

interface Obligation {
  key: string;
  startId: string;
  startType: string;
  startedAt: number;
  /** When the clock last (re)started. */
  anchorAt: number;
  anchorType: string;
  withinMs: number;
  /** Null while the clock is held. */
  dueAt: number | null;
  /** Time left when the clock was held (resume "continue"). */
  remainingMs: number | null;
  warned: boolean;
  /** Set once the deadline passed: the breach has been emitted. */
  breachedAt: number | null;
  events: string[];
  /** Why the start condition held (condition values), carried into every decision's reasons. */
  why: string[];
}

export interface TimingSlot {
  /** Keys whose start was already seen (for `once`). */
  started: string[];
  /** Suspend keys currently pending (e.g. drinks on their way). */
  pending: string[];
  /** Which `requires` matchers have been seen. */
  required: boolean[];
  /** Started but waiting for `requires`. */
  waiting: Record<string, Obligation>;
  running: Record<string, Obligation>;
}

const NO_KEY = "";

export const timingHandler: KindHandler<CompiledTiming, TimingSlot> = {
  scope: "subject",

  init(std) {
    return { started: [], pending: [], required: std.requires.map(() => false), waiting: {}, running: {} };
  },

  onEvent(std, slot, ev, ctx) {
    let facts: Facts | null = null;
    const matches = (list: CompiledMatcher[]) =>
      list.some((m) => m.event === ev.type && (!m.when || m.when((facts ??= eventFacts(ev, ctx.facts)))));

    if (matches(std.stop)) stop(std, slot, ev, ctx);
    if (matches(std.cancel)) cancel(std, slot, ev, ctx);
    if (std.suspend) {
      if (matches(std.suspend.until)) release(std, slot, ev, ctx);
      if (matches(std.suspend.from)) hold(std, slot, ev);
    }
    std.requires.forEach((m, i) => {
      if (matches([m])) slot.required[i] = true;
    });
    if (slot.required.every(Boolean)) {
      for (const [k, ob] of Object.entries(slot.waiting)) {
        slot.running[k] = ob;
        delete slot.waiting[k];
      }
    }
    const starter = std.start.find((m) => m.event === ev.type && (!m.when || m.when((facts ??= eventFacts(ev, ctx.facts)))));
    if (starter) start(std, slot, ev, ctx, starter.explain ? starter.explain((facts ??= eventFacts(ev, ctx.facts))) : []);
  },

  onTime(std, slot, now, ctx) {
    for (const [key, ob] of Object.entries(slot.running)) {
      if (ob.breachedAt !== null && ob.breachedAt + OVERDUE_KEPT_MS <= now) delete slot.running[key];
      if (ob.dueAt === null || ob.breachedAt !== null) continue;
      const warnAt = warnTime(std, ob);
      if (warnAt !== null && !ob.warned && warnAt <= now && now < ob.dueAt) {
        ob.warned = true;
        ctx.emit({
          ...base(std, ob, ctx),
          status: "warning",
          at: iso(now),
          elapsedMs: elapsed(std, ob, now),
          reasons: [`${formatDuration(ob.dueAt - now)} left to ${describeStop(std)} (limit ${formatDuration(ob.withinMs)} from ${ob.anchorType})`, ...ob.why],
        });
      }
      if (ob.dueAt <= now) {
        ob.breachedAt = now;
        ctx.emit({
          ...base(std, ob, ctx),
          status: "breached",
          at: iso(now),
          elapsedMs: elapsed(std, ob, now),
          overByMs: now - ob.dueAt,
          reasons: [`no ${describeStop(std)} within ${formatDuration(ob.withinMs)} of ${ob.anchorType}`, ...ob.why],
        });
      }
    }
  },

  nextDue(std, slot) {
    let min: number | null = null;
    for (const ob of Object.values(slot.running)) {
      if (ob.dueAt === null) continue;
      const warnAt = warnTime(std, ob);
      const t = ob.breachedAt !== null ? ob.breachedAt + OVERDUE_KEPT_MS : warnAt !== null && !ob.warned && warnAt < ob.dueAt ? warnAt : ob.dueAt;
      if (min === null || t < min) min = t;
    }
    return min;
  },

  open(std, slot, now, ctx) {
    for (const ob of Object.values(slot.running)) {
      if (ob.breachedAt !== null) continue;
      ctx.emit({
        ...base(std, ob, ctx),
        status: "open",
        at: iso(now),
        elapsedMs: ob.dueAt === null ? undefined : elapsed(std, ob, now),
        reasons: [ob.dueAt === null ? `clock held: waiting for ${describeSuspend(std)}` : `still running: ${formatDuration(ob.dueAt - now)} left`, ...ob.why],
      });
    }
  },

  // An overdue obligation keeps its subject until its stop comes or it is forgotten.
  idle(_std, slot) {
    return Object.keys(slot.running).length === 0;
  },

};

function start(std: CompiledTiming, slot: TimingSlot, ev: NormalizedEvent, ctx: HandlerContext, why: string[]): void {
  const key = keyOf(std.key, ev);
  if (std.once) {
    if (slot.started.includes(key)) return;
    slot.started.push(key);
  }
  if (slot.running[key] || slot.waiting[key]) return;
  const withinMs = limitFor(std, ev);
  const ob: Obligation = {
    key,
    startId: ev.id,
    startType: ev.type,
    startedAt: ev.t,
    anchorAt: ev.t,
    anchorType: ev.type,
    withinMs: withinMs ?? 0,
    dueAt: null,
    remainingMs: null,
    warned: false,
    breachedAt: null,
    events: [ev.id],
    why,
  };
  if (withinMs === null) {
    ctx.emit({ ...base(std, ob, ctx), status: "cancelled", at: iso(ev.t), reasons: [`${ev.type} carries no valid deadline (${describeDeadlineFrom(std)})`, ...ob.why] });
    return;
  }
  if (slot.pending.length > 0) ob.remainingMs = withinMs;
  else ob.dueAt = deadline(std, ctx, ev.t, withinMs);
  if (slot.required.every(Boolean)) slot.running[key] = ob;
  else slot.waiting[key] = ob;
}

function stop(std: CompiledTiming, slot: TimingSlot, ev: NormalizedEvent, ctx: HandlerContext): void {
  for (const ob of affected(std, slot, ev)) {
    remove(slot, ob.key);
    ob.events.push(ev.id);
    if (ob.breachedAt !== null) {
      ctx.emit({
        ...base(std, ob, ctx),
        status: "breached",
        at: iso(ev.t),
        elapsedMs: elapsed(std, ob, ev.t),
        overByMs: ev.t - (ob.dueAt ?? ev.t),
        reasons: [`${ev.type} came ${formatDuration(elapsed(std, ob, ev.t))} after ${ob.anchorType}: ${formatDuration(ev.t - (ob.dueAt ?? ev.t))} over the ${formatDuration(ob.withinMs)} limit`, ...ob.why],
      });
    } else {
      const spent = ob.dueAt === null ? ob.withinMs - (ob.remainingMs ?? ob.withinMs) : elapsed(std, ob, ev.t);
      ctx.emit({
        ...base(std, ob, ctx),
        status: "met",
        at: iso(ev.t),
        elapsedMs: spent,
        reasons: [`${ev.type} came ${formatDuration(spent)} after ${ob.anchorType} (limit ${formatDuration(ob.withinMs)})`, ...ob.why],
      });
    }
  }
}

function cancel(std: CompiledTiming, slot: TimingSlot, ev: NormalizedEvent, ctx: HandlerContext): void {
  for (const ob of affected(std, slot, ev)) {
    const confirmed = slot.running[ob.key] === ob;
    remove(slot, ob.key);
    // An obligation still waiting for `requires` never existed; a breach cannot be undone.
    if (!confirmed || ob.breachedAt !== null) continue;
    ob.events.push(ev.id);
    ctx.emit({ ...base(std, ob, ctx), status: "cancelled", at: iso(ev.t), reasons: [`cancelled by ${ev.type}`, ...ob.why] });
  }
}

/** Something is on its way: hold every running clock. */
function hold(std: CompiledTiming, slot: TimingSlot, ev: NormalizedEvent): void {
  const key = keyOf(std.suspend!.key, ev);
  if (slot.pending.includes(key)) return;
  slot.pending.push(key);
  if (slot.pending.length > 1) return;
  for (const ob of [...Object.values(slot.running), ...Object.values(slot.waiting)]) {
    if (ob.dueAt === null || ob.breachedAt !== null) continue;
    ob.remainingMs = Math.max(0, ob.dueAt - ev.t);
    ob.dueAt = null;
    ob.events.push(ev.id);
  }
}

/** It arrived: when nothing else is pending, restart (or continue) every clock. */
function release(std: CompiledTiming, slot: TimingSlot, ev: NormalizedEvent, ctx: HandlerContext): void {
  const key = keyOf(std.suspend!.key, ev);
  slot.pending = slot.pending.filter((k) => k !== key);
  if (slot.pending.length > 0) return;
  for (const ob of [...Object.values(slot.running), ...Object.values(slot.waiting)]) {
    if (ob.breachedAt !== null) continue;
    if (std.suspend!.resume === "restart") {
      ob.anchorAt = ev.t;
      ob.anchorType = ev.type;
      ob.dueAt = deadline(std, ctx, ev.t, ob.withinMs);
      ob.warned = false;
    } else if (ob.dueAt === null) {
      ob.dueAt = ev.t + (ob.remainingMs ?? ob.withinMs);
    } else continue;
    ob.remainingMs = null;
    ob.events.push(ev.id);
  }
}

function affected(std: CompiledTiming, slot: TimingSlot, ev: NormalizedEvent): Obligation[] {
  const all = [...Object.values(slot.running), ...Object.values(slot.waiting)];
  if (!std.key) return all;
  const key = keyOf(std.key, ev);
  return all.filter((ob) => ob.key === key);
}

function remove(slot: TimingSlot, key: string): void {
  delete slot.running[key];
  delete slot.waiting[key];
}

function keyOf(path: readonly string[] | null, ev: NormalizedEvent): string {
  if (!path) return NO_KEY;
  const v = readDataPath(ev.data, path);
  if (v === undefined || v === null) return NO_KEY;
  return typeof v === "string" ? v : JSON.stringify(v);
}

/** The limit of an obligation: from the start event's data (promises) or the standard. */
function limitFor(std: CompiledTiming, ev: NormalizedEvent): number | null {
  if (std.deadlineFrom?.due) {
    const due = readDataPath(ev.data, std.deadlineFrom.due);
    if (typeof due === "string" && /T.*(Z|[+-]\d{2}:\d{2})$/.test(due) && !Number.isNaN(Date.parse(due))) return Math.max(0, Date.parse(due) - ev.t);
  }
  if (std.deadlineFrom?.within) {
    const within = readDataPath(ev.data, std.deadlineFrom.within);
    const ms = typeof within === "string" ? parseDuration(within) : null;
    if (ms !== null) return ms;
  }
  return std.withinMs;
}

function deadline(std: CompiledTiming, ctx: HandlerContext, from: number, ms: number): number {
  const cal = std.calendar ? (ctx.policy.calendars[std.calendar] as { addBusinessTime(f: number, m: number): number } | undefined) : undefined;
  return cal ? cal.addBusinessTime(from, ms) : from + ms;
}

function elapsed(std: CompiledTiming, ob: Obligation, at: number): number {
  if (ob.dueAt === null) return ob.withinMs - (ob.remainingMs ?? ob.withinMs);
  return ob.withinMs - (ob.dueAt - at);
}

function warnTime(std: CompiledTiming, ob: Obligation): number | null {
  return std.warnBeforeMs === null || ob.dueAt === null ? null : ob.dueAt - std.warnBeforeMs;
}

function base(std: CompiledTiming, ob: Obligation, ctx: HandlerContext) {
  return {
    obligation: `${ob.key}#${ob.startId}`,
    subject: ctx.subject,
    key: ob.key === NO_KEY ? std.id : `${std.id}/${ob.key}`,
    startedAt: iso(ob.startedAt),
    ...(ob.dueAt !== null ? { dueAt: iso(ob.dueAt) } : {}),
    events: [...ob.events],
    ...(ob.anchorAt !== ob.startedAt ? { details: { anchoredAt: iso(ob.anchorAt), anchoredBy: ob.anchorType } } : {}),
  };
}


function describeStop(std: CompiledTiming): string {
  return [...new Set(std.stop.map((m) => m.event))].join(" or ");
}

function describeSuspend(std: CompiledTiming): string {
  return std.suspend ? [...new Set(std.suspend.until.map((m) => m.event))].join(" or ") : "";
}

function describeDeadlineFrom(std: CompiledTiming): string {
  const f = std.deadlineFrom;
  return f ? [f.due && `data.${f.due.join(".")} (time)`, f.within && `data.${f.within.join(".")} (duration)`].filter(Boolean).join(" or ") : "no limit";
}
