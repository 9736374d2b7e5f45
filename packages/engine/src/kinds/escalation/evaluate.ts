/**
 * Escalation standards: the level of each case (a complaint), highest reached wins and
 * never goes down; a resolved case keeps its level.
 *
 * Policy-scoped (see KindHandler.scope): one slot holds every case of the policy,
 * because a count across cases (3 different complainants on a topic within 30 days)
 * raises cases other than the one whose event is handled. The engine feeds the slot
 * every event the standard names, always in (time, id) order, and rebuilds it from a
 * snapshot after a late event; so this is a plain forward state machine, and arrival
 * order cannot change what it decides.
 *
 * A case gathers *claims* during an instant: its opening (the first level), a level
 * whose condition held at one of its events, an age reached while unresolved (or its
 * reopening after that age), a group count reached while it was open. Decisions are
 * made at the end of the instant (a deadline at the events' own time), so events at the
 * same time on several cases are all known first: the highest claim above the case's
 * level becomes one `classified` decision.
 *
 * A level's combinations (criteria that count only together) are reached at the first
 * moment when all their criteria hold while the case is open: an age or a count, once
 * it happened, is remembered on the case (`held`); the condition is evaluated on the
 * case's facts so far, at each of its events and whenever another criterion is met.
 */
import { own, ownOrPut, put } from "../../own.js";
import type { CompiledCalendar } from "../../calendar/calendar.js";
import { readDataPath } from "../../compile/data-path.js";
import { formatDuration } from "../../vocabulary/duration.js";
import type { CompiledEscalation } from "./compile.js";
import { iso } from "../../evaluate/ids.js";
import { eventFacts, mergeFacts } from "../../evaluate/facts.js";
import type { NormalizedEvent } from "../../types.js";
import type { CompiledMatcher, Facts, HandlerContext, KindHandler } from "../../evaluate/model.js";
import { changeDistinct, countAt, joinGroup, leaveGroup, moveWindow, type Group } from "./groups.js";

interface CaseRec {
  /** Opened at (null: events seen before its opening). */
  openedAt: number | null;
  /** Opening event id. */
  openingId: string;
  /** The case's facts: merged data of its events, in time order. */
  facts: Record<string, unknown>;
  open: boolean;
  /** Highest level decided (-1: none yet). */
  level: number;
  /** Group value per aggregate (null: in no group). */
  groupValues: Array<string | null>;
  /** Age levels that fell due while it was resolved: claimed when it is reopened. */
  missed: number[];
  /** Claims gathered during the current instant. */
  claims: Claim[];
  /** Latest event time. */
  last: number;
  /** Latest event's id and type (what a combination's condition sees as `event`). */
  lastId?: string;
  lastType?: string;
  /** Criteria of combinations met so far: ["level/combination/age|aggregate", reasons, events]. */
  held?: Array<[string, string[], string[]]>;
}

interface Claim {
  level: number;
  why: string[];
  events: string[];
  by: "opened" | "condition" | "aggregate" | "age" | "combination";
}

export interface EscalationSlot {
  /** Latest time seen. */
  clock: number;
  cases: Record<string, CaseRec>;
  /** [time, subject], in time order: when to look at a case again for retention. */
  order: Array<[number, string]>;
  /** Per aggregate: groups by value. */
  groups: Array<Record<string, Group>>;
  /** Per age queue (CompiledEscalation.ageQueues): [due, subject, opened at] in due order, from `head[queue]` on. */
  ages: Array<Array<[number, string, number]>>;
  head: number[];
  /** The instant whose claims are not decided yet (null: none). */
  instant: number | null;
  /** Subjects with claims at `instant`, in the order they got them. */
  dirty: string[];
  /**
   * Groups whose count may have grown at `instant`: [aggregate, value, the case whose
   * group value changed and the event that changed it (nulls: an opening)].
   */
  joined: Array<[number, string, string | null, string | null]>;
}

