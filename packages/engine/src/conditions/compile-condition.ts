/**
 * Compiles a json-rules-engine condition (`all`/`any`/`not`, `fact`, `operator`,
 * `value`, `path`) into a synchronous predicate: closures built once, no interpretation
 * of the JSON while evaluating, no eval. Semantics are json-rules-engine 7.3.1's exactly
 * (see ./operators.ts; an empty `all` and an empty `any` are both true; a path into a
 * fact that is not an object yields the fact itself), checked against the library by
 * test/conditions/differential.test.ts.
 *
 * Codes declared here (API, never renamed):
 * - `compile_condition_invalid`    not a condition: not an object, a missing `fact`/`operator`/`value`,
 *                                  several of `all`/`any`/`not`, an unknown key, a wrong type
 *                                  (`all`/`any` not an array, `name` not a string, …),
 *                                  or a condition reference (`{"condition": "name"}`)
 * - `compile_condition_too_deep`   `all`/`any`/`not` nested deeper than MAX_CONDITION_DEPTH
 * - `compile_unknown_fact`         `fact` other than "data", "event", "subject"
 * - `compile_unknown_operator`     an operator other than the supported ones (./operators.ts)
 * - `compile_path_unsupported`     a path that is not plain `$.member`, `[index]`, `["key"]`
 * - `compile_path_forbidden`       a path naming `__proto__`, `constructor` or `prototype`
 * - `compile_value_not_array`      `in`/`notIn` with a value that is not an array
 * - `compile_value_not_comparable` a numeric operator whose value is an object or array
 * - `compile_value_fact_reference` a value `{"fact": …}`, which json-rules-engine would read
 *                                  as another fact; not supported (say what to compare directly)
 * - `compile_value_invalid`        a value that does not fit one of our operators: `containsAny`
 *                                  without a list of non-empty words, `matches` without a string,
 *                                  `exists`/`notExists` with anything but `true`
 * - `compile_pattern_invalid`      a `matches` pattern RE2 refuses (syntax, backreference, lookaround)
 * - `compile_type_mismatch`        an operator or value that cannot fit the declared type of the
 *                                  data field it reads (./field-types.ts)
 * (`compile_limit_exceeded` for a pattern or word longer than its bound, ../limits.ts)
 */
import type { Diagnostic } from "../types.js";
import type { FactRead, Facts, Predicate } from "../evaluate/model.js";
import { sortDiagnostics } from "../diagnostics-sort.js";
import { checkPath, displayPath, type PathSegment } from "./path.js";
import { ARRAY_VALUE_OPERATORS, NUMERIC_OPERATORS, OPERATORS, isOperator, makeOperator, type OperatorName } from "./operators.js";
import { explainLeaf, explainNamed } from "./explain.js";
import { escapePointer } from "../vocabulary/pointer.js";
import { compilePattern, findAnyWord } from "./text-operators.js";
import { typeAt, typeProblem, type DataTypes } from "./field-types.js";
import { MAX_WORD_CHARS } from "../limits.js";
import { closestName } from "../vocabulary/edit-distance.js";

/** Deepest nesting of `all`/`any`/`not` (the outermost one is level 1). */
export const MAX_CONDITION_DEPTH = 16;

/** Facts a condition may read. */
export const FACT_NAMES: readonly string[] = ["data", "event", "subject"];

/** Human-readable reasons for the outcome of a condition on some facts. */
export type Explainer = (facts: Facts) => string[];

/** The values that decided a condition's outcome on some facts (the leaves its reasons name). */
export type Tracer = (facts: Facts) => FactRead[];

export type ConditionResult =
  | { ok: true; predicate: Predicate; explain: Explainer; trace: Tracer }
  | { ok: false; diagnostics: Diagnostic[] };

/** What a condition is compiled against. */
export interface ConditionOptions {
  /** Declared types of the data of the event(s) the condition reads; omitted: nothing is typed. */
  dataTypes?: DataTypes;
}

/** One compiled node: its test, the reasons for whatever outcome it has, and the values behind them. */
interface Node {
  test: Predicate;
  why: Explainer;
  trace: Tracer;
}

