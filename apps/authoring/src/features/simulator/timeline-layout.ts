/**
 * Timeline geometry, kept apart from React so it can be tested: one row per
 * obligation (subject + decision key), a bar from start to stop or deadline, the
 * overrun past the deadline, warnings and violations as marks, escalation levels as
 * steps. Times are epoch ms; x positions are pixels.
 */
import type { Decision, DecisionStatus, YardstickEvent } from "@yardstick/engine";

/** The statuses a bar ends in (warnings, violations and levels are marks and steps). */
export type BarStatus = Extract<DecisionStatus, "met" | "breached" | "open" | "cancelled">;

export interface TimelineBar {
  x0: number;
  x1: number;
  status: BarStatus;
  /** Past the deadline: from dueAt to the late stop (or to the end of the run when no stop came). */
  overrun?: { x0: number; x1: number; unfinished: boolean };
  /** The deadline tick. */
  dueX?: number;
  decisions: Decision[];
}

export interface TimelineMark {
  x: number;
  kind: "warning" | "violation" | "breach";
  decision: Decision;
}

export interface TimelineStep {
  x: number;
  /** Width of the step: to the next level or to the end of the axis. */
  width: number;
  level: string;
  /** 1 = lowest level reached. */
  rank: number;
  decision: Decision;
}

export interface TimelineRow {
  id: string;
  subject: string;
  standard: string;
  key: string;
  y: number;
  bars: TimelineBar[];
  marks: TimelineMark[];
  steps: TimelineStep[];
  /** Highest rank among the row's steps (to scale them). */
  maxRank: number;
}

export interface TimelineGroup {
  subject: string;
  y: number;
}

export interface TimelineTick {
  x: number;
  label: string;
}

export interface TimelineLayout {
  width: number;
  height: number;
  plotX0: number;
  plotX1: number;
  t0: number;
  t1: number;
  rows: TimelineRow[];
  groups: TimelineGroup[];
  ticks: TimelineTick[];
  /** Event times as x positions (small ticks under the axis). */
  eventXs: number[];
  /** Rows left out because of `maxRows`. */
  hiddenRows: number;
}

export interface LayoutOptions {
  width: number;
  labelWidth?: number;
  rowHeight?: number;
  groupHeight?: number;
  axisHeight?: number;
  maxRows?: number;
  /** IANA zone for tick labels. */
  timeZone?: string;
  /** Standard ids in policy order (rows follow it within a subject). */
  standardOrder?: readonly string[];
  /** Escalation levels lowest first, by standard id. */
  levelOrder?: Readonly<Record<string, readonly string[]>>;
}

const STEPS_MS = [1, 5, 10, 15, 30].map((s) => s * 1000)
  .concat([1, 2, 5, 10, 15, 30].map((m) => m * 60_000))
  .concat([1, 2, 3, 6, 12].map((h) => h * 3_600_000))
  .concat([1, 2, 7, 14, 30].map((d) => d * 86_400_000));

/**
 * Lays out decisions (effective ones: superseded and retracted already dropped) on a
 * time axis.
 * @example layoutTimeline(effectiveDecisions(replayEvents(policy, events)), events, { width: 900 })
 */
export function layoutTimeline(decisions: readonly Decision[], events: readonly YardstickEvent[], options: LayoutOptions): TimelineLayout {
  const o = { labelWidth: 180, rowHeight: 22, groupHeight: 20, axisHeight: 28, maxRows: 80, timeZone: "UTC", ...options };
  const [t0, t1] = timeRange(decisions, events);
  const plotX0 = o.labelWidth;
  const plotX1 = Math.max(plotX0 + 50, o.width - 12);
  const x = (t: number) => plotX0 + ((t - t0) / (t1 - t0)) * (plotX1 - plotX0);

  const byRow = groupRows(decisions, o.standardOrder ?? []);
  const rows: TimelineRow[] = [];
  const groups: TimelineGroup[] = [];
  let y = o.axisHeight;
  let lastSubject: string | null = null;
  const multipleSubjects = new Set(byRow.map((r) => r.subject)).size > 1;
  for (const r of byRow.slice(0, o.maxRows)) {
    if (multipleSubjects && r.subject !== lastSubject) {
      groups.push({ subject: r.subject, y });
      y += o.groupHeight;
    }
    lastSubject = r.subject;
    rows.push({ ...layoutRow(r.decisions, x, t1, o.levelOrder?.[r.standard]), id: r.id, subject: r.subject, standard: r.standard, key: r.key, y });
    y += o.rowHeight;
  }
  return {
    width: o.width,
    height: y + 8,
    plotX0,
    plotX1,
    t0,
    t1,
    rows,
    groups,
    ticks: makeTicks(t0, t1, x, Math.max(2, Math.floor((plotX1 - plotX0) / 90)), o.timeZone),
    eventXs: eventTicks(events, x),
    hiddenRows: Math.max(0, byRow.length - o.maxRows),
  };
}

