/**
 * Escalation standards: the level of each case (a complaint), highest reached wins.
 *
 * A case's level history is a pure function of *claims*: its opening (the first level),
 * a level whose condition held at one of its events, an age reached while unresolved,
 * and a group count reached while it was open (e.g. 3 different complainants on its
 * topic within 30 days). Claims live in the standard's shared state, keyed by subject
 * and event id, because a group's count raises cases other than the one whose event
 * is being handled, and because a late event must be able to correct them.
 *
 * Decisions are made at the end of an instant (a deadline at the event's own time), so
 * events at the same time on several cases are all known first. Each time, the cases
 * concerned are reconciled: their `classified` decisions are derived from their claims
 * and compared with those already made (kept in the case's ledger); new ones are
 * emitted, and ones no longer true (a late event changed the story) are withdrawn.
 * Replaying events in time order never withdraws anything.
 *
 * Rebuilds: the engine re-runs a subject's recent events after a late one and expects
 * the same decisions again from the same calls. Every ledger entry remembers which call
 * made it (`<subject>@<time>`), and that call emits it again when re-run.
 */
import { readDataPath } from "../../compile/data-path.js";
import { formatDuration } from "../../compile/duration.js";
import type { CompiledAggregate, CompiledEscalation } from "../../compile/escalation.js";
import type { CompiledCalendar } from "../../calendar/calendar.js";
import type { NormalizedEvent } from "../../types.js";
import { decisionId, iso } from "../ids.js";
import type { CompiledMatcher, DecisionDraft, Facts, HandlerContext, StandardHandler } from "../model.js";
import { eventFacts } from "../facts.js";

const RESOLVED = 0;
const OPEN = 1;

/** A group count reached by a case: when, and why (kept, so old decisions stay identical). */
interface GroupClaim {
  at: number;
  why: string[];
  ev: string[];
}

/**
 * A group claim that an event changed, waiting for its call: `rel` is the call
 * (`<subject>@<time>`) of the case whose event changed it, at the claim's instant. Until
 * that call runs the claim in force stays, so every decision is made by a call at its
 * own instant, and a call the engine re-runs meanwhile sees the world as it was.
 */
interface NextClaim {
  c: GroupClaim | null;
  rel: string;
}

interface CaseRec {
  /** Opened at, by which event. */
  o: number;
  oid: string;
  /** Status changes: [time, event id, OPEN | RESOLVED], in (time, id) order. */
  st: Array<[number, string, number]>;
  /** Levels whose condition held at an event: [time, event id, level, reasons]. */
  own: Array<[number, string, number, string[]]>;
  /** Group value per aggregate (null: not in a group). */
  g: Array<string | null>;
  /** Group claim in force per aggregate. */
  a: Array<GroupClaim | null>;
  /** Group claim changed by an event, per aggregate, until its call puts it in force. */
  an: Array<NextClaim | null>;
  /**
   * Decisions in force: [id, at, made by, level, emitted]. A decision dated after the
   * call that found it is reserved (emitted 0) for the call at its own instant.
   */
  led: Array<[string, number, string, number, 0 | 1]>;
  /** Highest level decided so far (-1 before the first decision). */
  lv: number;
  /**
   * Calls each of its events scheduled for group claims, by event id: [time, subject].
   * A re-run of the event (the engine rebuilding the subject) schedules them again.
   */
  sched: Record<string, Array<[number, string]>>;
  /**
   * Latest instant the case's own clock fired at. Its own claims (conditions, ages)
   * count only up to it: a claim is released by the call at its instant, so a call the
   * engine re-runs later (to rebuild or compact a subject) derives nothing unreleased.
   */
  seen: number;
  /** Latest event time of the case (its call at that time is pending while `seen` is earlier). */
  last: number;
}

/** Cases of one group value (e.g. one topic) opened within the retention. */
interface Group {
  /** Members [opened at, opening event id, subject, distinct value], in (time, id) order. */
  m: Array<[number, string, string, string | null]>;
  /** Instants at which the count was reached (openings), ascending. */
  t: number[];
  /** Members without a claim yet (a set: subject → 1). */
  u: Record<string, 1>;
  /**
   * The count at the latest opening, kept as openings come in time order: members from
   * index `lo` on were opened within the window before it; `cnt` counts them by distinct
   * value, `d` is how many different values there are.
   */
  lo: number;
  cnt: Record<string, number>;
  d: number;
}