const hasOwn = (o: object, k: string): boolean => Object.prototype.hasOwnProperty.call(o, k);
const BOOLEAN_KEYS = ["all", "any", "not"] as const;
const BOOLEAN_EXTRA = new Set(["name", "priority"]);
const LEAF_KEYS = new Set(["fact", "operator", "value", "path", "params", "name", "priority"]);

/**
 * Compiles `json` found at JSON pointer `pointer`; all problems are returned as
 * diagnostics (sorted), never thrown.
 * @example
 * const r = compileCondition({ fact: "data", path: "$.partySize", operator: "greaterThan", value: 4 }, "/standards/0/start/when");
 * if (r.ok) r.predicate(facts); // and r.explain(facts) → ["data.partySize = 6 (greaterThan 4)"]
 */
export function compileCondition(json: unknown, pointer: string, options: ConditionOptions = {}): ConditionResult {
  const diagnostics: Diagnostic[] = [];
  const node = compileNode(json, pointer, 0, { out: diagnostics, types: options.dataTypes });
  if (diagnostics.length > 0 || node === null) return { ok: false, diagnostics: sortDiagnostics(diagnostics) };
  return { ok: true, predicate: node.test, explain: node.why, trace: node.trace };
}

/** Where a compilation collects its diagnostics, and the data types it checks against. */
interface Scope {
  out: Diagnostic[];
  types: DataTypes | undefined;
}

/**
 * Reasons for a condition's outcome on `facts`: the leaves that decided it, with the
 * values read, e.g. `data.partySize = 6 (greaterThan 4)`. An invalid condition has none
 * (compile it first to see why). Prefer `compileCondition(…).explain` on hot paths.
 */
export function explainCondition(json: unknown, facts: Facts): string[] {
  const r = compileCondition(json, "");
  return r.ok ? r.explain(facts) : [];
}

function compileNode(c: unknown, p: string, depth: number, scope: Scope): Node | null {
  const out = scope.out;
  if (c === null || typeof c !== "object" || Array.isArray(c)) {
    out.push(invalid(p, `a condition must be an object with "all", "any", "not" or "fact", got ${kindOf(c)}`));
    return null;
  }
  const obj = c as Record<string, unknown>;
  if (hasOwn(obj, "condition")) {
    out.push(invalid(`${p}/condition`, "condition references are not supported: write the condition out"));
    return null;
  }
  const bools = BOOLEAN_KEYS.filter((k) => hasOwn(obj, k));
  if (bools.length > 1) {
    out.push(invalid(p, `a condition has one of "all", "any", "not", not ${bools.map((b) => `"${b}"`).join(" and ")}`));
    return null;
  }
  const named = checkCommon(obj, p, out);
  if (bools.length === 0) return compileLeaf(obj, p, named, scope);
  if (depth + 1 > MAX_CONDITION_DEPTH) {
    out.push({ code: "compile_condition_too_deep", severity: "error", message: `conditions nest deeper than ${MAX_CONDITION_DEPTH} levels of "all"/"any"/"not"`, path: p });
    return null;
  }
  const op = bools[0]!; // bools.length is 1 here
  for (const k of Object.keys(obj)) {
    if (k !== op && !BOOLEAN_EXTRA.has(k)) out.push(invalid(`${p}/${escapePointer(k)}`, `"${k}" is not allowed beside "${op}"`));
  }
  if (op === "not") {
    const inner = compileNode(obj.not, `${p}/not`, depth + 1, scope);
    return inner && negate(inner, named);
  }
  const list = obj[op];
  if (!Array.isArray(list)) {
    out.push(invalid(`${p}/${op}`, `"${op}" must be an array of conditions, got ${kindOf(list)}`));
    return null;
  }
  const children: (Node | null)[] = [];
  for (let i = 0; i < list.length; i++) children.push(compileNode(list[i], `${p}/${op}/${i}`, depth + 1, scope));
  if (children.some((n) => n === null)) return null;
  return combine(op, children as Node[], named);
}