interface RowInput {
  id: string;
  subject: string;
  standard: string;
  key: string;
  decisions: Decision[];
  /** Earliest start (or time) among its decisions. */
  first: number;
}

function groupRows(decisions: readonly Decision[], order: readonly string[]): RowInput[] {
  const map = new Map<string, RowInput>();
  for (const d of decisions) {
    const id = `${d.subject}\u0000${d.key}`;
    let row = map.get(id);
    if (!row) map.set(id, (row = { id, subject: d.subject, standard: d.standard, key: d.key, decisions: [], first: Infinity }));
    row.decisions.push(d);
    row.first = Math.min(row.first, Date.parse(d.startedAt ?? d.at));
  }
  const rank = new Map(order.map((s, i) => [s, i]));
  const natural = new Map<string, string>();
  const nk = (s: string) => {
    let k = natural.get(s);
    if (k === undefined) natural.set(s, (k = naturalKey(s)));
    return k;
  };
  // One sort key per row, compared as plain strings: thousands of rows sort in a few ms.
  const keyed = [...map.values()].map((r) => ({
    r,
    k: [nk(r.subject), String(rank.get(r.standard) ?? order.length).padStart(4, "0"), r.standard, String(r.first).padStart(16, "0"), nk(r.key)].join("\u0000"),
  }));
  keyed.sort((a, b) => cmp(a.k, b.k));
  return keyed.map((x) => x.r);
}

function layoutRow(decisions: Decision[], x: (t: number) => number, tEnd: number, levels: readonly string[] | undefined) {
  const bars: TimelineBar[] = [];
  const marks: TimelineMark[] = [];
  const cycles = new Map<string, Decision[]>();
  const classified: Decision[] = [];
  for (const d of decisions) {
    if (d.status === "violation") marks.push({ x: x(Date.parse(d.at)), kind: "violation", decision: d });
    else if (d.status === "classified") classified.push(d);
    else if (d.startedAt !== undefined) {
      const list = cycles.get(d.startedAt) ?? [];
      list.push(d);
      cycles.set(d.startedAt, list);
    } else if (d.status === "warning") marks.push({ x: x(Date.parse(d.at)), kind: "warning", decision: d });
  }
  for (const [startedAt, list] of cycles) {
    const bar = layoutCycle(Date.parse(startedAt), list, x, tEnd);
    if (bar) bars.push(bar);
    for (const d of list) if (d.status === "warning") marks.push({ x: x(Date.parse(d.at)), kind: "warning", decision: d });
    const breach = list.find((d) => d.status === "breached");
    if (breach?.dueAt) marks.push({ x: x(Date.parse(breach.dueAt)), kind: "breach", decision: breach });
  }
  const steps = layoutSteps(classified, x, tEnd, levels);
  return { bars, marks, steps, maxRank: Math.max(0, ...steps.map((s) => s.rank)) };
}

/** One obligation: start → stop, or start → deadline plus the overrun. */
function layoutCycle(start: number, list: Decision[], x: (t: number) => number, tEnd: number): TimelineBar | null {
  const finals = list.filter((d) => d.status !== "warning").sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
  const last = finals[finals.length - 1];
  if (!last) return null;
  const dueIso = list.find((d) => d.dueAt !== undefined)?.dueAt;
  const due = dueIso === undefined ? null : Date.parse(dueIso);
  const end = Date.parse(last.at);
  const status = last.status as BarStatus;
  const bar: TimelineBar = { x0: x(start), x1: x(end), status, decisions: list, ...(due !== null ? { dueX: x(due) } : {}) };
  if (status === "breached" && due !== null) {
    bar.x1 = x(Math.min(due, end));
    // A breach fires at the deadline; a later stop of the same obligation reports the overrun.
    const late = end > due;
    bar.overrun = { x0: x(due), x1: x(late ? end : tEnd), unfinished: !late };
  }
  return bar;
}

