/**
 * Queue standards: fairness of one queue (the subject), ticket by ticket.
 *
 * The slot holds the tickets still waiting, one line per class, each line in issue
 * order (time, then event id). What a standard judges depends on what it declares:
 * - `fifo`: a call is a `violation` when an earlier ticket of the same line still waits
 *   and did not yield to the called one (the violation names those in `overtaken`); a
 *   call that passes only tickets that yielded to it is `met`.
 * - `maxWait`: each ticket must be called within its class's limit: `met`, or `breached`
 *   at the deadline (and again, with the overrun, when it is finally called or leaves);
 *   a walk-away or turn-away before the deadline `cancelled`.
 * - `closing`: turning away a ticket issued before closing is a `violation`; with
 *   `servedBy`, so is a ticket issued before closing and still waiting `servedBy` after
 *   closing, at that instant, with no event needed (nobody has to record a refusal).
 */
import { own, ownOrPut } from "../../own.js";
import { eventFacts } from "../../evaluate/facts.js";
import { readDataPath } from "../../compile/data-path.js";
import { formatDuration } from "../../vocabulary/duration.js";
import type { CompiledQueue } from "./compile.js";
import { formatLocalClock, localDate, localTime } from "../../calendar/zone.js";
import type { NormalizedEvent } from "../../types.js";
import { iso } from "../../evaluate/ids.js";
import type { CompiledMatcher, Facts, HandlerContext, KindHandler } from "../../evaluate/model.js";

interface Ticket {
  /** Ticket number. */
  number: string;
  /** Class, as reported (the declared class, or the ordinary one for an undeclared class). */
  className: string;
  /** Issued at (ms) and by which event. */
  at: number;
  id: string;
  /** Tickets this one agreed to let go first. */
  yieldsTo: string[];
  /** Maximum-wait deadline, or null when the class has no limit (or the standard none). */
  due: number | null;
  /** The deadline passed (the breach was emitted). */
  late: boolean;
  /** Issued before closing with `servedBy`: the instant it must have been called by (absent in slots stored before it existed). */
  serveBy?: number;
  /** The `servedBy` violation was emitted. */
  unserved?: true;
}

/** The ticket still owes a `servedBy` check. */
function awaitsServe(t: Ticket): t is Ticket & { serveBy: number } {
  return t.serveBy !== undefined && t.unserved === undefined;
}

export interface QueueSlot {
  /** Waiting tickets by line (the class, or "" for a one-line queue), in issue order. */
  lines: Record<string, Ticket[]>;
}

export const queueHandler: KindHandler<CompiledQueue, QueueSlot> = {
  scope: "subject",

  init() {
    return { lines: {} };
  },

  onEvent(std, slot, ev, ctx) {
    forget(std, slot, ev.t);
    let facts: Facts | null = null;
    const matches = (list: CompiledMatcher[]) => list.some((m) => m.event === ev.type && (!m.when || m.when((facts ??= eventFacts(ev, ctx.facts)))));
    const number = ticketNumber(ev.data, std.ticketKey);
    if (number === null) return;
    if (matches(std.yield)) yieldTo(std, slot, number, ev);
    if (matches(std.call)) call(std, slot, number, ev, ctx);
    if (matches(std.abandon)) leave(std, slot, number, ev, ctx, "walked away");
    if (matches(std.turnAway)) turnAway(std, slot, number, ev, ctx);
    if (matches(std.issue)) issue(std, slot, number, ev, ctx);
  },

  onTime(std, slot, now, ctx) {
    // With `dueBefore` (a known-late firing at `now`), a deadline at `now` waits for that instant's events.
    const due = (t: number) => (ctx.dueBefore === undefined ? t <= now : t < ctx.dueBefore);
    for (const line of Object.values(slot.lines)) {
      for (const t of line) if (awaitsServe(t) && due(t.serveBy)) emitUnserved(std, t, now, ctx);
    }
    for (const line of Object.values(slot.lines)) {
      for (const t of line) {
        if (t.due === null || t.late || !due(t.due)) continue;
        t.late = true;
        const limit = t.due - t.at;
        ctx.emit({
          ...base(std, t, ctx),
          status: "breached",
          at: iso(now),
          elapsedMs: now - t.at,
          overByMs: now - t.due,
          reasons: [`${t.number} (${t.className || "ticket"}) not called within ${formatDuration(limit)} of being issued at ${clock(ctx, t.at)}`],
        });
      }
    }
  },

  nextDue(_std, slot) {
    let min: number | null = null;
    for (const line of Object.values(slot.lines)) {
      for (const t of line) {
        if (t.due !== null && !t.late && (min === null || t.due < min)) min = t.due;
        if (awaitsServe(t) && (min === null || t.serveBy < min)) min = t.serveBy;
      }
    }
    return min;
  },

  open(std, slot, now, ctx) {
    for (const line of Object.values(slot.lines)) {
      for (const t of line) {
        if (t.due === null || t.late) continue;
        ctx.emit({
          ...base(std, t, ctx),
          status: "open",
          at: iso(now),
          elapsedMs: now - t.at,
          reasons: [`${t.number} still waiting after ${formatDuration(now - t.at)}: ${formatDuration(t.due - now)} left`],
        });
      }
    }
  },

  idle(_std, slot) {
    return Object.values(slot.lines).every((line) => line.every((t) => (t.due === null || t.late) && !awaitsServe(t)));
  },
};