/** `name` (a label for reasons) and `priority` (accepted, no effect) on any condition. */
function checkCommon(obj: Record<string, unknown>, p: string, out: Diagnostic[]): string | undefined {
  if (hasOwn(obj, "name") && typeof obj.name !== "string") out.push(invalid(`${p}/name`, `"name" must be a string, got ${kindOf(obj.name)}`));
  if (hasOwn(obj, "priority") && !(Number.isInteger(obj.priority) && (obj.priority as number) >= 1)) {
    out.push(invalid(`${p}/priority`, `"priority" must be an integer of at least 1, got ${kindOf(obj.priority)}`));
  }
  return typeof obj.name === "string" && hasOwn(obj, "name") ? obj.name : undefined;
}

function compileLeaf(obj: Record<string, unknown>, p: string, name: string | undefined, scope: Scope): Node | null {
  const out = scope.out;
  const before = out.length;
  for (const k of Object.keys(obj)) {
    if (!LEAF_KEYS.has(k)) out.push(invalid(`${p}/${escapePointer(k)}`, `"${k}" is not a condition key (fact, operator, value, path, params, name, priority)`));
  }
  for (const k of ["fact", "operator", "value"]) {
    if (!hasOwn(obj, k)) out.push(invalid(p, `the condition has no "${k}"`));
  }
  const fact = obj.fact;
  if (hasOwn(obj, "fact") && !(typeof fact === "string" && FACT_NAMES.includes(fact))) {
    out.push({ code: "compile_unknown_fact", severity: "error", message: `unknown fact ${show(fact)}: use "data", "event" or "subject"`, path: `${p}/fact` });
  }
  const operator = obj.operator;
  if (hasOwn(obj, "operator") && !isOperator(operator)) out.push(unknownOperator(operator, `${p}/operator`));
  if (hasOwn(obj, "params") && (obj.params === null || typeof obj.params !== "object" || Array.isArray(obj.params))) {
    out.push(invalid(`${p}/params`, `"params" must be an object, got ${kindOf(obj.params)}`));
  }
  let segments: PathSegment[] | null = null;
  if (hasOwn(obj, "path")) {
    if (typeof obj.path !== "string") {
      out.push(invalid(`${p}/path`, `"path" must be a string such as "$.partySize", got ${kindOf(obj.path)}`));
    } else {
      const r = checkPath(obj.path);
      if (r.ok) segments = r.segments;
      else out.push({ code: r.code, severity: "error", message: r.message, path: `${p}/path` });
    }
  }
  const value = hasOwn(obj, "value") ? checkValue(obj.value, operator, `${p}/value`, out) : undefined;
  if (out.length > before) return null;
  if (fact === "data" && scope.types) checkType(scope.types, segments ?? [], operator as OperatorName, value, p, out);
  if (out.length > before) return null;
  return leaf(fact as "data" | "event" | "subject", segments, operator as OperatorName, value, name);
}

/** `compile_type_mismatch` when the operator or value cannot fit the declared type of the field read. */
function checkType(types: DataTypes, segments: readonly PathSegment[], operator: OperatorName, value: unknown, p: string, out: Diagnostic[]): void {
  const type = typeAt(types, segments);
  if (type === undefined) return;
  const problem = typeProblem(type, operator, value, displayPath("data", segments), types.events);
  if (problem) out.push({ code: "compile_type_mismatch", severity: "error", message: problem.message, path: `${p}/${problem.at}` });
}

/** The value checks of our own operators (./text-operators.ts); true when the value fits. */
function checkExtendedValue(value: unknown, operator: string, p: string, out: Diagnostic[]): boolean {
  const before = out.length;
  if (operator === "containsAny") {
    if (!Array.isArray(value) || value.length === 0 || value.some((w) => typeof w !== "string" || w.length === 0)) {
      out.push({ code: "compile_value_invalid", severity: "error", message: `"containsAny" needs a list of words such as ["不知道", "好像"], got ${Array.isArray(value) ? (value.length === 0 ? "an empty list" : "a list with an item that is not a non-empty string") : kindOf(value)}`, path: p });
    } else {
      value.forEach((w: string, i) => {
        if (w.length > MAX_WORD_CHARS) out.push({ code: "compile_limit_exceeded", severity: "error", message: `word of ${w.length} characters; the limit is ${MAX_WORD_CHARS}`, path: `${p}/${i}` });
      });
    }
  } else if (operator === "matches") {
    if (typeof value !== "string") {
      out.push({ code: "compile_value_invalid", severity: "error", message: `"matches" needs a pattern string such as "工号\\d{4}", got ${kindOf(value)}`, path: p });
    } else {
      const r = compilePattern(value);
      if (!r.ok) out.push(r.tooLong ? { code: "compile_limit_exceeded", severity: "error", message: r.message, path: p } : { code: "compile_pattern_invalid", severity: "error", message: r.message, path: p });
    }
  } else if ((operator === "exists" || operator === "notExists") && value !== true) {
    out.push({ code: "compile_value_invalid", severity: "error", message: `"${operator}" is written with "value": true, got ${kindOf(value)}`, path: p });
  }
  return out.length === before;
}

