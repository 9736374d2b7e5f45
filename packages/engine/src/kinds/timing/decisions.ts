/**
 * The decisions of timing obligations and their reasons. Durations are stated in the
 * standard's own time: "13 working hours", "within 2 working days" on a calendar
 * standard, "2 min" otherwise; `elapsedMs`/`overByMs` are wall time, and calendar
 * standards add `businessElapsedMs`/`businessOverByMs` (docs/semantics.md §6).
 */
import { formatDuration } from "../../vocabulary/duration.js";
import type { NormalizedEvent } from "../../types.js";
import { iso } from "../../evaluate/ids.js";
import type { HandlerContext } from "../../evaluate/model.js";
import type { CompiledTiming } from "./compile.js";
import { measure, type Span } from "./clock.js";
import type { Obligation } from "./state.js";

const DAY_MS = 86_400_000;

export function emitBreach(std: CompiledTiming, span: Span, ob: Obligation, now: number, ctx: HandlerContext): void {
  const b = ob.breach!;
  ctx.emit({
    ...base(std, ob, ctx),
    dueAt: iso(b.due),
    status: "breached",
    at: iso(now),
    ...overrun(span, b, now),
    reasons: [`no ${describe(std.stop)} within ${limitText(span, ob.limit, ob)} of ${anchorText(ob)}`, ...ob.why],
  });
}

export function emitLateBreach(std: CompiledTiming, span: Span, ob: Obligation, ev: NormalizedEvent, ctx: HandlerContext): void {
  const b = ob.breach!;
  const o = overrun(span, b, ev.t);
  ctx.emit({
    ...base(std, ob, ctx),
    dueAt: iso(b.due),
    status: "breached",
    at: iso(ev.t),
    ...o,
    reasons: [
      `${ev.type} came ${amount(span, o.elapsedMs, o.businessElapsedMs)} after ${anchorText(ob)}: ${amount(span, o.overByMs, o.businessOverByMs)} over the ${limitText(span, ob.limit, ob)} limit`,
      ...ob.why,
    ],
  });
}

export function emitMet(std: CompiledTiming, span: Span, ob: Obligation, ev: NormalizedEvent, ctx: HandlerContext): void {
  const m = measure(ob.clock, span, ev.t);
  const held = ob.clock.dueAt === null;
  const spent = amount(span, m.wall, m.biz);
  ctx.emit({
    ...base(std, ob, ctx),
    status: "met",
    at: iso(ev.t),
    ...figures(span, m),
    reasons: [
      held
        ? `${ev.type} came while the clock was held (waiting for ${describe(std.suspend?.until ?? [])}), ${spent} on the clock (limit ${limitText(span, ob.limit, ob)})`
        : `${ev.type} came ${spent} after ${anchorText(ob)} (limit ${limitText(span, ob.limit, ob)})`,
      ...ob.why,
    ],
  });
}

export function emitWarning(std: CompiledTiming, span: Span, ob: Obligation, now: number, label: string, ctx: HandlerContext): void {
  const due = ob.clock.dueAt!;
  const left = span.business ? workingText(span.between(now, due)) : formatDuration(due - now);
  ctx.emit({
    ...base(std, ob, ctx, { warning: label }),
    status: "warning",
    at: iso(now),
    ...figures(span, measure(ob.clock, span, now)),
    reasons: [`${left} left to ${describe(std.stop)} (limit ${limitText(span, ob.limit, ob)} from ${anchorText(ob)})`, ...ob.why],
  });
}

export function emitOpen(std: CompiledTiming, span: Span, ob: Obligation, now: number, ctx: HandlerContext): void {
  const due = ob.clock.dueAt;
  const left = due === null ? "" : span.business ? workingText(span.between(now, due)) : formatDuration(due - now);
  ctx.emit({
    ...base(std, ob, ctx),
    status: "open",
    at: iso(now),
    ...figures(span, measure(ob.clock, span, now)),
    reasons: [due === null ? `clock held: waiting for ${describe(std.suspend?.until ?? [])}` : `still running: ${left} left`, ...ob.why],
  });
}