interface Shared {
  /** Latest time this standard has seen. */
  clock: number;
  cases: Record<string, CaseRec>;
  /** [opened at, subject] in opening order, for retention. */
  order: Array<[number, string]>;
  /** Per aggregate: groups by value. */
  groups: Array<Record<string, Group>>;
  /** Subjects a call decided for besides its own: re-run calls reconcile them again. */
  made: Record<string, string[]>;
  /** [time, call] of `made`, in the order made, for forgetting them. */
  madeOrder: Array<[number, string]>;
}

interface EscalationSlot {
  /** Instants with events not yet classified. */
  due: number[];
  /** Future instants at which an age may raise the case. */
  ages: number[];
  /** Cases whose claims this case's events changed, with the instant of the claim: [time, subject]. */
  pending: Array<[number, string]>;
}

interface Claim {
  lv: number;
  at: number;
  why: string[];
  ev: string[];
  by: "opened" | "condition" | "aggregate" | "age";
}

const BY_ORDER = { opened: 0, condition: 1, aggregate: 2, age: 3 } as const;
/** "Never" in JSON state (-Infinity would not survive JSON). */
const NEVER = Number.MIN_SAFE_INTEGER;

export const escalationHandler: StandardHandler<EscalationSlot> = {
  kind: "escalation",

  init() {
    return { due: [], ages: [], pending: [] };
  },

  onEvent(raw, slot, ev, ctx) {
    const std = raw as CompiledEscalation;
    const sh = sharedOf(std, ctx);
    sh.clock = Math.max(sh.clock, ev.t);
    let facts: Facts | null = null;
    const f = () => (facts ??= eventFacts(ev, ctx));
    const matches = (list: CompiledMatcher[]) => list.some((m) => m.event === ev.type && (!m.when || m.when(f())));
    const calls: Array<[number, string]> = [];
    const rec = matches(std.open) ? openCase(std, sh, calls, ev, ctx) : sh.cases[ctx.subject];
    if (!rec) return; // not opened yet, or forgotten
    const status = matches(std.resolve) ? RESOLVED : matches(std.reopen) ? OPEN : null;
    if (status !== null && setStatus(rec, ev, status)) {
      std.aggregates.forEach((agg, k) => {
        const at = refreshClaim(sh, agg, std.retentionMs, k, ctx.subject, rec, ev.t);
        if (at !== null) calls.push([at, ctx.subject]);
      });
    }
    rec.last = Math.max(rec.last, ev.t);
    if (calls.length > 0) rec.sched[ev.id] = calls;
    for (const [t, s] of rec.sched[ev.id] ?? []) addDue(slot, t, s);
    rec.own = rec.own.filter((c) => c[1] !== ev.id);
    for (let i = std.levels.length - 1; i >= 1; i--) {
      const level = std.levels[i];
      if (level.when && level.when(f())) {
        insertBy(rec.own, [ev.t, ev.id, i, level.explain ? level.explain(f()) : []]);
        break;
      }
    }
    addDue(slot, ev.t, ctx.subject);
    slot.ages = ageTimes(std, rec, ctx).filter((t) => t > ev.t);
  },

  onTime(raw, slot, now, ctx) {
    const std = raw as CompiledEscalation;
    const sh = sharedOf(std, ctx);
    sh.clock = Math.max(sh.clock, now);
    slot.due = slot.due.filter((t) => t > now);
    const own = sh.cases[ctx.subject];
    if (own) own.seen = Math.max(own.seen, now);
    const by = `${ctx.subject}@${now}`;
    const targets = new Set([ctx.subject, ...slot.pending.filter(([t]) => t <= now).map(([, s]) => s), ...(sh.made[by] ?? [])]);
    slot.pending = slot.pending.filter(([t]) => t > now);
    for (const subject of targets) reconcile(std, sh, slot, subject, by, now, ctx);
    slot.ages = own && sh.cases[ctx.subject] ? ageTimes(std, own, ctx).filter((t) => t > now) : [];
    retire(std, sh);
  },

  nextDue(_std, slot) {
    const a = slot.due.length ? slot.due[0] : null;
    const b = slot.ages.length ? slot.ages[0] : null;
    return a === null ? b : b === null ? a : Math.min(a, b);
  },

  // A level is a state, not an obligation: nothing is left running at `until`.
  open() {},

  idle(_std, slot) {
    return slot.due.length === 0 && slot.ages.length === 0;
  },
};