/** Checks the value against its operator and returns a private copy of it. */
function checkValue(value: unknown, operator: unknown, p: string, out: Diagnostic[]): unknown {
  const isObject = value !== null && typeof value === "object";
  if (isObject && !Array.isArray(value) && hasOwn(value, "fact")) {
    out.push({ code: "compile_value_fact_reference", severity: "error", message: `a value {"fact": …} would compare with another fact, which is not supported: compare with a literal value`, path: p });
    return undefined;
  }
  if (typeof operator === "string" && ARRAY_VALUE_OPERATORS.has(operator) && !Array.isArray(value)) {
    out.push({ code: "compile_value_not_array", severity: "error", message: `"${operator}" needs an array value such as ["a", "b"], got ${kindOf(value)}`, path: p });
    return undefined;
  }
  if (typeof operator === "string" && !checkExtendedValue(value, operator, p, out)) return undefined;
  if (typeof operator === "string" && NUMERIC_OPERATORS.has(operator) && (isObject || typeof value === "function")) {
    out.push({ code: "compile_value_not_comparable", severity: "error", message: `"${operator}" compares with a number (or string), got ${kindOf(value)}`, path: p });
    return undefined;
  }
  if (!isObject) {
    if (typeof value === "function" || typeof value === "symbol") out.push(invalid(p, `"value" must be JSON, got ${typeof value}`));
    return value;
  }
  try {
    // A private copy: later edits of the document cannot change a compiled condition.
    return structuredClone(value);
  } catch {
    out.push(invalid(p, `"value" must be JSON data`));
    return undefined;
  }
}

function leaf(fact: "data" | "event" | "subject", segments: PathSegment[] | null, operator: OperatorName, value: unknown, name: string | undefined): Node {
  const get = makeGetter(fact, segments);
  const op = makeOperator(operator, value);
  const label = displayPath(fact, segments ?? []);
  const test: Predicate = (f) => op(get(f));
  // containsAny says which word it found: the fact a reader needs.
  const found = operator === "containsAny" ? findAnyWord(value as string[]) : null;
  // A long word list would be cut mid-word in a reason: say how many, the word found follows.
  const shown = found && JSON.stringify(value).length > 60 ? `[${(value as string[]).length} words]` : undefined;
  return {
    test,
    why: (f) => {
      const x = get(f);
      const word = found?.(x);
      const text = explainLeaf(label, x, op(x), operator, value, { ...(word ? { note: `found ${JSON.stringify(word)}` } : {}), ...(shown !== undefined ? { valueText: shown } : {}) });
      return [name === undefined ? text : `${name}: ${text}`];
    },
    trace: (f) => {
      const x = get(f);
      const read: FactRead = { path: label, operator, value, held: op(x) };
      return [x === undefined ? read : { ...read, read: x }];
    },
  };
}

const hasOwnProp = Object.prototype.hasOwnProperty;

/**
 * Reads the fact, then the path by own properties. As in json-rules-engine's almanac, a
 * path applied to a fact that is null or not an object yields the fact value itself.
 */
