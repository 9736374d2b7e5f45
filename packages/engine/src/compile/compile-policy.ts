/**
 * Document → frozen CompiledPolicy, or every diagnostic found (never a throw).
 *
 * Codes declared here (API, never renamed):
 * - `compile_document_too_large`  the document exceeds MAX_DOCUMENT_BYTES
 * - `compile_document_too_deep`   nesting deeper than MAX_DEPTH
 * - `compile_unknown_timezone`    `timezone` is not an IANA zone this runtime knows
 * - `compile_duplicate_id`        two standards share an id (decisions would be ambiguous);
 *                                 fix: rename it to the next free id ("R1" → "R1-2")
 * - `compile_unknown_event`       an event type outside the declared `events` vocabulary;
 *                                 " (did you mean …?)" and a fix when a declared type is close
 * - `compile_unknown_kind`        a standard kind without a compiler
 * - `compile_duration_invalid`    a duration that is malformed or uses years/months
 * - `compile_path_invalid`        a data path that is not a plain member/index path
 * (`compile_limit_exceeded`, a value beyond a bound of ../limits.ts: ./check-limits.ts)
 * (conditions/ and the kind compilers declare their own codes)
 */
import type { Diagnostic, DiagnosticFix, MatcherDoc, PolicyDoc, Result } from "../types.js";
import type { CompiledMatcher, CompiledPolicy, CompiledStandard, KindHandler } from "../evaluate/model.js";
import { validatePolicyDocument } from "../schema/validate.js";
import { compileCondition } from "../conditions/compile-condition.js";
import { sortDiagnostics } from "../diagnostics-sort.js";
import { compileCalendar, type CompiledCalendar } from "../calendar/calendar.js";
import type { CompileContext } from "./context.js";
import { kindRegistry, type KindRegistry } from "../kinds/registry.js";
import { parseDuration } from "../vocabulary/duration.js";
import { closestName } from "../vocabulary/edit-distance.js";
import { escapePointer } from "../vocabulary/pointer.js";
import { parseDataPath } from "./data-path.js";
import { isTimeZone } from "../calendar/zone.js";
import { dict, put } from "../own.js";
import { checkLimits } from "./check-limits.js";
import { dataTypesOf, declaredFieldTypes } from "./field-types.js";

/** Largest accepted policy document (serialized), 1 MiB. */
export const MAX_DOCUMENT_BYTES = 1 << 20;
/** Deepest accepted nesting of objects and arrays. */
export const MAX_DEPTH = 40;

export interface CompileOptions {
  /** Version to stamp on decisions (the runtime's published version); default: the document's, else 0. */
  version?: number;
  /** The kinds of standard the document may use (tests build registries with toy kinds). Default: the engine's. */
  kinds?: KindRegistry;
}

/**
 * Validates and compiles a policy document.
 * @example
 * const r = compilePolicy(JSON.parse(text));
 * if (r.ok) replayEvents(r.value, events);
 */
export function compilePolicy(doc: unknown, options: CompileOptions = {}): Result<CompiledPolicy> {
  const shape = checkShape(doc);
  if (shape.length) return { ok: false, diagnostics: shape };
  const schema = validatePolicyDocument(doc);
  if (schema.length) return { ok: false, diagnostics: schema };
  const limits = checkLimits(doc);
  if (limits.length) return { ok: false, diagnostics: sortDiagnostics(limits) };
  return compileValidPolicy(doc as PolicyDoc, options);
}

/**
 * The compile stage alone, for a document that already passed {@link checkShape} and
 * the schema (the check pipeline runs those as stages of their own; tests call it
 * directly for kinds the published schema does not list).
 */
export function compileValidPolicy(policy: PolicyDoc, options: CompileOptions = {}): Result<CompiledPolicy> {
  const kinds = options.kinds ?? kindRegistry;
  const diagnostics: Diagnostic[] = [];
  const timezone = policy.timezone ?? "UTC";
  if (!isTimeZone(timezone)) {
    diagnostics.push({ code: "compile_unknown_timezone", severity: "error", message: `unknown time zone "${timezone}"`, path: "/timezone" });
  }
  // Null-prototype: calendar names are user text ("constructor" must not find Object's).
  const calendars = dict<CompiledCalendar>();
  for (const [name, cal] of Object.entries(policy.calendars ?? {})) {
    const r = compileCalendar(cal, `/calendars/${escapePointer(name)}`, timezone);
    diagnostics.push(...r.diagnostics);
    if (r.calendar) put(calendars, name, r.calendar);
  }
  const vocabulary = new Set(Object.keys(policy.events ?? {}));
  const ctx = makeContext(vocabulary, calendars, timezone, declaredFieldTypes(policy));
  const standards: CompiledStandard[] = [];
  const handlers = new Map<string, KindHandler>();
  const seen = new Map<string, number>();
  policy.standards.forEach((s, i) => {
    const pointer = `/standards/${i}`;
    if (seen.has(s.id)) {
      diagnostics.push({ code: "compile_duplicate_id", severity: "error", message: `standard id "${s.id}" is already used by /standards/${seen.get(s.id)}`, path: `${pointer}/id`, fix: renameFix(policy, s.id, `${pointer}/id`) });
      return;
    }
    seen.set(s.id, i);
    const kind = kinds.get(s.kind);
    if (!kind) {
      diagnostics.push({ code: "compile_unknown_kind", severity: "error", message: `standard kind "${s.kind}" is not supported yet`, path: `${pointer}/kind` });
      return;
    }
    const r = kind.compile(s, pointer, ctx);
    diagnostics.push(...r.diagnostics);
    if (r.standard) {
      standards.push(deepFreeze({ ...r.standard, scope: kind.handler.scope }));
      handlers.set(kind.name, kind.handler);
    }
  });
  const sorted = sortDiagnostics(diagnostics);
  if (sorted.some((d) => d.severity === "error")) return { ok: false, diagnostics: sorted };
  const compiled: CompiledPolicy = {
    id: policy.id,
    version: options.version ?? policy.version ?? 0,
    title: policy.title,
    timezone,
    standards: Object.freeze(standards),
    eventTypes: vocabulary,
    calendars: Object.freeze(calendars),
    handlers,
    doc: deepFreeze(structuredClone(policy)),
  };
  return { ok: true, value: Object.freeze(compiled), diagnostics: sorted };
}

