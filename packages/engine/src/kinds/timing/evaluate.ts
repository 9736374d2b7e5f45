/**
 * Timing standards: after a start event, a stop event within a duration. The contract
 * is docs/semantics.md; a reference model (test/reference) checks this handler on
 * generated policies and streams.
 *
 * One obligation per (subject, key). Holds (`suspend`) are kept per subject and key, so
 * a hold holds only the obligation with its own key; each is bounded (`maxHold`). An
 * obligation's clock is rebuilt from its hold log whenever the log changes (./clock.ts),
 * in wall or business time. A breach is emitted at the deadline; the obligation then
 * stays overdue (up to OVERDUE_KEPT_MS) so a late stop can report the overrun.
 */
import { MAX_DURATION_MS } from "../../limits.js";
import { eventFacts } from "../../evaluate/facts.js";
import { readDataPath } from "../../compile/data-path.js";
import { parseDuration } from "../../vocabulary/duration.js";
import { parseIsoTime } from "../../vocabulary/time.js";
import type { NormalizedEvent } from "../../types.js";
import type { CompiledMatcher, Facts, HandlerContext, KindHandler } from "../../evaluate/model.js";
import type { CompiledTiming } from "./compile.js";
import { measure, rebuildClock, spanOf, type Span } from "./clock.js";
import { currentSlot } from "./legacy.js";
import type { Obligation, TimingSlot } from "./state.js";
import { emitBreach, emitLateBreach, emitMet, emitOpen, emitWarning, emitCancelled } from "./decisions.js";

/**
 * An overdue obligation waits this long after its breach for its late stop (which
 * reports the overrun), then is forgotten at that moment: a deadline like any other, so
 * a replay and the runtime forget it at the same instant.
 */
export const OVERDUE_KEPT_MS = 7 * 86_400_000;

/** A slot in the current shape, upgraded in place when it was stored before issue 10. */
function slotOf(slot: TimingSlot): TimingSlot {
  const current = currentSlot(slot);
  if (current !== slot) {
    for (const k of Object.keys(slot)) delete (slot as unknown as Record<string, unknown>)[k];
    Object.assign(slot, current);
  }
  return slot;
}

const NO_KEY = "";

