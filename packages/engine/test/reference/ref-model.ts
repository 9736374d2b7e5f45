/**
 * The reference model of timing standards: a second, deliberately naive implementation
 * of docs/semantics.md, sharing no evaluation code with the engine. Per subject and
 * standard it walks the events in (time, id) order, and between them the instants at
 * which something falls due; every clock reading is recomputed from the full hold
 * history (ref-clock.ts).
 */
import { readClock, type HoldRecord, type Pos, type UntilMark, type ClockReading } from "./ref-clock.js";
import { keyValue, readStandard, refDuration, type RefEvent, type RefStandard } from "./ref-standard.js";

/** The decision fields both implementations are compared on. */
export interface NormDecision {
  standard: string;
  subject: string;
  key: string;
  status: string;
  at: number;
  startedAt?: number;
  dueAt?: number;
  elapsedMs?: number;
  overByMs?: number;
  businessElapsedMs?: number;
  businessOverByMs?: number;
  warning?: string;
}

const OVERDUE_KEPT_MS = 7 * 86_400_000;

/** Constructs a case reached, for the coverage table (set by the property test). */
let hit: (construct: string) => void = () => {};
export function traceConstructs(fn: (construct: string) => void): void {
  hit = fn;
}

interface Ob {
  k: string;
  start: Pos;
  startType: string;
  limit: number;
  /** Counted by the standard's calendar-aligned rule, not `limit`. */
  byRule: boolean;
  fixedDue: number | null;
  confirmed: boolean;
  confirmedAt: number;
  fired: Set<string>;
  anchorKey: string;
  overdue: { at: number; due: number; wall: number; biz: number } | null;
}