const BY_ORDER = { opened: 0, condition: 1, aggregate: 2, age: 3, combination: 4 } as const;

export const escalationHandler: KindHandler<CompiledEscalation, EscalationSlot> = {
  scope: "policy",

  init(std) {
    return {
      clock: Number.MIN_SAFE_INTEGER,
      cases: {},
      order: [],
      groups: std.aggregates.map(() => ({})),
      ages: std.ageQueues.map(() => []),
      head: std.ageQueues.map(() => 0),
      instant: null,
      dirty: [],
      joined: [],
    };
  },

  onEvent(std, slot, ev, ctx) {
    const subject = ev.subject;
    slot.clock = Math.max(slot.clock, ev.t);
    let rec = own(slot.cases, subject);
    const known = rec !== undefined;
    if (!rec) {
      rec = { openedAt: null, openingId: "", facts: {}, open: false, level: -1, groupValues: [], missed: [], claims: [], last: ev.t };
      put(slot.cases, subject, rec);
      slot.order.push([slot.clock, subject]);
    }
    mergeFacts(rec.facts, ev.data);
    rec.last = ev.t;
    rec.lastId = ev.id;
    rec.lastType = ev.type;
    let facts: Facts | null = null;
    const f = () => (facts ??= eventFacts(ev, rec.facts));
    const matches = (list: CompiledMatcher[]) => list.some((m) => m.event === ev.type && (!m.when || m.when(f())));

    if (rec.openedAt === null) {
      if (matches(std.open)) openCase(std, slot, subject, rec, ev, known, ctx);
    } else {
      // A corrected topic or complainant moves the case to its new group (or changes its value there).
      regroup(std, slot, subject, rec, ev.id);
      if (matches(std.resolve)) rec.open = false;
      else if (!rec.open && matches(std.reopen)) {
        rec.open = true;
        const missed = rec.missed;
        rec.missed = [];
        for (const q of missed) ageReached(std, slot, subject, rec, q, ev.t, ctx, true);
      }
    }
    for (let i = std.levels.length - 1; i >= 1; i--) {
      const level = std.levels[i]!; // i within 1..length-1
      if (level.when && level.when(f())) {
        claim(slot, subject, rec, ev.t, { level: i, why: level.explain ? level.explain(f()) : [], events: [ev.id], by: "condition" });
        break;
      }
    }
    if (rec.openedAt !== null) {
      for (let i = std.levels.length - 1; i > Math.max(0, rec.level); i--) {
        for (let j = 0; j < std.levels[i]!.combinations.length; j++) tryCombination(std, slot, subject, rec, i, j, ev.t);
      }
    }
  },

  onTime(std, slot, now, ctx) {
    slot.clock = Math.max(slot.clock, now);
    reachAges(std, slot, now, ctx);
    countGroups(std, slot, now);
    for (const subject of slot.dirty) {
      const rec = own(slot.cases, subject);
      if (!rec) continue;
      if (rec.openedAt !== null) decide(std, subject, rec, now, ctx);
      rec.claims = [];
    }
    slot.dirty = [];
    slot.instant = null;
    retire(std, slot);
  },

  nextDue(_std, slot) {
    let min = slot.instant;
    slot.ages.forEach((q, i) => {
      const next = q[slot.head[i]!]; // head is parallel to ages
      if (next && (min === null || next[0] < min)) min = next[0];
    });
    return min;
  },

  // A level is a state, not an obligation: nothing is left running at `until`.
  open() {},

  idle(_std, slot) {
    return slot.instant === null && slot.ages.every((q, i) => slot.head[i]! >= q.length);
  },
};