export const timingHandler: KindHandler<CompiledTiming, TimingSlot> = {
  scope: "subject",

  init(std) {
    return { started: [], holds: [], required: std.requires.map(() => false), obligations: [] };
  },

  onEvent(std, stored, ev, ctx) {
    const slot = slotOf(stored);
    const span = spanOf(std, ctx);
    let facts: Facts | null = null;
    const matches = (list: CompiledMatcher[]) => list.some((m) => m.event === ev.type && (!m.when || m.when((facts ??= eventFacts(ev, ctx.facts)))));
    const k = keyOf(std.key, ev);
    if (matches(std.stop)) stop(std, span, slot, k, ev, ctx);
    if (matches(std.cancel)) cancel(std, span, slot, k, ev, ctx);
    const s = std.suspend;
    if (s) {
      const hk = s.key ? keyOrNull(s.key, ev) : NO_KEY;
      if (matches(s.until)) release(std, span, slot, k, hk, ev);
      if (matches(s.void)) voidHolds(std, span, slot, k, hk, ev);
      if (matches(s.from)) hold(std, span, slot, k, hk ?? NO_KEY, ev);
    }
    std.requires.forEach((m, i) => {
      if (matches([m])) slot.required[i] = true;
    });
    if (slot.required.every(Boolean)) {
      for (const ob of slot.obligations) {
        if (ob.confirmed) continue;
        ob.confirmed = true;
        ob.confirmedAt = ev.t;
        armWarnings(std, span, ob);
      }
    }
    const starter = std.start.find((m) => m.event === ev.type && (!m.when || m.when((facts ??= eventFacts(ev, ctx.facts)))));
    if (starter) start(std, span, slot, k, ev, ctx, starter.explain ? starter.explain((facts ??= eventFacts(ev, ctx.facts))) : []);
  },

  onTime(std, stored, now, ctx) {
    const slot = slotOf(stored);
    const span = spanOf(std, ctx);
    const due = (t: number) => (ctx.dueBefore === undefined ? t <= now : t < ctx.dueBefore);
    // Bounds first: a hold ends there as if its `until` had come. (The lists are copied
    // only when something in them is due: most firings are one breach or warning.)
    if (slot.holds.some((h) => due(h.bound))) {
      const ending = slot.holds.filter((h) => due(h.bound)).sort((a, b) => a.bound - b.bound);
      slot.holds = slot.holds.filter((h) => !ending.includes(h));
      for (const h of ending) {
        const ob = active(slot, h.k);
        if (ob) change(std, span, ob, () => ob.log.push({ op: "release", t: h.bound, hk: h.hk, bound: true }));
      }
    }
    if (slot.obligations.some((ob) => ob.breach !== null && due(ob.breach.at + OVERDUE_KEPT_MS))) {
      slot.obligations = slot.obligations.filter((ob) => ob.breach === null || !due(ob.breach.at + OVERDUE_KEPT_MS));
    }
    for (const ob of slot.obligations) {
      if (!ob.confirmed || ob.breach !== null || ob.clock.dueAt === null) continue;
      const dueAt = ob.clock.dueAt;
      if (due(dueAt)) {
        const m = measure(ob.clock, span, dueAt);
        ob.breach = { at: now, due: dueAt, wall: m.wall, biz: m.biz };
        emitBreach(std, span, ob, now, ctx);
        continue;
      }
      if (!ob.warnings.some((w) => due(w.at))) continue;
      const firing = ob.warnings.filter((w) => due(w.at));
      // Known only at the deadline instant (a void or a requires then, firing known-late
      // before that instant's breach): a warning would no longer come before the deadline,
      // so it is spent for this anchor without a decision (docs/semantics.md §9).
      const tooLate = now >= dueAt;
      for (const w of firing) {
        ob.fired.push(w.label);
        if (!tooLate) emitWarning(std, span, ob, now, w.label, ctx);
      }
      armWarnings(std, span, ob);
    }
  },

  nextDue(_std, stored) {
    // Called for every standard at every event and firing: plain loops, no closure. The
    // comparison is the one it always was (the first value, then anything smaller), so a
    // NaN or infinite time still comes out and is refused by the engine's time check.
    const slot = currentSlot(stored);
    let min: number | null = null;
    for (const h of slot.holds) if (min === null || h.bound < min) min = h.bound;
    for (const ob of slot.obligations) {
      if (ob.breach !== null) {
        const t = ob.breach.at + OVERDUE_KEPT_MS;
        if (min === null || t < min) min = t;
      } else if (ob.confirmed && ob.clock.dueAt !== null) {
        if (min === null || ob.clock.dueAt < min) min = ob.clock.dueAt;
        for (const w of ob.warnings) if (min === null || w.at < min) min = w.at;
      }
    }
    return min;
  },

  open(std, stored, now, ctx) {
    const slot = currentSlot(stored);
    const span = spanOf(std, ctx);
    for (const ob of slot.obligations) if (ob.confirmed && ob.breach === null) emitOpen(std, span, ob, now, ctx);
  },

  // An overdue obligation keeps its subject until its stop comes or it is forgotten; a
  // pending hold until its bound.
  idle(_std, stored) {
    const slot = currentSlot(stored);
    return slot.obligations.length === 0 && slot.holds.length === 0;
  },
};

function start(std: CompiledTiming, span: Span, slot: TimingSlot, key: string, ev: NormalizedEvent, ctx: HandlerContext, why: string[]): void {
  if (std.once) {
    if (slot.started.includes(key)) return;
    slot.started.push(key);
  }
  if (find(slot, key)) return;
  const limit = limitFor(std, ev);
  const ob: Obligation = {
    key,
    startId: ev.id,
    startType: ev.type,
    startedAt: ev.t,
    limit: limit?.ms ?? 0,
    fixedDue: limit?.fixedDue ?? null,
    ...(limit?.byRule ? { byRule: true } : {}),
    held: slot.holds.filter((h) => h.k === key).map((h) => h.hk),
    log: [],
    clock: { anchorAt: ev.t, anchorType: ev.type, dueAt: null, runSince: null, firstRun: null, wallRun: 0, bizRun: 0 },
    confirmed: slot.required.every(Boolean),
    confirmedAt: ev.t,
    fired: [],
    firedAnchor: "",
    warnings: [],
    breach: null,
    events: [ev.id],
    why,
  };
  if (limit === null) return emitCancelled(std, ob, ev, ctx, "no-deadline");
  change(std, span, ob, () => {});
  slot.obligations.push(ob);
}

