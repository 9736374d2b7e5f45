/**
 * Structural diff: what changed between two policy documents, in plain words for
 * auditors ("R6 Main course: within 10 min → 12 min", "R3 removed", "R10 added").
 * Standards are matched by id. The fields a kind lists as diff fields (../kinds/) are
 * described field by field; every other field is compared value by value, so a kind
 * added later is diffed without changes here.
 */
import { own } from "../own.js";
import type { LocalizedText, PolicyDoc } from "../types.js";
import { localize } from "../text.js";
import { escapePointer as escape } from "../vocabulary/pointer.js";
import { renderText, renderValue } from "./render.js";
import { kindRegistry } from "../kinds/registry.js";

export interface PolicyChange {
  kind: "added" | "removed" | "changed";
  /** Standard id, when the change is inside a standard. */
  standard?: string;
  /** JSON pointer in the new document (old for removals). */
  path: string;
  /** Plain words: "R6 main course: within 10 min → 12 min". */
  message: string;
  before?: unknown;
  after?: unknown;
}

type Obj = Record<string, unknown>;
type Render = (v: unknown) => string;

const COMMON_FIELDS = new Set(["id", "kind", "title", "description", "severity"]);

/**
 * Lists what changed between two policy documents: policy fields, event vocabulary,
 * calendars, then standards in document order (a removed standard where it was).
 * @example diffPolicies(v1, v2).map((c) => c.message) // ["R6 Main course: within 10 min → 12 min", "R3 removed"]
 */
export function diffPolicies(before: PolicyDoc, after: PolicyDoc): PolicyChange[] {
  return [...diffPolicyFields(before, after), ...diffEvents(before, after), ...diffCalendars(before, after), ...diffStandards(before, after)];
}

function diffPolicyFields(b: PolicyDoc, a: PolicyDoc): PolicyChange[] {
  const out: PolicyChange[] = [];
  if (b.id !== a.id) out.push({ kind: "changed", path: "/id", message: `policy id ${b.id} → ${a.id}`, before: b.id, after: a.id });
  out.push(...diffText("policy title", b.title, a.title, "/title"));
  out.push(...diffText("policy description", b.description, a.description, "/description"));
  const tz = (d: PolicyDoc) => d.timezone ?? "UTC";
  if (tz(b) !== tz(a)) out.push({ kind: "changed", path: "/timezone", message: `policy time zone ${tz(b)} → ${tz(a)}`, before: b.timezone, after: a.timezone });
  return out;
}

function diffEvents(b: PolicyDoc, a: PolicyDoc): PolicyChange[] {
  const before = b.events ?? {};
  const after = a.events ?? {};
  const out: PolicyChange[] = [];
  for (const type of unionKeys(after, before)) {
    const path = `/events/${escape(type)}`;
    const x = own(before, type);
    const y = own(after, type);
    if (x === undefined) out.push({ kind: "added", path, message: `event type "${type}" added to the vocabulary`, after: y });
    else if (y === undefined) out.push({ kind: "removed", path, message: `event type "${type}" removed from the vocabulary`, before: x });
    else if (!deepEqual(x, y)) {
      out.push(...diffText(`event type "${type}": description`, x.description, y.description, `${path}/description`));
      const fields = (e: typeof x) => Object.keys(e.data ?? {}).join(", ") || "none";
      if (!deepEqual(x.data, y.data)) out.push({ kind: "changed", path: `${path}/data`, message: `event type "${type}": data ${fields(x)} → ${fields(y)}`, before: x.data, after: y.data });
      if (x.audience !== y.audience) out.push({ kind: "changed", path: `${path}/audience`, message: `event type "${type}": audience ${x.audience ?? "customer"} → ${y.audience ?? "customer"}`, before: x.audience, after: y.audience });
    }
  }
  return out;
}

