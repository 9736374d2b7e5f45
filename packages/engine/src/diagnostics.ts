/**
 * From JSON text to located diagnostics: parse errors, schema, compile and lint
 * problems, each with 1-based line and column (jsonc-parser), for the CLI and editor.
 */
import { findNodeAtLocation, parseTree, printParseErrorCode, type Node, type ParseError } from "jsonc-parser";
import type { Diagnostic, PolicyDoc, Result } from "./types.js";
import type { CompiledPolicy } from "./evaluate/model.js";
import { compilePolicy } from "./compile/compile-policy.js";
import { lintPolicy } from "./lint/lint-policy.js";
import { sortDiagnostics } from "./diagnostics-sort.js";

export interface LocatedDiagnostic extends Diagnostic {
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
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

/** Splits a JSON pointer into property names and array indexes. */
export function pointerSegments(pointer: string): Array<string | number> {
  if (pointer === "") return [];
  return pointer
    .slice(1)
    .split("/")
    .map((s) => s.replace(/~1/g, "/").replace(/~0/g, "~"))
    .map((s) => (/^(0|[1-9]\d*)$/.test(s) ? Number(s) : s));
}

/** Adds line/column ranges to diagnostics by finding each pointer in the text. */
export function locateDiagnostics(text: string, diagnostics: Diagnostic[]): LocatedDiagnostic[] {
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
 * Everything an editor or `yardstick check` needs from policy text: parse, schema,
 * compile and lint diagnostics, located. Never throws.
 */
export function checkPolicyText(text: string): CheckResult {
  const parsed = parseJsonText(text);
  if (!parsed.ok) {
    const starts = lineStarts(text);
    return {
      ok: false,
      diagnostics: parsed.diagnostics.map((d, i) => {
        const e = parsed.errors![i];
        const a = position(starts, e.offset);
        const b = position(starts, e.offset + e.length);
        return { ...d, line: a.line, column: a.column, endLine: b.line, endColumn: b.column };
      }),
    };
  }
  const compiled = compilePolicy(parsed.value);
  if (!compiled.ok) return { ok: false, diagnostics: locateDiagnostics(text, compiled.diagnostics) };
  const all = sortDiagnostics([...compiled.diagnostics, ...lintPolicy(parsed.value as PolicyDoc)]);
  const located = locateDiagnostics(text, all);
  if (all.some((d) => d.severity === "error")) return { ok: false, diagnostics: located };
  return { ok: true, policy: compiled.value, doc: parsed.value as PolicyDoc, diagnostics: located };
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
    if (starts[mid] <= offset) lo = mid;
    else hi = mid - 1;
  }
  return { line: lo + 1, column: offset - starts[lo] + 1 };
}
