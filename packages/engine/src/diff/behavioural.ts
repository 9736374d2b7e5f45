/**
 * Behavioural diff: replay the same events through two policies and list every outcome
 * that changes ("store-7/table-12/visit-331 R6: met → breached"), with counts per
 * standard. An auditor's question: "what would this revision have changed on last
 * month's real events?"
 *
 * An outcome belongs to one obligation: (standard, subject, key, start). Its value is
 * the last effective decision of the obligation (superseded decisions and retractions
 * dropped), `warning`s aside: a warning is a step on the way, not an outcome. A
 * classification's outcome names its level ("classified major").
 */
import { ownOrPut } from "../own.js";
import type { CompiledPolicy } from "../evaluate/model.js";
import type { Decision, NormalizedEvent, YardstickEvent } from "../types.js";
import { effectiveDecisions } from "../evaluate/engine.js";
import { replayEvents, type ReplayOptions } from "../replay/replay.js";
import { countTransitions, type TransitionCount } from "./transitions.js";

export interface BehaviourChange {
  subject: string;
  standard: string;
  key: string;
  /** Start of the obligation (ISO), null when its decisions carry none. */
  startedAt: string | null;
  /** The outcome under the old policy, null when it made none. */
  before: Decision | null;
  after: Decision | null;
  /** "visit-331 R6: met → breached"; "none" stands for no outcome. */
  message: string;
}

export interface StandardCounts {
  changed: number;
  /** Outcomes only the new policy has (e.g. an added standard, a new anchor). */
  added: number;
  /** Outcomes only the old policy has. */
  removed: number;
  unchanged: number;
}

export interface BehaviourDiff {
  changes: BehaviourChange[];
  /** The changes counted per standard and transition, largest first within a standard. */
  transitions: TransitionCount[];
  /** Per standard id: the new policy's standards in order, then removed ones. */
  counts: Record<string, StandardCounts>;
  /** Standard ids only the new (added) or only the old (removed) policy has. */
  standards: { added: string[]; removed: string[] };
}

/**
 * Replays `events` through both policies and lists each outcome that changes.
 * Throws YardstickError `event_invalid` for an invalid event, as replayEvents does.
 * @example
 * diffBehaviour(v2, v3, events).changes.map((c) => c.message)
 * // ["store-7/table-12/visit-331 R6: met → breached"]
 */
export function diffBehaviour(
  before: CompiledPolicy,
  after: CompiledPolicy,
  events: Iterable<YardstickEvent | NormalizedEvent>,
  options: Pick<ReplayOptions, "until"> = {},
): BehaviourDiff {
  const list = [...events];
  const old = outcomes(replayEvents(before, list, options));
  const now = outcomes(replayEvents(after, list, options));
  const oldIds = before.standards.map((s) => s.id);
  const newIds = after.standards.map((s) => s.id);
  const counts: Record<string, StandardCounts> = {};
  const fresh = (): StandardCounts => ({ changed: 0, added: 0, removed: 0, unchanged: 0 });
  for (const id of [...newIds, ...oldIds]) ownOrPut(counts, id, fresh);

  const keys = [...new Set([...old.keys(), ...now.keys()])];
  const obligationsPerKey = new Map<string, number>();
  for (const k of keys) {
    const o = (old.get(k) ?? now.get(k))!;
    const base = JSON.stringify([o.standard, o.subject, o.key]);
    obligationsPerKey.set(base, (obligationsPerKey.get(base) ?? 0) + 1);
  }
  const changes: BehaviourChange[] = [];
  for (const k of keys) {
    const b = old.get(k) ?? null;
    const a = now.get(k) ?? null;
    const d = (a ?? b)!;
    const c = ownOrPut(counts, d.standard, fresh);
    if (b && a && label(b) === label(a)) {
      c.unchanged++;
      continue;
    }
    if (b && a) c.changed++;
    else if (a) c.added++;
    else c.removed++;
    const ambiguous = (obligationsPerKey.get(JSON.stringify([d.standard, d.subject, d.key])) ?? 0) > 1;
    const started = d.startedAt ?? null;
    const name = d.key.startsWith(d.standard) ? d.key : `${d.standard} ${d.key}`;
    const when = ambiguous && started !== null ? ` (started ${started})` : "";
    changes.push({
      subject: d.subject,
      standard: d.standard,
      key: d.key,
      startedAt: started,
      before: b,
      after: a,
      message: `${d.subject} ${name}${when}: ${b ? label(b) : "none"} → ${a ? label(a) : "none"}`,
    });
  }
  changes.sort(compareChanges);
  return {
    changes,
    transitions: countTransitions(changes, [...newIds, ...oldIds]),
    counts,
    standards: { added: newIds.filter((id) => !oldIds.includes(id)), removed: oldIds.filter((id) => !newIds.includes(id)) },
  };
}

/** The outcome of each obligation: its last effective non-warning decision. */
function outcomes(decisions: Decision[]): Map<string, Decision> {
  const out = new Map<string, Decision>();
  for (const d of effectiveDecisions(decisions)) {
    if (d.status === "warning") continue;
    const k = JSON.stringify([d.standard, d.subject, d.key, d.startedAt ?? null]);
    const prev = out.get(k);
    if (!prev || Date.parse(d.at) >= Date.parse(prev.at)) out.set(k, d);
  }
  return out;
}

function label(d: Decision): string {
  return d.status === "classified" && d.level !== undefined ? `classified ${d.level}` : d.status;
}

/** Obligations in time order (start, else the outcome's time), then by names. */
function compareChanges(x: BehaviourChange, y: BehaviourChange): number {
  const t = (c: BehaviourChange) => Date.parse(c.startedAt ?? (c.after ?? c.before)!.at);
  return t(x) - t(y) || cmp(x.standard, y.standard) || cmp(x.subject, y.subject) || cmp(x.key, y.key);
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
