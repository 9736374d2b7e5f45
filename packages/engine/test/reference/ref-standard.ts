/**
 * The reference model's reading of a timing standard document (the subset the
 * generators produce: matchers are event types or `{event, when}` with `equal`
 * conditions on `data`). Written from docs/semantics.md, not from the engine's compiler.
 */
import { refCalendar, WALL, type RefCalendar, type RefCalendarDoc } from "./ref-calendar.js";
import { refRule } from "./ref-deadline.js";

export interface RefEvent {
  id: string;
  type: string;
  subject: string;
  t: number;
  data: Record<string, unknown>;
}

type Match = (e: RefEvent) => boolean;

export interface RefStandard {
  id: string;
  start: Match;
  stop: Match;
  cancel: Match;
  requires: Match[];
  key: string | null;
  once: boolean;
  withinMs: number | null;
  /** A calendar-aligned limit (`within` in months, or `deadline`): its deadline from an anchor. */
  rule: ((t: number) => number) | null;
  deadlineFrom: { due?: string; within?: string } | null;
  suspend: { from: Match; until: Match; void: Match; key: string | null; resume: "restart" | "continue"; maxHoldMs: number } | null;
  /** Warning labels and how long before the deadline (null: a fraction, computed from the span). */
  warnBefore: { label: string; ms: number } | null;
  warnAt: number[];
  cal: RefCalendar;
  business: boolean;
}

/** ISO 8601 duration (D/H/M/S only) in ms, or null. */
export function refDuration(text: unknown): number | null {
  if (typeof text !== "string") return null;
  const m = /^P(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?$/.exec(text);
  if (!m || text === "P" || text.endsWith("T")) return null;
  const n = (i: number) => Number(m[i] ?? 0);
  return Math.round(n(1) * 7 * 86_400_000 + n(2) * 86_400_000 + n(3) * 3_600_000 + n(4) * 60_000 + n(5) * 1000);
}

/** "P1M", "P2D", "PT4H": months apart from the rest (the generators write one or the other). */
function refMonths(text: unknown): { months: number; ms: number } {
  const m = typeof text === "string" ? /^P(\d+)M$/.exec(text) : null;
  return m ? { months: Number(m[1]), ms: 0 } : { months: 0, ms: refDuration(text) ?? 0 };
}

function matcher(doc: unknown): Match {
  if (doc === undefined) return () => false;
  const list = Array.isArray(doc) ? doc : [doc];
  const parts: Match[] = list.map((m) => {
    if (typeof m === "string") return (e) => e.type === m;
    const { event, when } = m as { event: string; when?: { all: Array<{ path: string; value: unknown }> } };
    return (e) => e.type === event && (!when || when.all.every((c) => e.data[c.path.replace(/^\$\./, "")] === c.value));
  });
  return (e) => parts.some((p) => p(e));
}

/** Reads one timing standard of a generated policy document. */
export function readStandard(doc: Record<string, any>, policy: { timezone?: string; calendars?: Record<string, RefCalendarDoc> }): RefStandard {
  const cal = doc.calendar ? refCalendar(policy.calendars![doc.calendar]!, policy.timezone ?? "UTC") : WALL;
  const withinMs = refDuration(doc.within);
  const months = typeof doc.within === "string" ? /^P(\d+)M$/.exec(doc.within) : null;
  const d = doc.deadline;
  const zone = policy.timezone ?? "UTC";
  const ruleCal = doc.calendar ? cal : null;
  const rule = months ? refRule({ months: Number(months[1]), ms: 0 }, zone, ruleCal) : d ? refRule({ from: d.from, at: d.at, ...refMonths(d.within) }, zone, ruleCal) : null;
  const s = doc.suspend;
  return {
    id: doc.id,
    start: matcher(doc.start),
    stop: matcher(doc.stop),
    cancel: matcher(doc.cancel),
    requires: doc.requires === undefined ? [] : (Array.isArray(doc.requires) ? doc.requires : [doc.requires]).map((r: unknown) => matcher(r)),
    key: doc.key ?? null,
    once: doc.once === true,
    withinMs,
    rule,
    deadlineFrom: doc.deadlineFrom ?? null,
    suspend: s
      ? { from: matcher(s.from), until: matcher(s.until), void: matcher(s.void), key: s.key ?? null, resume: s.resume ?? "restart", maxHoldMs: refDuration(s.maxHold) ?? withinMs! }
      : null,
    warnBefore: doc.warnBefore ? { label: doc.warnBefore, ms: refDuration(doc.warnBefore)! } : null,
    warnAt: (doc.warnAt ?? []).map((p: string) => Number(p.slice(0, -1))),
    cal,
    business: Boolean(doc.calendar),
  };
}

/** Value of a data field as a key: strings as is, other values as JSON, missing/null as "". */
export function keyValue(data: Record<string, unknown>, field: string | null): string | null {
  if (field === null) return "";
  const v = data[field];
  if (v === undefined || v === null) return null;
  return typeof v === "string" ? v : JSON.stringify(v);
}
