/**
 * Compiles a json-rules-engine condition into a synchronous predicate.
 * STUB: the conditions helper owns this file (full operator semantics + differential test).
 */
import type { Diagnostic } from "../types.js";
import type { Predicate } from "../evaluate/model.js";
import { parsePath, resolvePath } from "./path.js";

export type ConditionResult = { ok: true; predicate: Predicate } | { ok: false; diagnostics: Diagnostic[] };

/** Compiles `json` found at JSON pointer `pointer`; all problems are returned as diagnostics. */
export function compileCondition(json: unknown, pointer: string): ConditionResult {
  const diagnostics: Diagnostic[] = [];
  const build = (c: any, p: string): Predicate => {
    if (Array.isArray(c?.all)) {
      const parts = c.all.map((x: unknown, i: number) => build(x, `${p}/all/${i}`));
      return (f) => parts.every((q: Predicate) => q(f));
    }
    if (Array.isArray(c?.any)) {
      const parts = c.any.map((x: unknown, i: number) => build(x, `${p}/any/${i}`));
      return (f) => parts.some((q: Predicate) => q(f));
    }
    if (c?.not) {
      const inner = build(c.not, `${p}/not`);
      return (f) => !inner(f);
    }
    const segs = c.path === undefined ? [] : parsePath(c.path);
    if (segs === null) {
      diagnostics.push({ code: "compile_path_forbidden", severity: "error", message: `path ${JSON.stringify(c.path)} is not a plain member/index path`, path: `${p}/path` });
      return () => false;
    }
    const v = c.value;
    const get = (f: any) => resolvePath(f[c.fact], segs);
    switch (c.operator) {
      case "equal": return (f) => get(f) === v;
      case "notEqual": return (f) => get(f) !== v;
      case "lessThan": return (f) => { const x = get(f); return typeof x === "number" && x < (v as number); };
      case "lessThanInclusive": return (f) => { const x = get(f); return typeof x === "number" && x <= (v as number); };
      case "greaterThan": return (f) => { const x = get(f); return typeof x === "number" && x > (v as number); };
      case "greaterThanInclusive": return (f) => { const x = get(f); return typeof x === "number" && x >= (v as number); };
      case "in": return (f) => Array.isArray(v) && v.includes(get(f));
      case "notIn": return (f) => Array.isArray(v) && !v.includes(get(f));
      case "contains": return (f) => { const x = get(f); return Array.isArray(x) && x.includes(v); };
      case "doesNotContain": return (f) => { const x = get(f); return Array.isArray(x) && !x.includes(v); };
      default:
        diagnostics.push({ code: "compile_unknown_operator", severity: "error", message: `unknown operator ${JSON.stringify(c.operator)}`, path: `${p}/operator` });
        return () => false;
    }
  };
  const predicate = build(json, pointer);
  return diagnostics.length ? { ok: false, diagnostics } : { ok: true, predicate };
}