function sharedOf(std: CompiledEscalation, ctx: HandlerContext): Shared {
  const sh = ctx.shared as unknown as Shared;
  if (sh.cases === undefined) Object.assign(sh, { clock: NEVER, cases: {}, order: [], groups: std.aggregates.map(() => ({})), made: {}, madeOrder: [] });
  return sh;
}

/** Registers the case (an earlier opening arriving late moves it) and its group memberships. */
function openCase(std: CompiledEscalation, sh: Shared, calls: Array<[number, string]>, ev: NormalizedEvent, ctx: HandlerContext): CaseRec {
  let rec = sh.cases[ctx.subject];
  if (rec && (rec.o < ev.t || (rec.o === ev.t && rec.oid <= ev.id))) return rec; // a later opening only updates facts
  if (rec) {
    std.aggregates.forEach((_a, k) => {
      const group = rec!.g[k] === null ? undefined : sh.groups[k][rec!.g[k]!];
      if (group) group.m = group.m.filter((m) => m[2] !== ctx.subject);
    });
    Object.assign(rec, { o: ev.t, oid: ev.id });
  } else {
    rec = { o: ev.t, oid: ev.id, st: [], own: [], g: [], a: std.aggregates.map(() => null), an: std.aggregates.map(() => null), led: [], lv: -1, seen: NEVER, last: NEVER, sched: {} };
    sh.cases[ctx.subject] = rec;
    insertBy(sh.order, [ev.t, ctx.subject]);
  }
  // A case opened longer ago than the retention is past every window: it joins no group.
  const joins = ev.t >= sh.clock - std.retentionMs;
  rec.g = std.aggregates.map((agg) => (joins ? text(readDataPath(ctx.facts, agg.groupKey)) : null));
  std.aggregates.forEach((agg, k) => {
    const value = rec!.g[k];
    if (value === null) return;
    const group = (sh.groups[k][value] ??= { m: [], t: [], u: {}, lo: 0, cnt: {}, d: 0 });
    insertBy(group.m, [ev.t, ev.id, ctx.subject, text(readDataPath(ctx.facts, agg.distinctKey))]);
    calls.push(...joinGroup(sh, agg, std.retentionMs, k, value, group, ev.t, ctx.subject));
  });
  return rec;
}

/**
 * Case `subject` opened at `x` joined `group`: finds the instants at which the count is
 * now reached and the members whose claim changed. Returns them with the claim's instant,
 * at which `subject`'s own call releases the claim.
 */
function joinGroup(sh: Shared, agg: CompiledAggregate, retention: number, k: number, value: string, group: Group, x: number, subject: string): Array<[number, string]> {
  const changed: Array<[number, string]> = [];
  const counted = new Map<number, GroupClaim>();
  const claimAt = (t: number, rec: CaseRec): GroupClaim => {
    if (!counted.has(t)) counted.set(t, countedAt(agg, value, group, t));
    return claimFor(agg, value, group, counted.get(t)!, rec);
  };
  const latest = group.m.length < 2 || group.m[group.m.length - 2][0] < x;
  if (latest) {
    // In time order (the usual case): only `x` can become a trigger, and only unclaimed members change.
    countIn(group, group.m[group.m.length - 1][3]);
    while (group.m[group.lo][0] < x - agg.withinMs) countOut(group, group.m[group.lo++][3]);
    group.u[subject] = 1;
    if (group.d < agg.atLeast) return changed;
    group.t.push(x);
    for (const s of Object.keys(group.u)) {
      const rec = sh.cases[s];
      if (rec && (!isOpen(rec, x) || rec.o < x - retention)) continue;
      delete group.u[s];
      if (!rec) continue;
      setClaim(rec, k, claimAt(x, rec), `${subject}@${x}`);
      changed.push([x, s]);
    }
    return changed;
  }
  // Out of time order, or a second opening at the same instant: recompute from `x` on.
  for (const t of new Set(group.m.filter((m) => m[0] >= x).map((m) => m[0]))) {
    if (!group.t.includes(t) && distinctAt(agg, group, t, Infinity).length >= agg.atLeast) insertNumber(group.t, t);
  }
  group.lo = firstFrom(group, group.m[group.m.length - 1][0] - agg.withinMs);
  group.cnt = {};
  group.d = 0;
  for (let i = group.lo; i < group.m.length; i++) countIn(group, group.m[i][3]);
  group.u = {};
  for (const [, , s] of group.m) {
    const rec = sh.cases[s];
    if (!rec) continue;
    const old = nextClaim(rec, k);
    if ((!old || old.at >= x) && rec.o >= x - retention) {
      const at = firstOpenAt(rec, group.t);
      const claim = at === null ? null : claimAt(at, rec);
      if (!sameClaim(claim, old)) {
        // A claim that disappears is withdrawn by the call at the joining case's own instant.
        const when = Math.max(claim ? claim.at : x, x);
        setClaim(rec, k, claim, `${subject}@${when}`);
        changed.push([when, s]);
      }
    }
    if (!nextClaim(rec, k)) group.u[s] = 1;
  }
  return changed;
}