function diffCalendars(b: PolicyDoc, a: PolicyDoc): PolicyChange[] {
  const before = (b.calendars ?? {}) as Obj;
  const after = (a.calendars ?? {}) as Obj;
  const out: PolicyChange[] = [];
  for (const name of unionKeys(after, before)) {
    const path = `/calendars/${escape(name)}`;
    if (!Object.hasOwn(before, name)) out.push({ kind: "added", path, message: `calendar "${name}" added`, after: after[name] });
    else if (!Object.hasOwn(after, name)) out.push({ kind: "removed", path, message: `calendar "${name}" removed`, before: before[name] });
    else out.push(...diffValues(`calendar "${name}"`, undefined, before[name], after[name], path, path, ""));
  }
  return out;
}

function diffStandards(b: PolicyDoc, a: PolicyDoc): PolicyChange[] {
  const olds = b.standards as unknown as Obj[];
  const news = a.standards as unknown as Obj[];
  const firstOld = firstIndexById(olds);
  const firstNew = firstIndexById(news);
  // Called with indexes below `i`, an index of `olds` found by id: in range.
  const matchedOld = (i: number) => firstOld.get(String(olds[i]!.id)) === i && firstNew.has(String(olds[i]!.id));
  const removed = (i: number): PolicyChange => ({ kind: "removed", standard: String(olds[i]!.id), path: `/standards/${i}`, message: `${String(olds[i]!.id)} removed`, before: olds[i]! });
  const out: PolicyChange[] = [];
  let next = 0; // the first old standard not yet accounted for
  news.forEach((s, j) => {
    const id = String(s.id);
    const i = firstNew.get(id) === j ? firstOld.get(id) : undefined;
    if (i === undefined) {
      out.push({ kind: "added", standard: id, path: `/standards/${j}`, message: `${id} added`, after: s });
      return;
    }
    for (; next < i; next++) if (!matchedOld(next)) out.push(removed(next));
    next = Math.max(next, i + 1);
    out.push(...diffStandard(olds[i]!, s, i, j));
  });
  for (; next < olds.length; next++) if (!matchedOld(next)) out.push(removed(next));
  return out;
}

function diffStandard(b: Obj, a: Obj, i: number, j: number): PolicyChange[] {
  const id = String(a.id);
  const oldPtr = `/standards/${i}`;
  const newPtr = `/standards/${j}`;
  const label = `${id} ${localize(a.title as LocalizedText)}`;
  const out: PolicyChange[] = [];
  const field = (f: string, name: string, render: Render) => {
    const x = own(b, f);
    const y = own(a, f);
    if (deepEqual(x, y)) return;
    const base = { standard: id, before: x, after: y };
    if (x === undefined) out.push({ ...base, kind: "added", path: `${newPtr}/${f}`, message: `${label}: ${name} ${render(y)} added` });
    else if (y === undefined) out.push({ ...base, kind: "removed", path: `${oldPtr}/${f}`, message: `${label}: ${name} ${render(x)} removed` });
    else out.push({ ...base, kind: "changed", path: `${newPtr}/${f}`, message: `${label}: ${name} ${render(x)} → ${render(y)}` });
  };
  for (const c of diffText(`${id}: title`, b.title as LocalizedText, a.title as LocalizedText, `${newPtr}/title`)) out.push({ ...c, standard: id });
  field("kind", "kind", renderValue);
  for (const c of diffText(`${label}: description`, b.description as LocalizedText, a.description as LocalizedText, `${newPtr}/description`)) out.push({ ...c, standard: id });
  field("severity", "severity", renderValue);
  // Described field by field only when both sides are of the same kind.
  const diffFields = a.kind === b.kind && typeof a.kind === "string" ? (kindRegistry.get(a.kind)?.diffFields ?? []) : [];
  for (const d of diffFields) field(d.field, d.name, (v) => d.render(v));
  const known = new Set([...COMMON_FIELDS, ...diffFields.map((d) => d.field)]);
  for (const f of unionKeys(a, b)) {
    if (known.has(f)) continue;
    out.push(...diffValues(label, id, own(b, f), own(a, f), `${oldPtr}/${escape(f)}`, `${newPtr}/${escape(f)}`, f));
  }
  return out;
}