function stop(std: CompiledTiming, span: Span, slot: TimingSlot, key: string, ev: NormalizedEvent, ctx: HandlerContext): void {
  const ob = find(slot, key);
  if (!ob) return;
  remove(slot, ob);
  // An obligation still waiting for `requires` never existed.
  if (!ob.confirmed) return;
  ob.events.push(ev.id);
  if (ob.breach !== null) emitLateBreach(std, span, ob, ev, ctx);
  else emitMet(std, span, ob, ev, ctx);
}

function cancel(std: CompiledTiming, _span: Span, slot: TimingSlot, key: string, ev: NormalizedEvent, ctx: HandlerContext): void {
  const ob = find(slot, key);
  if (!ob) return;
  remove(slot, ob);
  // An obligation still waiting for `requires` never existed; a breach cannot be undone.
  if (!ob.confirmed || ob.breach !== null) return;
  ob.events.push(ev.id);
  emitCancelled(std, ob, ev, ctx, "cancel");
}

/** Something is on its way: hold the obligation of this key (once per hold key). */
function hold(std: CompiledTiming, span: Span, slot: TimingSlot, k: string, hk: string, ev: NormalizedEvent): void {
  if (slot.holds.some((h) => h.k === k && h.hk === hk)) return;
  slot.holds.push({ k, hk, bound: span.deadline(ev.t, std.suspend!.maxHoldMs) });
  const ob = active(slot, k);
  if (!ob) return;
  change(std, span, ob, () => {
    ob.log.push({ op: "hold", t: ev.t, hk });
    ob.events.push(ev.id);
  });
}

/** It arrived (`hk` null: everything of this key did). */
function release(std: CompiledTiming, span: Span, slot: TimingSlot, k: string, hk: string | null, ev: NormalizedEvent): void {
  const ended = slot.holds.filter((h) => h.k === k && (hk === null || h.hk === hk));
  slot.holds = slot.holds.filter((h) => !ended.includes(h));
  const ob = active(slot, k);
  if (!ob) return;
  change(std, span, ob, () => {
    for (const h of ended) ob.log.push({ op: "release", t: ev.t, hk: h.hk, bound: false });
    ob.log.push({ op: "until", t: ev.t, type: ev.type });
    ob.events.push(ev.id);
  });
}

/** It will not come: the hold ends as if it had never been. */
function voidHolds(std: CompiledTiming, span: Span, slot: TimingSlot, k: string, hk: string | null, ev: NormalizedEvent): void {
  const ended = slot.holds.filter((h) => h.k === k && (hk === null || h.hk === hk));
  if (ended.length === 0) return;
  slot.holds = slot.holds.filter((h) => !ended.includes(h));
  const ob = active(slot, k);
  if (!ob) return;
  change(std, span, ob, () => {
    for (const h of ended) {
      const i = ob.log.findLastIndex((e) => e.op === "hold" && e.hk === h.hk);
      if (i >= 0) ob.log.splice(i, 1);
      else ob.held = ob.held.filter((x) => x !== h.hk);
    }
    ob.events.push(ev.id);
  });
}