function issue(std: CompiledQueue, slot: QueueSlot, n: string, ev: NormalizedEvent, ctx: HandlerContext): void {
  // A number issued again replaces the old ticket (numbers restart; the old one was lost).
  take(slot, n);
  const raw = readDataPath(ev.data, std.classKey);
  const given = typeof raw === "string" ? raw : raw === undefined || raw === null ? "" : String(raw);
  // The schema requires at least one class (minItems 1): the last is there.
  const cls = std.classes ? (std.classes.includes(given) ? given : std.classes[std.classes.length - 1]!) : given;
  const limit = std.maxWaitMs ? (own(std.maxWaitMs, cls) ?? own(std.maxWaitMs, "*") ?? null) : null;
  const ticket: Ticket = { number: n, className: cls, at: ev.t, id: ev.id, yieldsTo: [], due: limit === null ? null : ev.t + limit, late: false };
  const closing = std.servedByMs !== null && std.closing ? closingFor(std, ev.t, ctx) : null;
  if (closing !== null && ev.t < closing) ticket.serveBy = closing + std.servedByMs!;
  const line = ownOrPut(slot.lines, std.classes ? cls : "", (): Ticket[] => []);
  let i = line.length;
  const after = (t: Ticket): boolean => t.at > ev.t || (t.at === ev.t && t.id > ev.id);
  while (i > 0 && after(line[i - 1]!)) i--;
  line.splice(i, 0, ticket);
}

function yieldTo(std: CompiledQueue, slot: QueueSlot, n: string, ev: NormalizedEvent): void {
  const to = ticketNumber(ev.data, std.yieldToKey);
  const found = find(slot, n);
  if (!found || to === null || to === n || found.ticket.yieldsTo.includes(to)) return;
  found.ticket.yieldsTo.push(to);
}

function call(std: CompiledQueue, slot: QueueSlot, n: string, ev: NormalizedEvent, ctx: HandlerContext): void {
  const found = find(slot, n);
  if (!found) return;
  const { ticket: t, line, index } = found;
  line.splice(index, 1);
  const counter = readDataPath(ev.data, ["counter"]);
  const details = { class: t.className, ...(counter !== undefined ? { counter } : {}) };
  if (std.fifo) {
    const earlier = line.slice(0, index);
    const consented = earlier.filter((e) => e.yieldsTo.includes(t.number)).map((e) => e.number);
    const overtaken = earlier.filter((e) => !e.yieldsTo.includes(t.number));
    const who = (list: Ticket[]) => list.map((e) => `${e.number} (issued ${clock(ctx, e.at)})`).join(", ");
    const consent = consented.length > 0 ? [`with the consent of ${consented.join(", ")}`] : [];
    if (overtaken.length > 0) {
      ctx.emit({
        ...eventBase(std, t, ev, ctx),
        status: "violation",
        overtaken: overtaken.map((e) => e.number),
        reasons: [`${t.number} (${t.className || "ticket"}, issued ${clock(ctx, t.at)}) was called while earlier ${overtaken.length === 1 ? "ticket" : "tickets"} of the same class still waited without consent: ${who(overtaken)}`, ...consent],
        events: [t.id, ev.id],
        details: { ...details, ...(consented.length ? { consented } : {}) },
      });
    } else if (consented.length > 0) {
      ctx.emit({
        ...eventBase(std, t, ev, ctx),
        status: "met",
        reasons: [`${t.number} went ahead of ${consented.join(", ")} ${consent[0]}`],
        events: [t.id, ev.id],
        details: { ...details, consented },
      });
    }
  }
  if (t.due !== null) endWait(std, t, ev, ctx, "met", `${t.number} (${t.className || "ticket"}) called after ${formatDuration(ev.t - t.at)} (limit ${formatDuration(t.due - t.at)})`, details);
}

function turnAway(std: CompiledQueue, slot: QueueSlot, n: string, ev: NormalizedEvent, ctx: HandlerContext): void {
  const found = find(slot, n);
  if (!found) return;
  const t = found.ticket;
  const closing = std.closing ? closingFor(std, t.at, ctx) : null;
  if (closing !== null && t.at < closing) {
    ctx.emit({
      ...eventBase(std, t, ev, ctx),
      status: "violation",
      reasons: [`${t.number} was issued at ${clock(ctx, t.at)}, before closing at ${clock(ctx, closing)}, and turned away at ${clock(ctx, ev.t)}`],
      events: [t.id, ev.id],
      details: { class: t.className, closingAt: iso(closing) },
    });
  }
  leave(std, slot, n, ev, ctx, "turned away");
}