/** Value-by-value diff of fields the diff does not know; `name` is a readable path ("maxWait.vip"). */
function diffValues(label: string, standard: string | undefined, x: unknown, y: unknown, oldPath: string, newPath: string, name: string): PolicyChange[] {
  if (deepEqual(x, y)) return [];
  const base = standard === undefined ? {} : { standard };
  const what = name === "" ? "" : `${name} `;
  if (x === undefined) return [{ ...base, kind: "added", path: newPath, message: `${label}: ${what}${renderValue(y)} added`, after: y }];
  if (y === undefined) return [{ ...base, kind: "removed", path: oldPath, message: `${label}: ${what}${renderValue(x)} removed`, before: x }];
  if (Array.isArray(x) && Array.isArray(y)) {
    const n = Math.max(x.length, y.length);
    return Array.from({ length: n }, (_, k) => diffValues(label, standard, x[k], y[k], `${oldPath}/${k}`, `${newPath}/${k}`, `${name}[${k}]`)).flat();
  }
  if (isPlainObject(x) && isPlainObject(y) && !isCondition(x) && !isCondition(y)) {
    return unionKeys(y, x).flatMap((k) => diffValues(label, standard, own(x, k), own(y, k), `${oldPath}/${escape(k)}`, `${newPath}/${escape(k)}`, name === "" ? k : `${name}.${k}`));
  }
  return [{ ...base, kind: "changed", path: newPath, message: `${label}: ${what}${renderValue(x)} → ${renderValue(y)}`, before: x, after: y }];
}

/** Text changes; localized text is compared language by language. */
function diffText(label: string, x: LocalizedText | undefined, y: LocalizedText | undefined, path: string): PolicyChange[] {
  if (deepEqual(x, y)) return [];
  if (x === undefined) return [{ kind: "added", path, message: `${label} ${renderText(y)} added`, after: y }];
  if (y === undefined) return [{ kind: "removed", path, message: `${label} ${renderText(x)} removed`, before: x }];
  if (typeof x === "string" || typeof y === "string") return [{ kind: "changed", path, message: `${label} ${renderText(x)} → ${renderText(y)}`, before: x, after: y }];
  return unionKeys(y, x).flatMap((lang): PolicyChange[] => {
    const [p, q] = [own(x, lang), own(y, lang)];
    if (p === q) return [];
    const at = `${path}/${escape(lang)}`;
    if (p === undefined) return [{ kind: "added", path: at, message: `${label} [${lang}] ${renderText(q)} added`, after: q }];
    if (q === undefined) return [{ kind: "removed", path: at, message: `${label} [${lang}] ${renderText(p)} removed`, before: p }];
    return [{ kind: "changed", path: at, message: `${label} [${lang}] ${renderText(p)} → ${renderText(q)}`, before: p, after: q }];
  });
}

function firstIndexById(list: Obj[]): Map<string, number> {
  const m = new Map<string, number>();
  list.forEach((s, i) => {
    if (!m.has(String(s.id))) m.set(String(s.id), i);
  });
  return m;
}

/** Keys of `first` in order, then keys only in `second`. */
function unionKeys(first: object, second: object): string[] {
  return [...new Set([...Object.keys(first), ...Object.keys(second)])];
}

function isPlainObject(v: unknown): v is Obj {
  return v !== null && typeof v === "object" && !Array.isArray(v);
}

function isCondition(v: Obj): boolean {
  return "fact" in v || "all" in v || "any" in v || "not" in v;
}

/** Structural equality of JSON values (key order ignored). */
export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== "object" || typeof b !== "object" || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  return ka.length === kb.length && ka.every((k) => Object.prototype.hasOwnProperty.call(b, k) && deepEqual((a as Obj)[k], (b as Obj)[k]));
}