/** The opening: the first level, its groups, and when its ages fall due. */
function openCase(std: CompiledEscalation, slot: EscalationSlot, subject: string, rec: CaseRec, ev: NormalizedEvent, known: boolean, ctx: HandlerContext): void {
  Object.assign(rec, { openedAt: ev.t, openingId: ev.id, open: true });
  if (known) slot.order.push([slot.clock, subject]);
  claim(slot, subject, rec, ev.t, { level: 0, why: [`opened: ${std.levels[0]!.name} until a criterion of a higher level holds`], events: [ev.id], by: "opened" });
  rec.groupValues = std.aggregates.map(() => null);
  regroup(std, slot, subject, rec, null);
  const cal = calendarOf(std, ctx);
  std.ageQueues.forEach(({ ageMs }, i) => {
    if (ageMs !== null) slot.ages[i]!.push([cal ? cal.addBusinessTime(ev.t, ageMs) : ev.t + ageMs, subject, ev.t]);
  });
}

/**
 * Puts an opened case in the groups its facts name, with its distinct values: at its
 * opening, and again when an event changes them. It keeps its opening time, so it
 * counts where it would have counted had it been filed that way; what it counted for
 * in its old group stays decided (levels never go down). Not once it has left its
 * groups for good (retired).
 */
function regroup(std: CompiledEscalation, slot: EscalationSlot, subject: string, rec: CaseRec, by: string | null): void {
  if (rec.groupValues.length === 0) return;
  std.aggregates.forEach((agg, k) => {
    const value = text(readDataPath(rec.facts, agg.groupKey));
    const distinct = text(readDataPath(rec.facts, agg.distinctKey));
    const was = rec.groupValues[k] ?? null; // parallel to aggregates since the opening
    if (was !== null && was === value) {
      const group = own(slot.groups[k]!, value)!;
      const before = group.distinct;
      changeDistinct(group, subject, distinct);
      if (group.distinct > before) note(slot, k, value, by === null ? null : [subject, by]);
      return;
    }
    if (was !== null && leaveGroup(own(slot.groups[k]!, was), subject)) delete slot.groups[k]![was];
    rec.groupValues[k] = value;
    if (value === null) return;
    joinGroup(ownOrPut(slot.groups[k]!, value, () => ({ members: [], windowStart: 0, counts: {}, distinct: 0, uncounted: {} })), [rec.openedAt!, rec.openingId, subject, distinct]);
    note(slot, k, value, by === null ? null : [subject, by]);
  });
}

/** The count of group `value` is looked at the end of the instant. */
function note(slot: EscalationSlot, k: number, value: string, moved: [string, string] | null): void {
  const at = slot.joined.find(([j, v]) => j === k && v === value);
  if (!at) slot.joined.push([k, value, moved?.[0] ?? null, moved?.[1] ?? null]);
  else if (at[2] !== null && moved === null) [at[2], at[3]] = [null, null]; // an opening at the same instant is the trigger
  slot.instant ??= slot.clock;
}

/** Adds a claim of `rec` at instant `t`, to be decided at the end of it. */
function claim(slot: EscalationSlot, subject: string, rec: CaseRec, t: number, c: Claim): void {
  if (rec.claims.length === 0) slot.dirty.push(subject);
  rec.claims.push(c);
  slot.instant = t;
}

function calendarOf(std: CompiledEscalation, ctx: HandlerContext): CompiledCalendar | null {
  return std.calendar ? (own(ctx.policy.calendars, std.calendar) ?? null) : null;
}

/** Ages due by `now`: an open case below that level is raised (or its combination met); a resolved one when reopened. */
function reachAges(std: CompiledEscalation, slot: EscalationSlot, now: number, ctx: HandlerContext): void {
  slot.ages.forEach((q, i) => {
    let h = slot.head[i]!; // head is parallel to ages
    const level = std.ageQueues[i]!.level; // ages is parallel to ageQueues
    for (; h < q.length && q[h]![0] <= now; h++) {
      const [due, subject, opened] = q[h]!;
      const rec = own(slot.cases, subject);
      if (!rec || rec.openedAt !== opened || rec.level >= level) continue;
      if (rec.open) ageReached(std, slot, subject, rec, i, due, ctx, false);
      else rec.missed.push(i);
    }
    // Drop what was reached in batches: one splice copies the rest of the list.
    if (h >= 64 && h * 2 >= q.length) {
      q.splice(0, h);
      h = 0;
    }
    slot.head[i] = h;
  });
}