/** Applies a change to an obligation's hold log and rebuilds its clock; a new anchor re-arms warnings. */
function change(std: CompiledTiming, span: Span, ob: Obligation, edit: () => void): void {
  edit();
  ob.clock =
    ob.fixedDue !== null
      ? { anchorAt: ob.startedAt, anchorType: ob.startType, dueAt: ob.fixedDue, runSince: ob.startedAt, firstRun: ob.startedAt, wallRun: 0, bizRun: 0 }
      : rebuildClock(std, span, { ...(ob.clockFrom ?? { t: ob.startedAt, type: ob.startType }), held: ob.held }, deadlineOf(span, ob), ob.log);
  const anchor = `${ob.clock.anchorAt}|${ob.clock.anchorType}`;
  if (anchor !== ob.firedAnchor) {
    ob.firedAnchor = anchor;
    ob.fired = [];
  }
  armWarnings(std, span, ob);
}

/** Warnings not yet fired since the anchor, with the instant each falls due (strictly before the deadline). */
function armWarnings(std: CompiledTiming, span: Span, ob: Obligation): void {
  const c = ob.clock;
  if (c.dueAt === null || c.runSince === null || std.warnings.length === 0) {
    ob.warnings = [];
    return;
  }
  const due = c.dueAt;
  const since = Math.max(c.runSince, ob.confirmedAt);
  ob.warnings = std.warnings.flatMap((w) => {
    if (ob.fired.includes(w.label)) return [];
    const before = w.beforeMs ?? Math.floor((warnSpan(span, ob) * (100 - w.percent!)) / 100);
    const at = Math.max(span.before(due, before), since);
    return at < due ? [{ label: w.label, at }] : [];
  });
}

function warnSpan(span: Span, ob: Obligation): number {
  if (ob.fixedDue !== null) return span.between(ob.startedAt, ob.fixedDue);
  if (!span.business && !ob.byRule) return ob.limit;
  const from = ob.clock.firstRun!;
  return span.between(from, deadlineOf(span, ob)(from));
}

/** An obligation's deadline from an anchor: the standard's calendar-aligned rule, or its limit in standard time. */
function deadlineOf(span: Span, ob: Obligation): (anchor: number) => number {
  const rule = ob.byRule ? span.rule : null;
  return rule ? rule.due : (t) => span.deadline(t, ob.limit);
}

function find(slot: TimingSlot, key: string): Obligation | undefined {
  return slot.obligations.find((o) => o.key === key);
}

/** The obligation of a key whose clock holds can still move (not breached, not a fixed promise). */
function active(slot: TimingSlot, key: string): Obligation | undefined {
  const ob = find(slot, key);
  return ob && ob.breach === null && ob.fixedDue === null ? ob : undefined;
}

function remove(slot: TimingSlot, ob: Obligation): void {
  slot.obligations = slot.obligations.filter((o) => o !== ob);
}

function keyOf(path: readonly string[] | null, ev: NormalizedEvent): string {
  return path ? (keyOrNull(path, ev) ?? NO_KEY) : NO_KEY;
}

/** A data field as a key: strings as is, other values as JSON; null when missing. */
function keyOrNull(path: readonly string[], ev: NormalizedEvent): string | null {
  const v = readDataPath(ev.data, path);
  if (v === undefined || v === null) return null;
  return typeof v === "string" ? v : JSON.stringify(v);
}

/** The limit of an obligation: from the start event's data (promises) or the standard. */
function limitFor(std: CompiledTiming, ev: NormalizedEvent): { ms: number; fixedDue: number | null; byRule?: true } | null {
  if (std.deadlineFrom?.due) {
    const due = readDataPath(ev.data, std.deadlineFrom.due);
    const dueAt = parseIsoTime(due);
    // A deadline beyond the longest allowed duration counts as no valid deadline (limits.ts).
    if (dueAt !== null && dueAt - ev.t <= MAX_DURATION_MS) {
      const at = Math.max(dueAt, ev.t);
      return { ms: at - ev.t, fixedDue: at };
    }
  }
  if (std.deadlineFrom?.within) {
    const within = readDataPath(ev.data, std.deadlineFrom.within);
    const ms = typeof within === "string" ? parseDuration(within) : null;
    if (ms !== null && ms <= MAX_DURATION_MS) return { ms, fixedDue: null };
  }
  if (std.rule) return { ms: 0, fixedDue: null, byRule: true };
  return std.withinMs === null ? null : { ms: std.withinMs, fixedDue: null };
}
