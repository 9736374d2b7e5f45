/**
 * Groups of an escalation aggregate (e.g. the complaints of one topic): members in
 * opening order, with a count of different values (e.g. complainants) over a sliding
 * window kept as openings come in time order.
 */
import { own, put } from "../../own.js";
import { formatDuration } from "../../vocabulary/duration.js";
import type { CompiledAggregate } from "./compile.js";

/** A member: [opened at, opening event id, subject, distinct value]. */
export type Member = [number, string, string, string | null];

export interface Group {
  /** Members in (time, id) order. */
  members: Member[];
  /** Members from index `windowStart` on are in the window; `counts` counts them by value, `distinct` is how many values. */
  windowStart: number;
  counts: Record<string, number>;
  distinct: number;
  /** Members no count of this group has raised yet (a set: subject → 1). */
  uncounted: Record<string, 1>;
}

/** Adds a member: opened after every other, or (its group value changed later) in its place by opening time. */
export function joinGroup(group: Group, member: Member): void {
  let i = group.members.length;
  const before = (m: Member): boolean => m[0] > member[0] || (m[0] === member[0] && m[1] > member[1]);
  while (i > 0 && before(group.members[i - 1]!)) i--;
  group.members.splice(i, 0, member);
  if (i < group.windowStart) group.windowStart++; // opened before the window: not counted
  else countIn(group, member[3]);
  put(group.uncounted, member[2], 1);
}

/** A member's distinct value changed (e.g. the complainant was corrected). */
export function changeDistinct(group: Group, subject: string, value: string | null): void {
  const m = group.members.find((x) => x[2] === subject);
  if (!m || m[3] === value) return;
  if (group.members.indexOf(m) >= group.windowStart) {
    countOut(group, m[3]);
    countIn(group, value);
  }
  m[3] = value;
}

/** Members opened before `from` leave the window. */
export function moveWindow(group: Group, from: number): void {
  while (group.windowStart < group.members.length && group.members[group.windowStart]![0] < from) countOut(group, group.members[group.windowStart++]![3]);
}

/** Removes a member; true when the group is empty. */
export function leaveGroup(group: Group | undefined, subject: string): boolean {
  if (!group) return false;
  const i = group.members[0]?.[2] === subject ? 0 : group.members.findIndex((m) => m[2] === subject);
  if (i >= 0) {
    const [[, , , v]] = group.members.splice(i, 1) as [Member]; // i was found in range
    if (i < group.windowStart) group.windowStart--;
    else countOut(group, v);
  }
  delete group.uncounted[subject];
  return group.members.length === 0;
}

/**
 * The count in the window ending at `t` (the window already moved there) as reasons:
 * how many, and the first few; `trigger` is the first member opened at `t`, else the
 * member named by `moved` (a case whose group value changed at `t`).
 */
export function countAt(agg: CompiledAggregate, value: string, group: Group, t: number, moved: string | null): { why: string[]; trigger: Member } {
  const first = new Set<string>();
  for (let i = group.windowStart; i < group.members.length && first.size < 6; i++) {
    const v = group.members[i]![3];
    if (v !== null) first.add(v);
  }
  const values = [...first];
  const shown = group.distinct > 6 ? `${values.slice(0, 5).join(", ")}, … (${group.distinct - 5} more)` : values.join(", ");
  // The group is not empty: its count reached atLeast (at least 1).
  let i = group.members.length - 1;
  while (i > 0 && group.members[i - 1]![0] >= t) i--;
  const last = group.members[i]!;
  const trigger = last[0] >= t || moved === null ? last : (group.members.find((m) => m[2] === moved) ?? last);
  return {
    why: [`${agg.groupName} "${value}": ${group.distinct} different ${agg.distinctName} values within ${formatDuration(agg.withinMs)} (${shown}; at least ${agg.atLeast})`],
    trigger,
  };
}

function countIn(group: Group, v: string | null): void {
  if (v === null) return;
  const n = put(group.counts, v, (own(group.counts, v) ?? 0) + 1);
  if (n === 1) group.distinct++;
}

function countOut(group: Group, v: string | null): void {
  if (v === null) return;
  if (put(group.counts, v, (own(group.counts, v) ?? 0) - 1) === 0) {
    delete group.counts[v];
    group.distinct--;
  }
}