/**
 * Age queue `q` fell due for an open case (at `at`; `reopened`: it was resolved then and
 * is reopened now): a level's own age is claimed, a combination's is remembered.
 */
function ageReached(std: CompiledEscalation, slot: EscalationSlot, subject: string, rec: CaseRec, q: number, at: number, ctx: HandlerContext, reopened: boolean): void {
  const owner = std.ageQueues[q]!;
  // A queue holds entries only when it has an age.
  const age = `${formatDuration(owner.ageMs!)}${calendarOf(std, ctx) ? " of business time" : ""}`;
  const opened = iso(rec.openedAt!);
  const why = [reopened ? `reopened at ${iso(at)}, more than ${age} after it was opened at ${opened}` : `unresolved ${age} after it was opened at ${opened}`];
  if (owner.combination === null) claim(slot, subject, rec, at, { level: owner.level, why, events: [rec.openingId], by: "age" });
  else hold(std, slot, subject, rec, owner.level, owner.combination, "age", why, [rec.openingId], at);
}

/** A criterion of a combination was met by the case: remembered, and the combination tried. */
function hold(std: CompiledEscalation, slot: EscalationSlot, subject: string, rec: CaseRec, level: number, j: number, what: "age" | "aggregate", why: string[], events: string[], t: number): void {
  const key = `${level}/${j}/${what}`;
  const held = (rec.held ??= []);
  if (!held.some(([k]) => k === key)) held.push([key, why, events]);
  tryCombination(std, slot, subject, rec, level, j, t);
}

/** Claims `level` at `t` when the open case meets every criterion of its combination `j`. */
function tryCombination(std: CompiledEscalation, slot: EscalationSlot, subject: string, rec: CaseRec, level: number, j: number, t: number): void {
  const combo = std.levels[level]?.combinations[j];
  if (!combo || !rec.open || rec.level >= level) return;
  // Met once in this instant is enough (a reopening meets the age, then its event tries again).
  if (rec.claims.some((c) => c.level === level && c.by === "combination")) return;
  const why: string[] = [];
  const events: string[] = [];
  for (const [what, needed] of [["age", combo.ageMs !== null], ["aggregate", combo.aggregate !== null]] as const) {
    if (!needed) continue;
    const met = rec.held?.find(([k]) => k === `${level}/${j}/${what}`);
    if (!met) return;
    why.push(...met[1]);
    events.push(...met[2]);
  }
  if (combo.when) {
    // The case's facts so far, whatever event brought them.
    const facts: Facts = { data: rec.facts, event: { id: rec.lastId ?? rec.openingId, type: rec.lastType ?? "", subject, time: iso(rec.last) }, subject: rec.facts };
    if (!combo.when(facts)) return;
    why.push(...(combo.explain ? combo.explain(facts) : []));
    if (rec.lastId !== undefined) events.push(rec.lastId);
  }
  claim(slot, subject, rec, t, { level, why, events: [...new Set(events)], by: "combination" });
}

/**
 * Groups joined during the instant: where the count of different values within the
 * window reaches the threshold, every open case of the group not yet raised by it is.
 */