function layoutSteps(classified: Decision[], x: (t: number) => number, tEnd: number, levels: readonly string[] | undefined): TimelineStep[] {
  const sorted = [...classified].sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
  const seen: string[] = [];
  const steps: TimelineStep[] = [];
  for (const d of sorted) {
    const level = d.level ?? "?";
    if (!seen.includes(level)) seen.push(level);
    const i = levels ? levels.indexOf(level) : -1;
    steps.push({ x: x(Date.parse(d.at)), width: 0, level, rank: i >= 0 ? i + 1 : seen.indexOf(level) + 1, decision: d });
  }
  steps.forEach((s, i) => (s.width = (i + 1 < steps.length ? steps[i + 1].x : x(tEnd)) - s.x));
  return steps;
}

function timeRange(decisions: readonly Decision[], events: readonly YardstickEvent[]): [number, number] {
  let lo = Infinity;
  let hi = -Infinity;
  const see = (iso: string | undefined) => {
    if (iso === undefined) return;
    const t = Date.parse(iso);
    if (Number.isNaN(t)) return;
    if (t < lo) lo = t;
    if (t > hi) hi = t;
  };
  for (const d of decisions) {
    see(d.startedAt);
    see(d.dueAt);
    see(d.at);
  }
  for (const t of eventTimes(events)) {
    if (t < lo) lo = t;
    if (t > hi) hi = t;
  }
  if (lo === Infinity) return [0, 60_000];
  const span = Math.max(hi - lo, 60_000);
  const pad = span * 0.04;
  return [lo - pad, lo + span + pad];
}

/** Round-number ticks in the given time zone, at most `max` of them. */
export function makeTicks(t0: number, t1: number, x: (t: number) => number, max: number, timeZone: string): TimelineTick[] {
  const step = STEPS_MS.find((s) => (t1 - t0) / s <= max) ?? STEPS_MS[STEPS_MS.length - 1];
  const offset = zoneOffsetMs(t0, timeZone);
  const fmt = new Intl.DateTimeFormat("en-GB", {
    timeZone,
    hour: "2-digit",
    minute: "2-digit",
    hourCycle: "h23",
    ...(step < 60_000 ? { second: "2-digit" } : {}),
    ...(step >= 86_400_000 || t1 - t0 > 86_400_000 ? { month: "2-digit", day: "2-digit" } : {}),
  });
  const ticks: TimelineTick[] = [];
  // Align to local round numbers: steps of a day start at local midnight.
  for (let t = Math.ceil((t0 + offset) / step) * step - offset; t <= t1; t += step) {
    ticks.push({ x: x(t), label: fmt.format(t) });
  }
  return ticks;
}

/** Offset of a zone from UTC at an instant, in ms (positive east of Greenwich). */
export function zoneOffsetMs(t: number, timeZone: string): number {
  const parts = new Intl.DateTimeFormat("en-US", {
    timeZone,
    hourCycle: "h23",
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
    second: "2-digit",
  }).formatToParts(t);
  const n = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  const local = Date.UTC(n("year"), n("month") - 1, n("day"), n("hour"), n("minute"), n("second"));
  return local - Math.floor(t / 1000) * 1000;
}

/** Event times as whole pixels, one tick per pixel however many events share it. */
function eventTicks(events: readonly YardstickEvent[], x: (t: number) => number): number[] {
  const seen = new Set<number>();
  for (const t of eventTimes(events)) seen.add(Math.round(x(t)));
  return [...seen].sort((a, b) => a - b);
}

const timesCache = new WeakMap<readonly YardstickEvent[], number[]>();

/** Parsed event times (valid ones), cached per events array: the simulator re-lays out the same events after every policy edit. */
function eventTimes(events: readonly YardstickEvent[]): number[] {
  let times = timesCache.get(events);
  if (!times) {
    times = events.map((e) => Date.parse(e.time)).filter((t) => !Number.isNaN(t));
    timesCache.set(events, times);
  }
  return times;
}

/** A string that sorts naturally as plain text: digit runs are zero-padded (visit-2 < visit-10). */
export function naturalKey(s: string): string {
  return s.replace(/\d+/g, (d) => d.padStart(12, "0"));
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
