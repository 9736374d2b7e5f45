/**
 * What every lint rule sees: the document, its standards with their JSON pointers, the
 * declared event vocabulary, and the caller's options. Rules are pure functions of it.
 *
 * Lint runs on schema-valid documents of every kind. Event references come from each
 * kind's matcher fields (../kinds/): the linter knows no kind by name.
 */
import type { Decision, Diagnostic, MatcherDoc, PolicyDoc, YardstickEvent } from "../types.js";
import { kindRegistry } from "../kinds/registry.js";
import { fieldValue, type ReferenceRole } from "../kinds/kind.js";
import { escapePointer } from "../vocabulary/pointer.js";
import { parseDuration } from "../vocabulary/duration.js";

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
  /** "start" opens an obligation, "stop" ends one successfully, "other" is any other use. */
  role: ReferenceRole;
}

/** Local clock time, e.g. a closing time "17:30". */
const CLOCK_TIME = /^([01]\d|2[0-3]):[0-5]\d$/;

/** Fields every standard has that say nothing about what it measures. */
const DESCRIPTIVE_FIELDS = new Set(["id", "kind", "title", "description", "severity"]);

/** True for a fixed-length ISO 8601 duration ("PT20M") or a local clock time ("17:30"). */
export function isTimeValue(value: unknown): boolean {
  return typeof value === "string" && (parseDuration(value) !== null || CLOCK_TIME.test(value));
}

/**
 * True for a rule that is concrete without a number: first come, first served (`fifo`)
 * is an order, and a closing time (`closing`, a clock time or a calendar's) is a time
 * bound. Neither no-numeric-target nor no-time-bound fires on them (issue 11).
 */
export function isOrderOrClosingRule(s: StandardAt): boolean {
  return s.kind === "queue" && (s.doc.fifo === true || s.doc.closing !== undefined);
}

/** A rule judges one event when it happens, against its condition: that is its time bound and its measure (SMART T and M). */
export function isEventRule(s: StandardAt): boolean {
  return s.kind === "rule";
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

/** Every event type a standard refers to, with the JSON pointer of the reference and its role (from its kind's matcher fields). */
export function eventReferences(s: StandardAt): EventReference[] {
  const kind = kindRegistry.get(s.kind);
  if (!kind) return []; // an unknown kind fails the schema: lint sees only schema-valid documents
  return kind.matcherFields.flatMap(({ field, role }) => matcherEvents(fieldValue(s.doc, field) as MatcherDoc | MatcherDoc[] | undefined, `${s.pointer}/${field}`).map((r) => ({ ...r, role })));
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
