/**
 * The check pipeline: from JSON text to located diagnostics, for the CLI (`yardstick
 * check`) and the editor. Named stages, in order:
 *
 *   parse → shape → schema → compile → lint
 *
 * - parse:   strict JSON (`parse_invalid_json`); nothing else runs without a document.
 * - shape:   size and depth limits; nothing else runs on a document that breaks them.
 * - schema:  the published JSON Schema; compile and lint need a schema-valid document.
 * - compile: the compiler's errors and warnings.
 * - lint:    the SMART lints, on every schema-valid document, also when compile fails,
 *            so a compile error never hides a hint. Where a compile error already sits
 *            at a path, lint findings at that same path are dropped: one problem, one
 *            diagnostic (e.g. an undeclared stop event is `compile_unknown_event`, not
 *            also `lint_unproduced_stop`).
 *
 * Every diagnostic says its stage and carries its line and column (jsonc-parser).
 */
import { findNodeAtLocation, parseTree, printParseErrorCode, type Node, type ParseError } from "jsonc-parser";
import type { Diagnostic, PolicyDoc, Result } from "../types.js";
import type { CompiledPolicy } from "../evaluate/model.js";
import { checkShape, compileValidPolicy } from "../compile/compile-policy.js";
import { validatePolicyDocument } from "../schema/validate.js";
import { lintPolicy } from "../lint/lint-policy.js";
import { sortDiagnostics } from "../diagnostics-sort.js";
import { pointerSegments } from "../vocabulary/pointer.js";

/** The stages of the check pipeline, in the order they run. */
export const CHECK_STAGES = ["parse", "shape", "schema", "compile", "lint"] as const;
export type CheckStage = (typeof CHECK_STAGES)[number];

/** 1-based line and column of the start and end of a diagnostic's target. */
export interface TextRange {
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
}

/** A diagnostic of the check pipeline: where it is in the text, and which stage found it. */
export interface LocatedDiagnostic extends Diagnostic, TextRange {
  stage: CheckStage;
}

export type CheckResult =
  | { ok: true; policy: CompiledPolicy; doc: PolicyDoc; diagnostics: LocatedDiagnostic[] }
  | { ok: false; diagnostics: LocatedDiagnostic[] };

/**
 * Parses JSON text strictly (no comments, no trailing commas).
 * Code `parse_invalid_json` (error): the text is not JSON; `path` is "" and the
 * located form carries the offset's line/column.
 */
export function parseJsonText(text: string): Result<unknown> & { errors?: Array<{ offset: number; length: number; message: string }> } {
  const errors: ParseError[] = [];
  const tree = parseTree(text, errors, { allowTrailingComma: false, disallowComments: true });
  if (errors.length > 0 || tree === undefined) {
    const list = errors.length ? errors : [{ error: 1, offset: 0, length: 0 }];
    return {
      ok: false,
      diagnostics: list.map((e) => ({ code: "parse_invalid_json", severity: "error" as const, message: `invalid JSON: ${errors.length ? printParseErrorCode(e.error) : "empty document"}`, path: "" })),
      errors: list.map((e) => ({ offset: e.offset, length: e.length, message: errors.length ? printParseErrorCode(e.error) : "empty document" })),
    };
  }
  return { ok: true, value: JSON.parse(text) as unknown, diagnostics: [] };
}

/** Adds line/column ranges to diagnostics (anything with a JSON-pointer `path`) by finding each pointer in the text. */
export function locateDiagnostics<const D extends { path: string }>(text: string, diagnostics: readonly D[]): Array<D & TextRange> {
  const tree = parseTree(text);
  const starts = lineStarts(text);
  return diagnostics.map((d) => {
    const node = tree ? nearestNode(tree, pointerSegments(d.path)) : undefined;
    // Point at a property's key when the node is a property value: that is what people read.
    const target = node?.parent?.type === "property" ? node.parent : node;
    const offset = target?.offset ?? 0;
    const end = offset + (target?.type === "property" ? (target.children?.[0]?.length ?? 0) : Math.min(target?.length ?? 0, 200));
    const a = position(starts, offset);
    const b = position(starts, end);
    return { ...d, line: a.line, column: a.column, endLine: b.line, endColumn: b.column };
  });
}

/**
 * Everything an editor or `yardstick check` needs from policy text: the diagnostics of
 * every stage that could run, located, sorted by path. Never throws.
 * @example checkPolicyText('{"id": 1}').diagnostics[0] // { code: "schema_invalid", stage: "schema", line: 1, column: 2, … }
 */
export function checkPolicyText(text: string): CheckResult {
  const parsed = parseJsonText(text);
  if (!parsed.ok) return { ok: false, diagnostics: locateParseErrors(text, parsed) };
  const doc = parsed.value;
  const shape = checkShape(doc);
  if (shape.length) return { ok: false, diagnostics: located(text, "shape", shape) };
  const schema = validatePolicyDocument(doc);
  if (schema.length) return { ok: false, diagnostics: located(text, "schema", schema) };
  const policyDoc = doc as PolicyDoc;
  const compiled = compileValidPolicy(policyDoc);
  const errorPaths = new Set(compiled.diagnostics.filter((d) => d.severity === "error").map((d) => d.path));
  const lint = lintPolicy(policyDoc).filter((d) => !errorPaths.has(d.path));
  const all = sortDiagnostics([...compiled.diagnostics.map((d) => staged(d, "compile")), ...lint.map((d) => staged(d, "lint"))]);
  const diagnostics = locateDiagnostics(text, all);
  if (!compiled.ok || all.some((d) => d.severity === "error")) return { ok: false, diagnostics };
  return { ok: true, policy: compiled.value, doc: policyDoc, diagnostics };
}

function staged(d: Diagnostic, stage: CheckStage): Diagnostic & { stage: CheckStage } {
  return { ...d, stage };
}

function located(text: string, stage: CheckStage, diagnostics: readonly Diagnostic[]): LocatedDiagnostic[] {
  return locateDiagnostics(text, diagnostics.map((d) => staged(d, stage)));
}

function locateParseErrors(text: string, parsed: ReturnType<typeof parseJsonText>): LocatedDiagnostic[] {
  const starts = lineStarts(text);
  return parsed.diagnostics.map((d, i) => {
    const e = parsed.errors![i]!; // one parse error per parse diagnostic, in order
    const a = position(starts, e.offset);
    const b = position(starts, e.offset + e.length);
    return { ...d, stage: "parse", line: a.line, column: a.column, endLine: b.line, endColumn: b.column };
  });
}

function nearestNode(root: Node, segments: Array<string | number>): Node | undefined {
  // A pointer to a missing property points at its parent.
  for (let n = segments.length; n >= 0; n--) {
    const node = findNodeAtLocation(root, segments.slice(0, n));
    if (node) return node;
  }
  return root;
}

function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) starts.push(i + 1);
  return starts;
}

function position(starts: number[], offset: number): { line: number; column: number } {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid]! <= offset) lo = mid; // 0 <= lo < mid <= hi < length
    else hi = mid - 1;
  }
  return { line: lo + 1, column: offset - starts[lo]! + 1 };
}
