/**
 * The ten json-rules-engine 7.3.1 operators as closures over the condition's value,
 * with that library's exact semantics (dist/engine-default-operators.js, operator.js):
 * an operator holds when its fact-value validator accepts the fact value and its
 * callback returns true; and four of our own (issue 11), which the reference adapter
 * registers with the library as custom operators with these same closures
 * (../json-rules-engine/). Checked against the library by test/conditions/differential.test.ts.
 */
import { compilePattern, findAnyWord } from "./text-operators.js";

/** json-rules-engine's default operators (without decorators). */
export const LIBRARY_OPERATORS = [
  "equal",
  "notEqual",
  "lessThan",
  "lessThanInclusive",
  "greaterThan",
  "greaterThanInclusive",
  "in",
  "notIn",
  "contains",
  "doesNotContain",
] as const;

/**
 * Ours: `containsAny` (a string contains one of a list of words, NFKC- and
 * case-insensitive), `matches` (a string matches an RE2 pattern), `exists` /
 * `notExists` (the value is present: neither missing nor null). Their `value` is the
 * word list, the pattern, and `true`.
 */
export const EXTENDED_OPERATORS = ["containsAny", "matches", "exists", "notExists"] as const;

/** Operators a condition may use. */
export const OPERATORS = [...LIBRARY_OPERATORS, ...EXTENDED_OPERATORS] as const;

export type OperatorName = (typeof OPERATORS)[number];
export type ExtendedOperatorName = (typeof EXTENDED_OPERATORS)[number];

/** Operators whose fact value must pass json-rules-engine's `numberValidator`. */
export const NUMERIC_OPERATORS: ReadonlySet<string> = new Set(["lessThan", "lessThanInclusive", "greaterThan", "greaterThanInclusive"]);

/** Operators whose `value` must be an array (the library calls `value.indexOf`). */
export const ARRAY_VALUE_OPERATORS: ReadonlySet<string> = new Set(["in", "notIn"]);

const OPERATOR_SET: ReadonlySet<string> = new Set(OPERATORS);

/** True for one of the supported operator names. */
export function isOperator(name: unknown): name is OperatorName {
  return typeof name === "string" && OPERATOR_SET.has(name);
}

/** A compiled operator: the fact value in, the outcome out. Never throws. */
export type OperatorTest = (factValue: unknown) => boolean;

/**
 * Binds an operator to its condition value. Preconditions (checked by the compiler):
 * `in`/`notIn` get an array; numeric operators get a primitive; `containsAny` a list of
 * strings; `matches` a pattern that compiles.
 * @example makeOperator("greaterThan", 4)(6) // true
 */
export function makeOperator(name: OperatorName, value: unknown): OperatorTest {
  switch (name) {
    case "equal":
      return (x) => x === value;
    case "notEqual":
      return (x) => x !== value;
    case "in": {
      const member = membership(value as unknown[]);
      return (x) => member(x);
    }
    case "notIn": {
      const member = membership(value as unknown[]);
      return (x) => !member(x);
    }
    case "contains":
      return (x) => Array.isArray(x) && x.indexOf(value) > -1;
    case "doesNotContain":
      return (x) => Array.isArray(x) && x.indexOf(value) === -1;
    case "lessThan":
      return numeric(value, (x, v) => x < v);
    case "lessThanInclusive":
      return numeric(value, (x, v) => x <= v);
    case "greaterThan":
      return numeric(value, (x, v) => x > v);
    case "greaterThanInclusive":
      return numeric(value, (x, v) => x >= v);
    case "containsAny": {
      const find = findAnyWord(value as string[]);
      return (x) => find(x) !== null;
    }
    case "matches": {
      const p = compilePattern(value as string);
      // The compiler refuses a pattern that does not compile; false is only a safe floor.
      return p.ok ? p.test : () => false;
    }
    case "exists":
      return (x) => x !== undefined && x !== null;
    case "notExists":
      return (x) => x === undefined || x === null;
  }
}

/**
 * `value.indexOf(x) > -1` (strict equality; NaN is never found). Long lists use a Set,
 * which agrees with indexOf except on NaN, so only lists without NaN take that road.
 */
function membership(list: readonly unknown[]): (x: unknown) => boolean {
  if (list.length > 8 && !list.some((v) => v !== v)) {
    const set = new Set(list);
    return (x) => set.has(x);
  }
  return (x) => list.indexOf(x) > -1;
}

/** JavaScript's relational comparison on any two values (ToPrimitive, as the library does). */
type Compare = (x: Loose, v: Loose) => boolean;
/** A value compared with `<`: JavaScript coerces both sides; the type only has to allow the operator. */
type Loose = number;

/**
 * json-rules-engine's numeric operators: `numberValidator(x) && x OP value`, where
 * numberValidator is `Number.parseFloat(x).toString() !== 'NaN'` (so "12abc" and [5]
 * pass the validator, and then compare with JavaScript's own `<`). The comparison is
 * JavaScript's, unchanged: `5 < "10"` is true, `"5" < "10"` is false, as in the library.
 */
function numeric(value: unknown, compare: Compare): OperatorTest {
  return (x) => {
    // A number passes the validator unless it is NaN, and NaN compares false anyway.
    if (typeof x === "number") return compare(x, value as Loose);
    if (typeof x === "string") return !Number.isNaN(Number.parseFloat(x)) && compare(x as unknown as Loose, value as Loose);
    if (x === null || x === undefined || typeof x === "boolean") return false;
    // Arrays and objects go through ToString/ToPrimitive. Data whose conversion throws
    // (e.g. an own "toString" that is not a function) makes the library reject the
    // whole run; a predicate must not throw, so that condition is simply false here.
    try {
      return !Number.isNaN(Number.parseFloat(x as string)) && compare(x as Loose, value as Loose);
    } catch {
      return false;
    }
  };
}