/**
 * A case's status changed at `x`: its own group claim may move. Returns the instant of a
 * new claim (released by the case's own call then), or null.
 */
function refreshClaim(sh: Shared, agg: CompiledAggregate, retention: number, k: number, subject: string, rec: CaseRec, x: number): number | null {
  const value = rec.g[k];
  const group = value === null ? undefined : sh.groups[k][value];
  // Past the retention its group no longer raises it: its claim stays as it was.
  if (!group || rec.o < x - retention) return null;
  const at = firstOpenAt(rec, group.t);
  const when = Math.max(x, at ?? x);
  const next = nextClaim(rec, k);
  // Same instant: keep the reasons recorded then (members counted then may have left the group since).
  const claim = at === null ? null : next?.at === at ? next : claimFor(agg, value!, group, countedAt(agg, value!, group, at), rec);
  if (claim) delete group.u[subject];
  else group.u[subject] = 1;
  if (sameClaim(claim, nextClaim(rec, k))) return null;
  setClaim(rec, k, claim, `${subject}@${when}`);
  return when;
}

/** The claim that will be in force once pending calls have run. */
function nextClaim(rec: CaseRec, k: number): GroupClaim | null {
  return rec.an[k] ? rec.an[k]!.c : rec.a[k];
}

/** Changes a group claim, in force once call `rel` runs (nothing pends if it is the one in force). */
function setClaim(rec: CaseRec, k: number, claim: GroupClaim | null, rel: string): void {
  rec.an[k] = sameClaim(claim, rec.a[k]) ? null : { c: claim, rel };
}

/** The claim of `rec` at a trigger instant: the count there, and how the case came to be raised. */
function claimFor(agg: CompiledAggregate, value: string, group: Group, at: GroupClaim, rec: CaseRec): GroupClaim {
  const trigger = group.m[firstFrom(group, at.at)];
  if (rec.oid === trigger[1]) return { ...at };
  return { at: at.at, why: [...at.why, `raised with the open cases of ${agg.groupName} "${value}" when ${trigger[2]} was opened`], ev: [...at.ev, rec.oid] };
}

function sameClaim(a: GroupClaim | null, b: GroupClaim | null): boolean {
  return a === b || (a !== null && b !== null && a.at === b.at && JSON.stringify([a.why, a.ev]) === JSON.stringify([b.why, b.ev]));
}

/** The count at `t` (members opened in [t − window, t]) as a claim's reasons: how many, and the first few. */
function countedAt(agg: CompiledAggregate, value: string, group: Group, t: number): GroupClaim {
  const latest = t === group.m[group.m.length - 1][0];
  const first = distinctAt(agg, group, t, latest ? 6 : Infinity);
  const total = latest ? group.d : first.length;
  const shown = total > 6 ? `${first.slice(0, 5).join(", ")}, … (${total - 5} more)` : first.join(", ");
  const trigger = group.m[firstFrom(group, t)];
  return { at: t, why: [`${agg.groupName} "${value}": ${total} different ${agg.distinctName} values within ${formatDuration(agg.withinMs)} (${shown}; at least ${agg.atLeast})`], ev: [trigger[1]] };
}

