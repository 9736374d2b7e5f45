/**
 * What every lint rule sees: the document, its standards with their JSON pointers, the
 * declared event vocabulary, and the caller's options. Rules are pure functions of it.
 *
 * Lint runs on schema-valid documents of every kind. `timing` standards are read field
 * by field; other kinds (`queue`, `escalation`, kinds yet to come) are read by shape,
 * so that a field added to them later does not break the linter.
 */
import type { Decision, Diagnostic, MatcherDoc, PolicyDoc, TimingStandardDoc, YardstickEvent } from "../types.js";
import { escapePointer } from "../compile/compile-policy.js";
import { parseDuration } from "../compile/duration.js";

/** Options of `lintPolicy`. */
export interface LintOptions {
  /** Decisions recorded for this policy (runtime or replay); enables the achievability rule. */
  decisions?: readonly Decision[];
  /** Recorded events: replayed through the policy when `decisions` is not given. */
  events?: readonly YardstickEvent[];
  /** Share of breached cases above which a standard is probably unachievable. Default 0.5. */
  breachThreshold?: number;
  /** Fewest decided cases (met + breached) before the achievability rule judges. Default 1. */
  minCases?: number;
}

/** One standard of the document with where it sits. */
export interface StandardAt {
  pointer: string;
  id: string;
  kind: string;
  doc: Record<string, unknown>;
}

export interface LintContext {
  doc: PolicyDoc;
  standards: StandardAt[];
  /** Declared event types, or null when the policy declares no vocabulary (any type goes). */
  vocabulary: ReadonlySet<string> | null;
  /** Declared event types with `"audience": "internal"` (staff- or system-side); undeclared types count as customer-facing. */
  internalEvents: ReadonlySet<string>;
  /** Recorded decisions (from options, or from replaying options.events), or null. */
  decisions: readonly Decision[] | null;
  breachThreshold: number;
  minCases: number;
}

/** One lint: its code (API, never renamed) and a check over the whole document. */
export interface LintRule {
  code: string;
  check(ctx: LintContext): Diagnostic[];
}

/** An event type a standard refers to, where, and in which role. */
export interface EventReference {
  event: string;
  path: string;
  /** "stop" for events that end an obligation successfully; "other" otherwise. */
  role: "stop" | "other";
}

const EVENT_TYPE = /^[a-z][a-z0-9-]*(\.[a-z][a-z0-9-]*)+$/;
/** Local clock time, e.g. a closing time "17:30". */
const CLOCK_TIME = /^([01]\d|2[0-3]):[0-5]\d$/;

/** Fields every standard has that say nothing about what it measures. */
const DESCRIPTIVE_FIELDS = new Set(["id", "kind", "title", "description", "severity"]);

/** True for a fixed-length ISO 8601 duration ("PT20M") or a local clock time ("17:30"). */
export function isTimeValue(value: unknown): boolean {
  return typeof value === "string" && (parseDuration(value) !== null || CLOCK_TIME.test(value));
}

/** Builds the context for `doc`; `decisions` come from the caller (see lint-policy.ts). */
export function makeContext(doc: PolicyDoc, decisions: readonly Decision[] | null, options: LintOptions): LintContext {
  const standards: StandardAt[] = (Array.isArray(doc.standards) ? doc.standards : []).map((s, index) => {
    const raw = (s ?? {}) as Record<string, unknown>;
    return {
      pointer: `/standards/${index}`,
      id: typeof raw.id === "string" ? raw.id : `#${index}`,
      kind: typeof raw.kind === "string" ? raw.kind : "",
      doc: raw,
    };
  });
  const declarations = doc.events && typeof doc.events === "object" ? Object.entries(doc.events) : [];
  return {
    doc,
    standards,
    vocabulary: declarations.length > 0 ? new Set(declarations.map(([type]) => type)) : null,
    internalEvents: new Set(declarations.filter(([, d]) => d?.audience === "internal").map(([type]) => type)),
    decisions,
    breachThreshold: options.breachThreshold ?? 0.5,
    minCases: options.minCases ?? 1,
  };
}

/** Every event type a standard refers to, with the JSON pointer of the reference. */
export function eventReferences(s: StandardAt): EventReference[] {
  if (s.kind === "timing") return timingReferences(s.doc as unknown as TimingStandardDoc, s.pointer);
  const out: EventReference[] = [];
  walkForEvents(s.doc, s.pointer, null, out);
  return out;
}

