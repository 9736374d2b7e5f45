/**
 * The event matchers of a policy document (a matcher is `"event.type"` or
 * `{event, when}`), listed with their JSON pointers, and an event-type index over their
 * compiled conditions. The json-rules-engine adapter (../json-rules-engine/) builds its rules from
 * the same list, so the two can be compared matcher by matcher (bench/, tests).
 */
import type { Diagnostic } from "../types.js";
import type { Facts, Predicate } from "../evaluate/model.js";
import { sortDiagnostics } from "../diagnostics-sort.js";
import { compileCondition } from "./compile-condition.js";
import { kindRegistry } from "../kinds/registry.js";
import { fieldValue } from "../kinds/kind.js";

/** One matcher of a document: where it is, the event type, the condition if any. */
export interface MatcherRef {
  /** JSON pointer of the matcher, e.g. "/standards/1/start" or "/standards/3/suspend/from/0". */
  pointer: string;
  event: string;
  /** Pointer of `when`, present when the matcher has a condition. */
  when?: { pointer: string; condition: unknown };
}

/**
 * Lists every matcher of the document's standards in document order, field by field as
 * each kind lists its matcher fields (../kinds/). Shapes that are not matchers are
 * skipped (schema validation reports them).
 * @example listMatchers(doc).map((m) => m.pointer) // ["/standards/0/start", "/standards/0/stop", …]
 */
export function listMatchers(doc: unknown): MatcherRef[] {
  const out: MatcherRef[] = [];
  const standards = isRecord(doc) && Array.isArray(doc.standards) ? doc.standards : [];
  standards.forEach((s: unknown, i: number) => {
    const kind = isRecord(s) && typeof s.kind === "string" ? kindRegistry.get(s.kind) : undefined;
    if (!isRecord(s) || !kind) return;
    for (const { field } of kind.matcherFields) {
      const value = fieldValue(s, field);
      if (value === undefined) continue;
      const base = `/standards/${i}/${field}`;
      const list = Array.isArray(value) ? value : [value];
      list.forEach((m, j) => {
        const pointer = Array.isArray(value) ? `${base}/${j}` : base;
        if (typeof m === "string") out.push({ pointer, event: m });
        else if (isRecord(m) && typeof m.event === "string") {
          out.push(m.when === undefined ? { pointer, event: m.event } : { pointer, event: m.event, when: { pointer: `${pointer}/when`, condition: m.when } });
        }
      });
    }
  });
  return out;
}

/** Matchers grouped by event type, conditions compiled: one map lookup per event. */
export interface MatcherIndex {
  /** Number of matchers indexed. */
  readonly size: number;
  /** Pointers of the matchers that match, in document order. */
  match(facts: Facts): string[];
}

export type MatcherIndexResult = { ok: true; index: MatcherIndex } | { ok: false; diagnostics: Diagnostic[] };

/**
 * Compiles every matcher of a document into an index by event type.
 * @example const r = compileMatcherIndex(doc); if (r.ok) r.index.match(facts) // ["/standards/0/start"]
 */
export function compileMatcherIndex(doc: unknown): MatcherIndexResult {
  const refs = listMatchers(doc);
  const diagnostics: Diagnostic[] = [];
  const byType = new Map<string, { pointer: string; test: Predicate | null }[]>();
  for (const ref of refs) {
    let test: Predicate | null = null;
    if (ref.when) {
      const r = compileCondition(ref.when.condition, ref.when.pointer);
      if (!r.ok) {
        diagnostics.push(...r.diagnostics);
        continue;
      }
      test = r.predicate;
    }
    let list = byType.get(ref.event);
    if (!list) byType.set(ref.event, (list = []));
    list.push({ pointer: ref.pointer, test });
  }
  if (diagnostics.length > 0) return { ok: false, diagnostics: sortDiagnostics(diagnostics) };
  const index: MatcherIndex = {
    size: refs.length,
    match(facts) {
      const list = byType.get(facts.event.type);
      const out: string[] = [];
      if (list === undefined) return out;
      for (let i = 0; i < list.length; i++) {
        const m = list[i]!; // within the loop bound
        if (m.test === null || m.test(facts)) out.push(m.pointer);
      }
      return out;
    },
  };
  return { ok: true, index: Object.freeze(index) };
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === "object" && !Array.isArray(v);
}