/** Up to `limit` different values among members opened in [t − window, t], in opening order. */
function distinctAt(agg: CompiledAggregate, group: Group, t: number, limit: number): string[] {
  const values = new Set<string>();
  for (let i = firstFrom(group, t - agg.withinMs); i < group.m.length && group.m[i][0] <= t && values.size < limit; i++) {
    const v = group.m[i][3];
    if (v !== null) values.add(v);
  }
  return [...values];
}

/** Index of the first member opened at or after `t`. */
function firstFrom(group: Group, t: number): number {
  return lowerBound(group.m.length, (i) => group.m[i][0], t);
}

/** The first index in [0, n) whose ascending key is at least `t` (n when none is). */
function lowerBound(n: number, key: (i: number) => number, t: number): number {
  let lo = 0;
  let hi = n;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (key(mid) < t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function countIn(group: Group, v: string | null): void {
  if (v === null) return;
  group.cnt[v] = (group.cnt[v] ?? 0) + 1;
  if (group.cnt[v] === 1) group.d++;
}

function countOut(group: Group, v: string | null): void {
  if (v === null) return;
  if (--group.cnt[v] === 0) {
    delete group.cnt[v];
    group.d--;
  }
}

/** Records a resolution or reopening; false when it changes nothing (a re-run). */
function setStatus(rec: CaseRec, ev: NormalizedEvent, status: number): boolean {
  const i = rec.st.findIndex((s) => s[1] === ev.id);
  if (i >= 0 && rec.st[i][2] === status) return false;
  if (i >= 0) rec.st.splice(i, 1);
  insertBy(rec.st, [ev.t, ev.id, status]);
  return true;
}

/** Open periods of a case: [from, to), the last one open-ended. */
function openPeriods(rec: CaseRec): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  let open = true;
  let from = rec.o;
  for (const [t, , s] of rec.st) {
    if (t < rec.o) continue;
    if (open && s === RESOLVED) out.push([from, t]);
    if (!open && s === OPEN) from = t;
    open = s === OPEN;
  }
  if (open) out.push([from, Infinity]);
  return out;
}

function isOpen(rec: CaseRec, t: number): boolean {
  return openPeriods(rec).some(([a, b]) => a <= t && t < b);
}

/** The first instant of `times` (ascending) at which the case is open. */
function firstOpenAt(rec: CaseRec, times: number[]): number | null {
  for (const [a, b] of openPeriods(rec)) {
    const i = lowerBound(times.length, (j) => times[j], a);
    if (i < times.length && times[i] < b) return times[i];
  }
  return null;
}

/** When each age level is reached: its deadline if the case is open then, else its next reopening. */
function ageClaims(std: CompiledEscalation, rec: CaseRec, ctx: HandlerContext): Claim[] {
  const cal = std.calendar ? (ctx.policy.calendars[std.calendar] as CompiledCalendar) : null;
  const out: Claim[] = [];
  std.levels.forEach((level, i) => {
    if (level.ageMs === null) return;
    const due = cal ? cal.addBusinessTime(rec.o, level.ageMs) : rec.o + level.ageMs;
    const period = openPeriods(rec).find(([, b]) => b > due);
    if (!period) return;
    const at = Math.max(period[0], due);
    const age = `${formatDuration(level.ageMs)}${cal ? " of business time" : ""}`;
    out.push({ lv: i, at, why: [at === due ? `unresolved ${age} after it was opened at ${iso(rec.o)}` : `reopened at ${iso(at)}, more than ${age} after it was opened at ${iso(rec.o)}`], ev: [rec.oid], by: "age" });
  });
  return out;
}

/** Instants at which an age could raise the case (not those of a level it had reached by then). */
function ageTimes(std: CompiledEscalation, rec: CaseRec, ctx: HandlerContext): number[] {
  return ageClaims(std, rec, ctx)
    .filter((c) => !rec.led.some(([, at, , lv]) => lv >= c.lv && at < c.at))
    .map((c) => c.at)
    .sort((a, b) => a - b);
}

/** The case's classification decisions, derived from its claims in force up to the latest time seen. */
function derive(std: CompiledEscalation, sh: Shared, rec: CaseRec, subject: string, ctx: HandlerContext): Array<{ draft: DecisionDraft; lv: number }> {
  const first = std.levels[0].name;
  const claims: Claim[] = [{ lv: 0, at: rec.o, why: [`opened: ${first} until a criterion of a higher level holds`], ev: [rec.oid], by: "opened" }];
  for (const [at, id, lv, why] of rec.own) if (at >= rec.o && at <= rec.seen) claims.push({ lv, at, why, ev: [id], by: "condition" });
  rec.a.forEach((c, k) => c && claims.push({ lv: std.aggregates[k].level, at: c.at, why: c.why, ev: c.ev, by: "aggregate" }));
  claims.push(...ageClaims(std, rec, ctx).filter((c) => c.at <= rec.seen));
  claims.sort((a, b) => a.at - b.at || b.lv - a.lv || BY_ORDER[a.by] - BY_ORDER[b.by]);
  const out: Array<{ draft: DecisionDraft; lv: number }> = [];
  let current = -1;
  for (let i = 0; i < claims.length && claims[i].at <= sh.clock; ) {
    const { at, lv } = claims[i];
    const same: Claim[] = [];
    for (; i < claims.length && claims[i].at === at; i++) if (claims[i].lv === lv) same.push(claims[i]);
    if (lv <= current) continue;
    const level = std.levels[lv];
    out.push({
      lv,
      draft: {
        obligation: "level",
        subject,
        key: std.id,
        status: "classified",
        level: level.name,
        owner: level.owner,
        startedAt: iso(rec.o),
        at: iso(at),
        reasons: same.flatMap((c) => c.why),
        events: [...new Set(same.flatMap((c) => c.ev))],
        details: { by: same.map((c) => c.by), ...(current >= 0 ? { previous: std.levels[current].name } : {}) },
      },
    });
    current = lv;
  }
  return out;
}

/**
 * Brings a case's decisions in line with its claims: emits what is missing, withdraws
 * what is no longer true, and (in a re-run of the call `by`) emits again what `by` made.
 * A decision later than `now` is left to this case's own call at its instant, so no
 * call makes a decision dated after itself (the engine re-runs calls by their time).
 */
function reconcile(std: CompiledEscalation, sh: Shared, slot: EscalationSlot, subject: string, by: string, now: number, ctx: HandlerContext): void {
  const rec = sh.cases[subject];
  if (!rec) return;
  rec.an.forEach((next, k) => {
    if (next?.rel !== by) return;
    rec.a[k] = next.c;
    rec.an[k] = null;
  });
  const wanted = derive(std, sh, rec, subject, ctx).map((w) => ({ ...w, id: idOf(std, w.draft, ctx) }));
  for (const w of wanted) {
    const entry = rec.led.find((l) => l[0] === w.id);
    if (entry && entry[2] !== by) continue;
    const at = Date.parse(w.draft.at);
    if (entry) entry[4] = 1;
    else {
      const maker = at > now ? `${ctx.subject}@${at}` : by;
      rec.led.push([w.id, at, maker, w.lv, at > now ? 0 : 1]);
      if (subject !== ctx.subject) noteMade(sh, maker, at, subject);
      if (at > now) {
        addDue(slot, at, subject);
        continue;
      }
    }
    ctx.emit(w.draft);
  }
  const ids = new Set(wanted.map((w) => w.id));
  // Later calls of this case that made decisions here are scheduled again, so a re-run
  // of this call (the engine rebuilding or compacting the case) schedules them too.
  for (const [id, at, madeBy] of rec.led) if (ids.has(id) && at > now && madeBy === `${ctx.subject}@${at}`) addDue(slot, at, subject);
  for (const [id, , madeBy, , emitted] of rec.led) {
    // What this very call made is withdrawn by the engine itself when the call is re-run.
    if (ids.has(id) || madeBy === by || !emitted) continue;
    ctx.emit({
      obligation: `withdraw/${id}`,
      subject,
      key: std.id,
      status: "cancelled",
      at: iso(now),
      reasons: ["withdrawn: an event known later changed the classification"],
      events: [],
      supersedes: [id],
      retracted: true,
    });
  }
  rec.led = rec.led.filter(([id]) => ids.has(id));
  rec.lv = wanted.length ? wanted[wanted.length - 1].lv : -1;
}

/** Remembers that call `by` decides for `subject` too, so a re-run of it reconciles `subject` again. */
function noteMade(sh: Shared, by: string, at: number, subject: string): void {
  if (!sh.made[by]) {
    sh.made[by] = [];
    sh.madeOrder.push([at, by]);
  }
  if (!sh.made[by].includes(subject)) sh.made[by].push(subject);
}

/**
 * Forgets what no late event can change any more: cases opened longer ago than the
 * retention (window or longest age, plus a margin) leave their groups, and are dropped
 * once resolved or at the top level; a case still open below it keeps its record.
 */
function retire(std: CompiledEscalation, sh: Shared): void {
  const horizon = sh.clock - std.retentionMs;
  for (const [, subject] of expired(sh.order, horizon)) {
    const rec = sh.cases[subject];
    if (!rec) continue;
    rec.g.forEach((value, k) => {
      const group = value === null ? undefined : sh.groups[k][value];
      if (!group) return;
      const i = group.m[0]?.[2] === subject ? 0 : group.m.findIndex((m) => m[2] === subject);
      if (i >= 0) {
        const [[, , , v]] = group.m.splice(i, 1);
        if (i < group.lo) group.lo--;
        else countOut(group, v);
      }
      delete group.u[subject];
      expired(group.t, horizon);
      if (group.m.length === 0) delete sh.groups[k][value!];
    });
    // Kept while its own calls are pending, and while still open below the top level.
    const settled = rec.seen >= rec.last && rec.an.every((n) => n === null);
    const resolved = rec.st.length > 0 && rec.st[rec.st.length - 1][2] === RESOLVED;
    if (settled && (resolved || rec.lv === std.levels.length - 1)) delete sh.cases[subject];
  }
  for (const [, call] of expired(sh.madeOrder, horizon)) delete sh.made[call];
}

/**
 * Removes and returns the leading entries of a time-ordered list that fall before
 * `horizon`, in batches: one splice of a long list costs a copy of it, so it waits
 * until enough have expired (left in place a little longer, they change nothing).
 */
function expired<T extends number | [number, ...unknown[]]>(list: T[], horizon: number): T[] {
  const time = (x: T) => (typeof x === "number" ? x : x[0]);
  let n = 0;
  while (n < list.length && n < 64 && time(list[n]) < horizon) n++;
  return n === list.length || n >= 64 ? list.splice(0, n) : [];
}

/** The id the engine will give this draft (see Run.emit): ledgers compare decisions by id. */
function idOf(std: CompiledEscalation, draft: DecisionDraft, ctx: HandlerContext): string {
  const { obligation, ...rest } = draft;
  const body = {
    policy: ctx.policy.id,
    version: ctx.policy.version,
    standard: std.id,
    ...(std.severity !== undefined && draft.severity === undefined ? { severity: std.severity } : {}),
    ...rest,
  };
  return decisionId(ctx.policy.id, ctx.policy.version, std.id, draft.subject, obligation, draft.status, draft.at, body);
}

function text(v: unknown): string | null {
  return typeof v === "string" && v.length > 0 ? v : typeof v === "number" || typeof v === "boolean" ? String(v) : null;
}

/** Inserts keeping (first element, second element) order. */
function insertBy<T extends [number, string, ...unknown[]]>(list: T[], item: T): void {
  let i = list.length;
  while (i > 0 && (list[i - 1][0] > item[0] || (list[i - 1][0] === item[0] && list[i - 1][1] > item[1]))) i--;
  list.splice(i, 0, item);
}

/** The case's own call at `t` will reconcile `subject` (itself or a case whose claim it changed). */
function addDue(slot: EscalationSlot, t: number, subject: string): void {
  if (!slot.due.includes(t)) insertNumber(slot.due, t);
  if (!slot.pending.some(([pt, ps]) => pt === t && ps === subject)) slot.pending.push([t, subject]);
}

function insertNumber(list: number[], n: number): void {
  let i = list.length;
  while (i > 0 && list[i - 1] > n) i--;
  list.splice(i, 0, n);
}