/**
 * The event types of one matcher field (a matcher or a list of them) at pointer `at`,
 * each with the JSON pointer of its type.
 * @example matcherEvents(["guest.seated", { event: "drink.served" }], "/standards/3/start")
 * // [{ event: "guest.seated", path: "/standards/3/start/0" }, { event: "drink.served", path: "/standards/3/start/1/event" }]
 */
export function matcherEvents(m: MatcherDoc | MatcherDoc[] | undefined, at: string): Array<{ event: string; path: string }> {
  if (m === undefined) return [];
  const list = Array.isArray(m) ? m : [m];
  return list.flatMap((one, i) => {
    const path = Array.isArray(m) ? `${at}/${i}` : at;
    if (typeof one === "string") return [{ event: one, path }];
    return one && typeof one.event === "string" ? [{ event: one.event, path: `${path}/event` }] : [];
  });
}

function timingReferences(doc: TimingStandardDoc, pointer: string): EventReference[] {
  const out: EventReference[] = [];
  const add = (m: MatcherDoc | MatcherDoc[] | undefined, field: string, role: EventReference["role"]) => {
    for (const r of matcherEvents(m, `${pointer}/${field}`)) out.push({ ...r, role });
  };
  add(doc.start, "start", "other");
  add(doc.stop, "stop", "stop");
  add(doc.requires, "requires", "other");
  add(doc.cancel, "cancel", "other");
  if (doc.suspend) {
    add(doc.suspend.from, "suspend/from", "other");
    add(doc.suspend.until, "suspend/until", "other");
  }
  return out;
}

/** Keys whose string values are data paths or names, never event types. */
function isDataPathKey(key: string): boolean {
  return ["key", "path", "due", "within", "fact", "operator", "owner", "calendar", "timezone"].includes(key) || /(Key|Path|Field)$/.test(key);
}

function isCondition(value: Record<string, unknown>): boolean {
  return "fact" in value || "all" in value || "any" in value || "not" in value;
}

/**
 * Shape-based search for event types in kinds the linter does not know field by field:
 * a string that looks like "ticket.called", outside conditions and data-path fields.
 * `key` is the property that holds the value (array elements inherit it).
 */
function walkForEvents(value: unknown, pointer: string, key: string | null, out: EventReference[]): void {
  if (typeof value === "string") {
    if (key !== null && !isDataPathKey(key) && EVENT_TYPE.test(value)) out.push({ event: value, path: pointer, role: key === "stop" ? "stop" : "other" });
    return;
  }
  if (Array.isArray(value)) {
    value.forEach((v, i) => walkForEvents(v, `${pointer}/${i}`, key, out));
    return;
  }
  if (value === null || typeof value !== "object") return;
  const obj = value as Record<string, unknown>;
  if (key !== null && isCondition(obj)) return;
  for (const [k, v] of Object.entries(obj)) {
    if (k === "when" || (key === null && DESCRIPTIVE_FIELDS.has(k))) continue;
    walkForEvents(v, `${pointer}/${escapePointer(k)}`, k, out);
  }
}

/** Visits every leaf value of a standard outside its descriptive fields, with the key holding it. */
export function forEachLeaf(s: StandardAt, visit: (value: unknown, key: string) => void): void {
  const walk = (value: unknown, key: string): void => {
    if (Array.isArray(value)) value.forEach((v) => walk(v, key));
    else if (value !== null && typeof value === "object") for (const [k, v] of Object.entries(value)) walk(v, k);
    else visit(value, key);
  };
  for (const [k, v] of Object.entries(s.doc)) if (!DESCRIPTIVE_FIELDS.has(k)) walk(v, k);
}

/** Text fields of a standard (title, description), one entry per language when localized. */
export function textFields(s: StandardAt): Array<{ text: string; path: string }> {
  const out: Array<{ text: string; path: string }> = [];
  for (const field of ["title", "description"]) {
    const v = s.doc[field];
    if (typeof v === "string") out.push({ text: v, path: `${s.pointer}/${field}` });
    else if (v && typeof v === "object" && !Array.isArray(v)) {
      for (const [lang, text] of Object.entries(v)) if (typeof text === "string") out.push({ text, path: `${s.pointer}/${field}/${escapePointer(lang)}` });
    }
  }
  return out;
}