/** Reference decisions of every timing standard of a policy document for a set of events. */
export function referenceDecisions(policy: Record<string, any>, events: RefEvent[], until: number | null): NormDecision[] {
  const sorted = [...events].sort((a, b) => a.t - b.t || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const seen = new Set<string>();
  const unique = sorted.filter((e) => (seen.has(e.id) ? false : (seen.add(e.id), true)));
  const subjects = [...new Set(unique.map((e) => e.subject))];
  const out: NormDecision[] = [];
  for (const doc of policy.standards) {
    if (doc.kind !== "timing") continue;
    const std = readStandard(doc, policy);
    for (const s of subjects) out.push(...runSubject(std, s, unique.filter((e) => e.subject === s), until));
  }
  return out;
}

function runSubject(std: RefStandard, subject: string, events: RefEvent[], until: number | null): NormDecision[] {
  const out: NormDecision[] = [];
  const holds: HoldRecord[] = [];
  const untils: UntilMark[] = [];
  const obs = new Map<string, Ob>();
  const started = new Set<string>();
  const reqSeen = std.requires.map(() => false);
  let now = -Infinity;
  /** Where the stream stands: after an event (its seq + 0.5), or after a timed instant (Infinity). */
  let cur: Pos = { t: -8.64e15, seq: Infinity };
  const keyOf = (k: string) => (k === "" ? std.id : `${std.id}/${k}`);
  const deadlineOf = (ob: Ob) => (ob.byRule ? std.rule! : (t: number) => std.cal.D(t, ob.limit));
  const clock = (ob: Ob, at: Pos): ClockReading => {
    if (ob.fixedDue !== null) return { due: ob.fixedDue, ranOutAt: ob.fixedDue < at.t ? ob.fixedDue : null, anchor: ob.start, anchorType: ob.startType, runSince: ob.start.t, firstRun: ob.start.t, segments: [[ob.start.t, Math.min(at.t, ob.fixedDue < at.t ? ob.fixedDue : at.t)]] };
    return readClock(std, ob.k, ob.start, ob.startType, deadlineOf(ob), holds, untils, at);
  };
  const wall = (c: ClockReading) => c.segments.reduce((n, [a, b]) => n + (b - a), 0);
  const biz = (c: ClockReading) => c.segments.reduce((n, [a, b]) => n + std.cal.W(a, b), 0);
  const emit = (ob: Ob, status: string, at: number, extra: Partial<NormDecision>) => {
    out.push({ standard: std.id, subject, key: keyOf(ob.k), status, at, startedAt: ob.start.t, ...extra });
  };
  const measured = (c: ClockReading, extraWall = 0, extraBiz = 0): Partial<NormDecision> => ({
    elapsedMs: wall(c) + extraWall,
    ...(std.business ? { businessElapsedMs: biz(c) + extraBiz } : {}),
  });
  const warnings = (ob: Ob, c: ClockReading): Array<{ label: string; at: number }> => {
    if (c.due === null || c.runSince === null) return [];
    const key = `${c.anchor.t}:${c.anchor.seq}`;
    if (ob.anchorKey !== key) {
      ob.anchorKey = key;
      ob.fired = new Set();
    }
    const span = ob.fixedDue !== null ? std.cal.W(ob.start.t, ob.fixedDue) : std.business || ob.byRule ? std.cal.W(c.firstRun!, deadlineOf(ob)(c.firstRun!)) : ob.limit;
    const specs = [...(std.warnBefore ? [std.warnBefore] : []), ...std.warnAt.map((p) => ({ label: `${p}%`, ms: Math.floor((span * (100 - p)) / 100) }))];
    const list: Array<{ label: string; at: number }> = [];
    for (const w of specs) {
      if (ob.fired.has(w.label)) continue;
      const f = Math.max(std.cal.S(c.due, w.ms), c.runSince, ob.confirmedAt);
      if (f < c.due) list.push({ label: w.label, at: f });
    }
    return list;
  };
  const timedNext = (): number | null => {
    let min: number | null = null;
    const take = (t: number) => (min = min === null || t < min ? t : min);
    const at = cur;
    for (const r of holds) if (!r.released && !r.voided && !bounded(r)) take(r.boundT);
    for (const ob of obs.values()) {
      if (ob.overdue) take(ob.overdue.at + OVERDUE_KEPT_MS);
      if (!ob.confirmed || ob.overdue) continue;
      const c = clock(ob, at);
      if (c.ranOutAt !== null) take(c.ranOutAt);
      else if (c.due !== null) {
        take(c.due);
        for (const w of warnings(ob, c)) take(w.at);
      }
    }
    return min;
  };
  const boundedSet = new Set<HoldRecord>();
  const bounded = (r: HoldRecord) => boundedSet.has(r);
  /**
   * Fires what is due at instant x. `late`: x lies before the current event's instant,
   * so it fires at that instant, and only what fell due strictly before it (what falls
   * due exactly then waits for the instant's remaining events).
   */
  const fire = (x: number, late: boolean) => {
    now = Math.max(now, x);
    const at: Pos = late ? cur : { t: now, seq: Infinity };
    const isDue = (t: number) => (late ? t < now : t <= now);
    cur = at;
    for (const r of holds) {
      if (r.released || r.voided || !isDue(r.boundT) || boundedSet.has(r)) continue;
      boundedSet.add(r);
      hit(obs.has(r.k) ? "hold ended by maxHold" : "");
    }
    for (const ob of [...obs.values()]) {
      if (ob.overdue) {
        if (isDue(ob.overdue.at + OVERDUE_KEPT_MS)) obs.delete(ob.k);
        continue;
      }
      if (!ob.confirmed) continue;
      const c = clock(ob, at);
      const due = c.ranOutAt ?? c.due;
      if (due !== null && isDue(due)) {
        const m = measured(c);
        ob.overdue = { at: now, due, wall: m.elapsedMs!, biz: m.businessElapsedMs ?? 0 };
        hit(now > due ? "breach known late (void, requires)" : "breach at the deadline");
        if (ob.byRule) hit("breach of a calendar-aligned deadline");
        if (std.cal.declared(due)) hit("deadline on a declared workday");
        emit(ob, "breached", now, { dueAt: due, ...measured(c, now - due, std.cal.W(due, now)), overByMs: now - due, ...(std.business ? { businessOverByMs: std.cal.W(due, now) } : {}) });
        continue;
      }
      for (const w of warnings(ob, c)) {
        if (!isDue(w.at)) continue;
        ob.fired.add(w.label);
        // Only strictly before the deadline: known late at the deadline instant, it is spent.
        if (now >= c.due!) continue;
        hit(w.label.endsWith("%") ? "warning warnAt" : "warning warnBefore");
        emit(ob, "warning", now, { dueAt: c.due!, ...measured(c), warning: w.label });
      }
    }
  };
  const drain = (limit: number, inclusive: boolean, late = false) => {
    for (let n = 0; n < 10_000; n++) {
      const x = timedNext();
      if (x === null || (inclusive ? x > limit : x >= limit)) return;
      fire(x, late);
    }
    throw new Error("reference: runaway");
  };

  events.forEach((e, seq) => {
    if (until !== null && e.t > until) return;
    drain(e.t, false);
    now = Math.max(now, e.t);
    applyEvent(e, { t: e.t, seq });
    cur = { t: e.t, seq: seq + 0.5 };
    // Whatever became due in the past through this event fires right after it.
    drain(e.t, false, true);
  });

  function applyEvent(e: RefEvent, pos: Pos): void {
    const k = keyValue(e.data, std.key) ?? "";
    const ob = obs.get(k);
    if (std.stop(e) && ob) {
      obs.delete(k);
      if (ob.overdue) {
        const o = ob.overdue;
        hit("late stop after breach");
        emit(ob, "breached", e.t, { dueAt: o.due, elapsedMs: o.wall + (e.t - o.due), ...(std.business ? { businessElapsedMs: o.biz + std.cal.W(o.due, e.t) } : {}), overByMs: e.t - o.due, ...(std.business ? { businessOverByMs: std.cal.W(o.due, e.t) } : {}) });
      } else if (ob.confirmed) {
        const c = clock(ob, pos);
        hit(c.due === null ? "stop while held" : "met");
        if (ob.byRule && c.due !== null) hit("met a calendar-aligned deadline");
        if (c.due !== null && std.cal.declared(c.due)) hit("deadline on a declared workday");
        if (c.anchor !== ob.start) hit(std.suspend?.resume === "continue" ? "" : c.anchorType === "maxHold" ? "restart at maxHold" : "restart at until");
        emit(ob, "met", e.t, { ...(c.due !== null ? { dueAt: c.due } : {}), ...measured(c) });
      }
    }
    const cur = obs.get(k);
    if (std.cancel(e) && cur) {
      obs.delete(k);
      if (cur.confirmed && !cur.overdue) {
        const c = clock(cur, pos);
        hit("cancel");
        emit(cur, "cancelled", e.t, c.due !== null ? { dueAt: c.due } : {});
      }
    }
    const s = std.suspend;
    if (s) {
      const hk = keyValue(e.data, s.key);
      const pending = (r: HoldRecord) => r.k === k && !r.released && !r.voided && !boundedSet.has(r) && (hk === null || r.hk === hk);
      if (s.until(e)) {
        for (const r of holds.filter(pending)) {
          r.released = pos;
          hit(obs.has(k) ? "hold released by until" : "");
        }
        untils.push({ k, at: pos, type: e.type });
      }
      if (s.void(e)) {
        for (const r of holds.filter(pending)) {
          r.voided = true;
          hit(obs.has(k) ? "hold voided" : "");
        }
      }
      if (s.from(e)) {
        const hkFrom = hk ?? "";
        if (!holds.some((r) => r.k === k && r.hk === hkFrom && !r.released && !r.voided && !boundedSet.has(r))) {
          if (obs.has(k)) hit(holds.some((r) => r.k === k && !r.released && !r.voided && !boundedSet.has(r)) ? "nested holds" : "hold");
          if (s.resume === "continue" && obs.has(k)) hit("hold with resume continue");
          holds.push({ k, hk: hkFrom, from: pos, boundT: std.cal.D(e.t, s.maxHoldMs), released: null, voided: false });
        }
      }
    }
    std.requires.forEach((m, i) => {
      if (m(e)) reqSeen[i] = true;
    });
    if (reqSeen.every(Boolean)) {
      for (const o of obs.values()) {
        if (o.confirmed) continue;
        o.confirmed = true;
        o.confirmedAt = e.t;
      }
    }
    if (std.start(e)) start(e, k, pos);
  }

  function start(e: RefEvent, k: string, pos: Pos): void {
    if (std.once) {
      if (started.has(k)) return hit("once: later start ignored");
      started.add(k);
    }
    if (obs.has(k)) return;
    const lim = limitOf(std, e);
    const ob: Ob = { k, start: pos, startType: e.type, limit: lim?.limit ?? 0, byRule: lim?.byRule === true, fixedDue: lim?.fixedDue ?? null, confirmed: reqSeen.every(Boolean), confirmedAt: e.t, fired: new Set(), anchorKey: "", overdue: null };
    if (!ob.confirmed) hit("requires: waiting obligation");
    if (lim?.fixedDue !== null && lim?.fixedDue !== undefined) hit("promise due");
    else if (std.deadlineFrom && lim) hit("promise within / default");
    if (std.key && k !== "" && [...obs.keys()].some((o) => o !== k)) hit("two keyed obligations at once");
    if (std.business) hit("business calendar");
    if (lim?.byRule) hit(std.business ? "calendar-aligned deadline (business)" : "calendar-aligned deadline (wall)");
    if (lim === null) {
      hit("promise without a valid deadline");
      emit(ob, "cancelled", e.t, {});
      return;
    }
    obs.set(k, ob);
  }

  if (until !== null) {
    drain(until, true);
    for (const ob of obs.values()) {
      if (!ob.confirmed || ob.overdue) continue;
      const c = clock(ob, { t: until, seq: Infinity });
      hit(c.due === null ? "open while held" : "open");
      if (c.due !== null && std.cal.declared(c.due)) hit("deadline on a declared workday");
      emit(ob, "open", until, { ...(c.due !== null ? { dueAt: c.due } : {}), ...measured(c) });
    }
  } else drain(Infinity, true);
  return out;
}

function limitOf(std: RefStandard, e: RefEvent): { limit: number; fixedDue: number | null; byRule?: boolean } | null {
  const f = std.deadlineFrom;
  if (f?.due) {
    const due = e.data[f.due];
    if (typeof due === "string" && /T.*(Z|[+-]\d{2}:\d{2})$/.test(due) && !Number.isNaN(Date.parse(due))) {
      const at = Math.max(Date.parse(due), e.t);
      return { limit: at - e.t, fixedDue: at };
    }
  }
  if (f?.within) {
    const ms = refDuration(e.data[f.within]);
    if (ms !== null) return { limit: ms, fixedDue: null };
  }
  if (std.rule) return { limit: 0, fixedDue: null, byRule: true };
  return std.withinMs === null ? null : { limit: std.withinMs, fixedDue: null };
}