function makeContext(vocabulary: Set<string>, calendars: Record<string, CompiledCalendar>, timezone: string, fieldTypes: ReturnType<typeof declaredFieldTypes>): CompileContext {
  const condition: CompileContext["condition"] = (doc, pointer, events) => {
    const dataTypes = events === undefined ? undefined : dataTypesOf(fieldTypes, events);
    const r = compileCondition(doc, pointer, dataTypes ? { dataTypes } : {});
    return r.ok ? { predicate: r.predicate, explain: r.explain, trace: r.trace, diagnostics: [] } : { predicate: null, explain: null, trace: null, diagnostics: r.diagnostics };
  };
  const matchers: CompileContext["matchers"] = (doc, pointer) => {
    if (doc === undefined) return { matchers: [], diagnostics: [] };
    const list: MatcherDoc[] = Array.isArray(doc) ? doc : [doc];
    const out: CompiledMatcher[] = [];
    const diagnostics: Diagnostic[] = [];
    list.forEach((m, i) => {
      const p = Array.isArray(doc) ? `${pointer}/${i}` : pointer;
      const event = typeof m === "string" ? m : m.event;
      if (vocabulary.size > 0 && !vocabulary.has(event)) diagnostics.push(unknownEvent(event, typeof m === "string" ? p : `${p}/event`, vocabulary));
      if (typeof m === "string" || m.when === undefined) {
        out.push({ event });
        return;
      }
      const c = condition(m.when, `${p}/when`, [event]);
      diagnostics.push(...c.diagnostics);
      if (c.predicate) out.push({ event, when: c.predicate, ...(c.explain ? { explain: c.explain } : {}), ...(c.trace ? { trace: c.trace } : {}) });
    });
    return { matchers: out, diagnostics };
  };
  const duration: CompileContext["duration"] = (text, pointer) => {
    const ms = typeof text === "string" ? parseDuration(text) : null;
    return ms === null
      ? { ms: null, diagnostics: [{ code: "compile_duration_invalid", severity: "error", message: `${JSON.stringify(text)} is not a duration in days, hours, minutes or seconds (e.g. "PT2M")`, path: pointer }] }
      : { ms, diagnostics: [] };
  };
  const dataPath: CompileContext["dataPath"] = (text, pointer) => {
    const path = typeof text === "string" ? parseDataPath(text) : null;
    return path === null
      ? { path: null, diagnostics: [{ code: "compile_path_invalid", severity: "error", message: `${JSON.stringify(text)} is not a plain data path (e.g. "item")`, path: pointer }] }
      : { path, diagnostics: [] };
  };
  return { matchers, condition, duration, dataPath, calendars, timezone };
}

/** Fix for a repeated id: the next free "<id>-<n>", counting from 2 ("R1" → "R1-2"). */
function renameFix(policy: PolicyDoc, id: string, path: string): DiagnosticFix {
  const ids = new Set(policy.standards.map((s) => s.id));
  const base = id.replace(/-\d+$/, "");
  let n = 2;
  while (ids.has(`${base}-${n}`)) n++;
  const next = `${base}-${n}`;
  return { title: `Rename to "${next}"`, edits: [{ path, value: next }] };
}

/** `compile_unknown_event` at `path`, with "did you mean" and its fix when a declared type is close. */
function unknownEvent(event: string, path: string, vocabulary: ReadonlySet<string>): Diagnostic {
  const meant = closestName(event, vocabulary);
  const d: Diagnostic = { code: "compile_unknown_event", severity: "error", message: `event type "${event}" is not declared in "events"`, path };
  if (meant === null) return d;
  return { ...d, message: `${d.message} (did you mean "${meant}"?)`, fix: { title: `Change to "${meant}"`, edits: [{ path, value: meant }] } };
}

/**
 * The shape stage: size and depth limits, checked before the schema so that a huge or
 * deeply nested document never reaches ajv. Codes `compile_document_too_large`,
 * `compile_document_too_deep`.
 */
export function checkShape(doc: unknown): Diagnostic[] {
  let size = 0;
  try {
    size = JSON.stringify(doc)?.length ?? 0;
  } catch {
    return [{ code: "compile_document_too_deep", severity: "error", message: "document cannot be serialized (cyclic or too deep)", path: "" }];
  }
  if (size > MAX_DOCUMENT_BYTES) {
    return [{ code: "compile_document_too_large", severity: "error", message: `document is ${size} bytes; the limit is ${MAX_DOCUMENT_BYTES}`, path: "" }];
  }
  const deep = findTooDeep(doc, "", 0);
  return deep === null ? [] : [{ code: "compile_document_too_deep", severity: "error", message: `nesting deeper than ${MAX_DEPTH} levels`, path: deep }];
}

function findTooDeep(value: unknown, pointer: string, depth: number): string | null {
  if (value === null || typeof value !== "object") return null;
  if (depth >= MAX_DEPTH) return pointer;
  for (const [k, v] of Object.entries(value)) {
    const r = findTooDeep(v, `${pointer}/${escapePointer(k)}`, depth + 1);
    if (r !== null) return r;
  }
  return null;
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === "object" && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) if (typeof v !== "function") deepFreeze(v);
  }
  return value;
}
