/**
 * Groups of an escalation aggregate (e.g. the complaints of one topic): members in
 * opening order, with a count of different values (e.g. complainants) over a sliding
 * window kept as openings come in time order.
 */
import { formatDuration } from "../../compile/duration.js";
import type { CompiledAggregate } from "./compile.js";

/** A member: [opened at, opening event id, subject, distinct value]. */
export type Member = [number, string, string, string | null];

export interface Group {
  /** Members in (time, id) order. */
  m: Member[];
  /** Members from index `lo` on are in the window; `cnt` counts them by value, `d` is how many values. */
  lo: number;
  cnt: Record<string, number>;
  d: number;
  /** Members no count of this group has raised yet (a set: subject → 1). */
  u: Record<string, 1>;
}

/** Adds a member: opened after every other, or (its group value changed later) in its place by opening time. */
export function joinGroup(group: Group, member: Member): void {
  let i = group.m.length;
  while (i > 0 && (group.m[i - 1][0] > member[0] || (group.m[i - 1][0] === member[0] && group.m[i - 1][1] > member[1]))) i--;
  group.m.splice(i, 0, member);
  if (i < group.lo) group.lo++; // opened before the window: not counted
  else countIn(group, member[3]);
  group.u[member[2]] = 1;
}

/** A member's distinct value changed (e.g. the complainant was corrected). */
export function changeDistinct(group: Group, subject: string, value: string | null): void {
  const i = group.m.findIndex((m) => m[2] === subject);
  if (i < 0 || group.m[i][3] === value) return;
  if (i >= group.lo) {
    countOut(group, group.m[i][3]);
    countIn(group, value);
  }
  group.m[i][3] = value;
}

/** Members opened before `from` leave the window. */
export function moveWindow(group: Group, from: number): void {
  while (group.lo < group.m.length && group.m[group.lo][0] < from) countOut(group, group.m[group.lo++][3]);
}

/** Removes a member; true when the group is empty. */
export function leaveGroup(group: Group | undefined, subject: string): boolean {
  if (!group) return false;
  const i = group.m[0]?.[2] === subject ? 0 : group.m.findIndex((m) => m[2] === subject);
  if (i >= 0) {
    const [[, , , v]] = group.m.splice(i, 1);
    if (i < group.lo) group.lo--;
    else countOut(group, v);
  }
  delete group.u[subject];
  return group.m.length === 0;
}

/**
 * The count in the window ending at `t` (the window already moved there) as reasons:
 * how many, and the first few; `trigger` is the first member opened at `t`, else the
 * member named by `moved` (a case whose group value changed at `t`).
 */
export function countAt(agg: CompiledAggregate, value: string, group: Group, t: number, moved: string | null): { why: string[]; trigger: Member } {
  const first = new Set<string>();
  for (let i = group.lo; i < group.m.length && first.size < 6; i++) {
    const v = group.m[i][3];
    if (v !== null) first.add(v);
  }
  const values = [...first];
  const shown = group.d > 6 ? `${values.slice(0, 5).join(", ")}, … (${group.d - 5} more)` : values.join(", ");
  let i = group.m.length - 1;
  while (i > 0 && group.m[i - 1][0] >= t) i--;
  const trigger = group.m[i][0] >= t || moved === null ? group.m[i] : (group.m.find((m) => m[2] === moved) ?? group.m[i]);
  return {
    why: [`${agg.groupName} "${value}": ${group.d} different ${agg.distinctName} values within ${formatDuration(agg.withinMs)} (${shown}; at least ${agg.atLeast})`],
    trigger,
  };
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
