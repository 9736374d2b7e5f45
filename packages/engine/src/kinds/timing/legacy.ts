/**
 * Timing slots stored before issue 10 (the runtime keeps states in its database) had
 * `running`/`waiting` records and unkeyed `pending` holds. They are read into the
 * current shape: each obligation keeps its deadline (its clock restarts from its old
 * anchor with the limit that was left), a held one gets a hold bounded by its limit, so
 * it ends like any other.
 */
import type { Obligation, TimingSlot } from "./state.js";

interface LegacyObligation {
  key: string;
  startId: string;
  startType: string;
  startedAt: number;
  anchorAt: number;
  anchorType: string;
  withinMs: number;
  dueAt: number | null;
  remainingMs: number | null;
  warned: boolean;
  breachedAt: number | null;
  events: string[];
  why: string[];
}

/** The slot in the current shape (the same object when it already is). */
export function currentSlot(slot: TimingSlot | Record<string, unknown>): TimingSlot {
  if (Array.isArray((slot as TimingSlot).obligations)) return slot as TimingSlot;
  const old = slot as { started?: string[]; required?: boolean[]; running?: Record<string, LegacyObligation>; waiting?: Record<string, LegacyObligation> };
  const holds: TimingSlot["holds"] = [];
  const convert = (o: LegacyObligation, confirmed: boolean): Obligation => {
    const held = o.dueAt === null && o.breachedAt === null;
    const limit = o.dueAt !== null ? Math.max(0, o.dueAt - o.anchorAt) : (o.remainingMs ?? o.withinMs);
    if (held) holds.push({ k: o.key, hk: "(before issue 10)", bound: o.anchorAt + o.withinMs });
    return {
      key: o.key,
      startId: o.startId,
      startType: o.startType,
      startedAt: o.startedAt,
      clockFrom: { t: o.anchorAt, type: o.anchorType },
      limit,
      fixedDue: null,
      held: held ? ["(before issue 10)"] : [],
      log: [],
      clock: { anchorAt: o.anchorAt, anchorType: o.anchorType, dueAt: o.dueAt, runSince: o.dueAt === null ? null : o.anchorAt, firstRun: o.anchorAt, wallRun: 0, bizRun: 0 },
      confirmed,
      confirmedAt: o.startedAt,
      fired: o.warned ? ["(before issue 10)"] : [],
      firedAnchor: `${o.anchorAt}|${o.anchorType}`,
      warnings: [],
      breach: o.breachedAt !== null && o.dueAt !== null ? { at: o.breachedAt, due: o.dueAt, wall: o.withinMs, biz: o.withinMs } : null,
      events: o.events,
      why: o.why,
    };
  };
  return {
    started: old.started ?? [],
    holds,
    required: old.required ?? [],
    obligations: [...Object.values(old.running ?? {}).map((o) => convert(o, true)), ...Object.values(old.waiting ?? {}).map((o) => convert(o, false))],
  };
}