function countGroups(std: CompiledEscalation, slot: EscalationSlot, now: number): void {
  for (const [k, value, moved, movedBy] of slot.joined) {
    const agg = std.aggregates[k];
    const groups = slot.groups[k];
    if (!agg || !groups) continue;
    const group = own(groups, value);
    if (!group) continue;
    moveWindow(group, now - agg.withinMs);
    if (group.distinct < agg.atLeast) continue;
    const counted = countAt(agg, value, group, now, moved);
    for (const subject of Object.keys(group.uncounted)) {
      const rec = own(slot.cases, subject);
      if (!rec) {
        delete group.uncounted[subject];
        continue;
      }
      if (!rec.open) continue; // not raised by this count; a later one may, once it is reopened
      delete group.uncounted[subject];
      const isOwn = rec.openingId === counted.trigger[1];
      const byMove = counted.trigger[0] < now && movedBy !== null;
      const cause = byMove ? [counted.trigger[1], movedBy] : [counted.trigger[1]];
      const why = isOwn ? counted.why : [...counted.why, `raised with the open cases of ${agg.groupName} "${value}" when ${counted.trigger[2]} ${byMove ? "joined it" : "was opened"}`];
      const events = isOwn ? cause : [...cause, rec.openingId];
      if (agg.combination === null) claim(slot, subject, rec, now, { level: agg.level, why, events, by: "aggregate" });
      else hold(std, slot, subject, rec, agg.level, agg.combination, "aggregate", why, events, now);
    }
  }
  slot.joined = [];
}

/** The end of an instant for one case: its highest claim above its level is decided. */
function decide(std: CompiledEscalation, subject: string, rec: CaseRec, now: number, ctx: HandlerContext): void {
  const top = Math.max(...rec.claims.map((c) => c.level));
  if (top <= rec.level) return;
  const same = rec.claims.filter((c) => c.level === top).sort((a, b) => BY_ORDER[a.by] - BY_ORDER[b.by]);
  const level = std.levels[top];
  if (!level) return; // every claim names a level of this standard
  ctx.emit({
    obligation: "level",
    subject,
    key: std.id,
    status: "classified",
    level: level.name,
    owner: level.owner,
    startedAt: iso(rec.openedAt!),
    at: iso(now),
    reasons: same.flatMap((c) => c.why),
    events: [...new Set(same.flatMap((c) => c.events))],
    details: { by: same.map((c) => c.by), ...(rec.level >= 0 ? { previous: std.levels[rec.level]!.name } : {}) },
  });
  rec.level = top;
}

/**
 * Forgets what can no longer change a decision: a case opened longer ago than the
 * retention (window or longest age, plus a margin) leaves its groups and is dropped once
 * resolved or at the top level; one still open below it is looked at again later. Events
 * of a case never opened are kept as long.
 */
function retire(std: CompiledEscalation, slot: EscalationSlot): void {
  const horizon = slot.clock - std.retentionMs;
  for (const [, subject] of expired(slot.order, horizon)) {
    const rec = own(slot.cases, subject);
    if (!rec) continue;
    if (rec.openedAt === null) {
      if (rec.last < horizon) delete slot.cases[subject];
      else slot.order.push([slot.clock, subject]);
      continue;
    }
    if (rec.openedAt >= horizon) continue; // an entry from before its opening: the opening's own entry comes later
    rec.groupValues.forEach((value, k) => {
      if (value !== null && leaveGroup(own(slot.groups[k]!, value), subject)) delete slot.groups[k]![value];
    });
    rec.groupValues = [];
    if (!rec.open || rec.level === std.levels.length - 1) delete slot.cases[subject];
    else slot.order.push([slot.clock, subject]);
  }
}

/**
 * Removes and returns the leading entries of a time-ordered list that fall before
 * `horizon`, in batches: one splice of a long list costs a copy of it, so it waits
 * until enough have expired (left in place a little longer, they change nothing).
 */
function expired(list: Array<[number, string]>, horizon: number): Array<[number, string]> {
  let n = 0;
  while (n < list.length && n < 64 && list[n]![0] < horizon) n++;
  return n === list.length || n >= 64 ? list.splice(0, n) : [];
}

function text(v: unknown): string | null {
  return typeof v === "string" && v.length > 0 ? v : typeof v === "number" || typeof v === "boolean" ? String(v) : null;
}