function makeGetter(fact: "data" | "event" | "subject", segments: PathSegment[] | null): (f: Facts) => unknown {
  const base: (f: Facts) => unknown = fact === "data" ? (f) => f.data : fact === "event" ? (f) => f.event : (f) => f.subject;
  if (segments === null || segments.length === 0) return base;
  if (segments.length === 1) {
    const s = segments[0]!; // length just checked
    return (f) => {
      const v = base(f);
      if (v === null || typeof v !== "object") return v;
      return hasOwnProp.call(v, s) ? (v as Record<PathSegment, unknown>)[s] : undefined;
    };
  }
  const segs: PathSegment[] = segments.slice();
  return (f) => {
    let cur = base(f);
    if (cur === null || typeof cur !== "object") return cur;
    for (let i = 0; i < segs.length; i++) {
      const seg = segs[i]!; // within the loop bound
      if (cur === null || typeof cur !== "object" || !hasOwnProp.call(cur, seg)) return undefined;
      cur = (cur as Record<PathSegment, unknown>)[seg];
    }
    return cur;
  };
}

function negate(inner: Node, name: string | undefined): Node {
  const t = inner.test;
  return { test: (f) => !t(f), why: (f) => explainNamed(name, inner.why(f)), trace: inner.trace };
}

/** `all`/`any` as json-rules-engine evaluates them: an empty list is true for both. */
function combine(op: "all" | "any", children: Node[], name: string | undefined): Node {
  const tests = children.map((n) => n.test);
  const test = op === "all" ? every(tests) : some(tests);
  // Reasons come from the children that agree with the outcome: for a true `all`
  // every child, for a false `all` the failing ones, for a true `any` the holding ones.
  const deciding = (f: Facts): Node[] => {
    const outcome = test(f);
    return children.filter((child) => child.test(f) === outcome);
  };
  const why: Explainer = (f) => explainNamed(name, deciding(f).flatMap((child) => child.why(f)));
  const trace: Tracer = (f) => deciding(f).flatMap((child) => child.trace(f));
  return { test, why, trace };
}

function every(tests: Predicate[]): Predicate {
  if (tests.length === 0) return () => true;
  if (tests.length === 1) return tests[0]!;
  if (tests.length === 2) {
    const [a, b] = tests as [Predicate, Predicate]; // length just checked
    return (f) => a(f) && b(f);
  }
  return (f) => {
    for (let i = 0; i < tests.length; i++) if (!tests[i]!(f)) return false;
    return true;
  };
}

function some(tests: Predicate[]): Predicate {
  // json-rules-engine resolves an empty `any` to true (rule.js prioritizeAndRun).
  if (tests.length === 0) return () => true;
  if (tests.length === 1) return tests[0]!;
  if (tests.length === 2) {
    const [a, b] = tests as [Predicate, Predicate]; // length just checked
    return (f) => a(f) || b(f);
  }
  return (f) => {
    for (let i = 0; i < tests.length; i++) if (tests[i]!(f)) return true;
    return false;
  };
}

/** `compile_unknown_operator`, with "did you mean …?" and its fix when an operator is close ("containsany", "match"). */
function unknownOperator(operator: unknown, path: string): Diagnostic {
  // Case-insensitive closeness: "containsany" is one letter's case from "containsAny".
  const meant = typeof operator === "string" ? (OPERATORS.find((o) => o.toLowerCase() === operator.toLowerCase()) ?? closestName(operator, OPERATORS)) : null;
  const d: Diagnostic = { code: "compile_unknown_operator", severity: "error", message: `unknown operator ${show(operator)}: use ${OPERATORS.slice(0, -1).join(", ")} or ${OPERATORS[OPERATORS.length - 1]}`, path };
  if (meant === null) return d;
  return { ...d, message: `${d.message} (did you mean "${meant}"?)`, fix: { title: `Change to "${meant}"`, edits: [{ path, value: meant }] } };
}

function invalid(path: string, message: string): Diagnostic {
  return { code: "compile_condition_invalid", severity: "error", message, path };
}

function kindOf(v: unknown): string {
  if (v === null) return "null";
  if (Array.isArray(v)) return "an array";
  if (typeof v === "object") return "an object";
  if (typeof v === "string") return `the string ${show(v)}`;
  return `${typeof v} ${String(v)}`;
}

function show(v: unknown): string {
  const s = typeof v === "string" ? JSON.stringify(v) : String(v);
  return s.length > 60 ? `${s.slice(0, 57)}...` : s;
}