/** The ticket leaves without being served: ends its maximum-wait clock. */
function leave(std: CompiledQueue, slot: QueueSlot, n: string, ev: NormalizedEvent, ctx: HandlerContext, how: string): void {
  const t = take(slot, n);
  if (!t || t.due === null) return;
  const waited = formatDuration(ev.t - t.at);
  const limit = formatDuration(t.due - t.at);
  const reason = t.late ? `${t.number} ${how} after ${waited}, ${formatDuration(ev.t - t.due)} over the ${limit} limit` : `${t.number} ${how} after ${waited}, within the ${limit} limit`;
  endWait(std, t, ev, ctx, "cancelled", reason, { class: t.className, left: how });
}

/** The wait of a ticket with a maximum ends at `ev`: breached if the limit had run out, else `ontime`. */
function endWait(std: CompiledQueue, t: Ticket, ev: NormalizedEvent, ctx: HandlerContext, ontime: "met" | "cancelled", reason: string, details: Record<string, unknown>): void {
  ctx.emit({
    ...base(std, t, ctx),
    status: t.late ? "breached" : ontime,
    at: iso(ev.t),
    elapsedMs: ev.t - t.at,
    ...(t.late ? { overByMs: ev.t - t.due! } : {}),
    reasons: [reason],
    events: [t.id, ev.id],
    details,
  });
}

/**
 * Tickets waiting longer than `forgetAfter` are taken as lost: their events never came.
 * One that still owes its `servedBy` check stays until that check is made (a lost ticket
 * is exactly one nobody served).
 */
function forget(std: CompiledQueue, slot: QueueSlot, now: number): void {
  const horizon = now - std.forgetAfterMs;
  for (const [name, line] of Object.entries(slot.lines)) {
    // The line is in issue order: only its prefix can be old enough (a scan of the old ones, not of every ticket).
    let k = 0;
    while (k < line.length && line[k]!.at < horizon) k++;
    if (k > 0) line.splice(0, k, ...line.slice(0, k).filter(awaitsServe));
    if (line.length === 0) delete slot.lines[name];
  }
}

/** A ticket issued before closing is still waiting `servedBy` after closing: a violation at that instant. */
function emitUnserved(std: CompiledQueue, t: Ticket & { serveBy: number }, now: number, ctx: HandlerContext): void {
  t.unserved = true;
  const closing = t.serveBy - std.servedByMs!;
  ctx.emit({
    obligation: `${t.number}#${t.id}#servedBy`,
    subject: ctx.subject,
    key: `${std.id}/${t.number}`,
    startedAt: iso(t.at),
    dueAt: iso(t.serveBy),
    at: iso(now),
    ticket: t.number,
    status: "violation",
    reasons: [`${t.number} was issued at ${clock(ctx, t.at)}, before closing at ${clock(ctx, closing)}, and was still not served at ${clock(ctx, t.serveBy)}, ${formatDuration(std.servedByMs!)} after closing`],
    events: [t.id],
    details: { class: t.className, closingAt: iso(closing), servedBy: iso(t.serveBy) },
  });
}

function closingFor(std: CompiledQueue, t: number, ctx: HandlerContext): number | null {
  const c = std.closing!;
  if ("calendar" in c) return own(ctx.policy.calendars, c.calendar)!.closingOn(t);
  return localTime(localDate(t, ctx.policy.timezone), c.minutes, ctx.policy.timezone);
}

function find(slot: QueueSlot, n: string): { ticket: Ticket; line: Ticket[]; index: number } | null {
  for (const line of Object.values(slot.lines)) {
    const index = line.findIndex((t) => t.number === n);
    if (index >= 0) return { ticket: line[index]!, line, index };
  }
  return null;
}

function take(slot: QueueSlot, n: string): Ticket | null {
  const found = find(slot, n);
  if (!found) return null;
  found.line.splice(found.index, 1);
  return found.ticket;
}

function ticketNumber(data: Record<string, unknown>, path: string[]): string | null {
  const v = readDataPath(data, path);
  return typeof v === "string" && v.length > 0 ? v : typeof v === "number" ? String(v) : null;
}

function base(std: CompiledQueue, t: Ticket, ctx: HandlerContext) {
  return {
    obligation: `${t.number}#${t.id}`,
    subject: ctx.subject,
    key: `${std.id}/${t.number}`,
    startedAt: iso(t.at),
    ...(t.due !== null ? { dueAt: iso(t.due) } : {}),
    ticket: t.number,
    events: [t.id],
    details: { class: t.className },
  };
}

/** What a decision about one event on a ticket (a call, a turn-away) starts with. */
function eventBase(std: CompiledQueue, t: Ticket, ev: NormalizedEvent, ctx: HandlerContext) {
  return { obligation: `${t.number}#${t.id}#${ev.id}`, subject: ctx.subject, key: `${std.id}/${t.number}`, startedAt: iso(t.at), at: iso(ev.t), ticket: t.number };
}

function clock(ctx: HandlerContext, ms: number): string {
  return formatLocalClock(ms, ctx.policy.timezone);
}