export function emitCancelled(std: CompiledTiming, ob: Obligation, ev: NormalizedEvent, ctx: HandlerContext, why: "cancel" | "no-deadline"): void {
  const f = std.deadlineFrom;
  const from = f ? [f.due && `data.${f.due.join(".")} (time)`, f.within && `data.${f.within.join(".")} (duration)`].filter(Boolean).join(" or ") : "no limit";
  ctx.emit({
    ...base(std, ob, ctx),
    status: "cancelled",
    at: iso(ev.t),
    reasons: [why === "cancel" ? `cancelled by ${ev.type}` : `${ev.type} carries no valid deadline (${from})`, ...ob.why],
  });
}

function base(std: CompiledTiming, ob: Obligation, ctx: HandlerContext, extra: Record<string, unknown> | null = null) {
  const c = ob.clock;
  const anchored = c.anchorAt !== ob.startedAt || c.anchorType !== ob.startType;
  const details = anchored || extra ? { ...(anchored ? { anchoredAt: iso(c.anchorAt), anchoredBy: c.anchorType } : {}), ...extra } : {};
  return {
    obligation: `${ob.key}#${ob.startId}`,
    subject: ctx.subject,
    key: ob.key === "" ? std.id : `${std.id}/${ob.key}`,
    startedAt: iso(ob.startedAt),
    ...(c.dueAt !== null ? { dueAt: iso(c.dueAt) } : {}),
    events: [...ob.events],
    ...(Object.keys(details).length ? { details } : {}),
  };
}

function figures(span: Span, m: { wall: number; biz: number }) {
  return { elapsedMs: m.wall, ...(span.business ? { businessElapsedMs: m.biz } : {}) };
}

/** Elapsed and overrun of a breached obligation at `at`: it kept running past its deadline. */
function overrun(span: Span, b: NonNullable<Obligation["breach"]>, at: number) {
  const over = span.between(b.due, at);
  return {
    elapsedMs: b.wall + (at - b.due),
    overByMs: at - b.due,
    ...(span.business ? { businessElapsedMs: b.biz + over, businessOverByMs: over } : {}),
  };
}

function amount(span: Span, wall: number, biz: number | undefined): string {
  return span.business ? workingText(biz ?? 0) : formatDuration(wall);
}

/** "13 working hours", "1 working hour 30 min", "45 working min". */
export function workingText(ms: number): string {
  const h = Math.floor(ms / 3_600_000);
  const rest = ms - h * 3_600_000;
  if (h === 0) return rest === 0 ? "0 working min" : `${formatDuration(rest)}`.replace(/^(\d+) (min|s|ms)/, "$1 working $2");
  return `${h} working ${h === 1 ? "hour" : "hours"}${rest > 0 ? ` ${formatDuration(rest)}` : ""}`;
}

/** The limit as stated: "2 working days", "13 working hours", "4 min". */
function limitText(span: Span, limit: number, ob: Obligation): string {
  if (ob.fixedDue !== null) return `the promised ${iso(ob.fixedDue)}`;
  if (ob.byRule && span.rule) return span.rule.text;
  if (!span.business) return formatDuration(limit);
  const days = Math.floor(limit / DAY_MS);
  const rest = limit - days * DAY_MS;
  const d = days > 0 ? `${days} working ${days === 1 ? "day" : "days"}` : "";
  return [d, rest > 0 || days === 0 ? workingText(rest) : ""].filter(Boolean).join(" ");
}

function anchorText(ob: Obligation): string {
  return ob.clock.anchorType === "maxHold" ? "the hold's bound (maxHold)" : ob.clock.anchorType;
}

function describe(list: ReadonlyArray<{ event: string }>): string {
  return [...new Set(list.map((m) => m.event))].join(" or ");
}
