/**
 * The ten json-rules-engine 7.3.1 operators as closures over the condition's value,
 * with that library's exact semantics (dist/engine-default-operators.js, operator.js):
 * an operator holds when its fact-value validator accepts the fact value and its
 * callback returns true. Checked against the library by test/conditions/differential.test.ts.
 */

/** Operators a condition may use (json-rules-engine's defaults, without decorators). */
export const OPERATORS = [
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

export type OperatorName = (typeof OPERATORS)[number];

/** Operators whose fact value must pass json-rules-engine's `numberValidator`. */
export const NUMERIC_OPERATORS: ReadonlySet<string> = new Set(["lessThan", "lessThanInclusive", "greaterThan", "greaterThanInclusive"]);

/** Operators whose `value` must be an array (the library calls `value.indexOf`). */
export const ARRAY_VALUE_OPERATORS: ReadonlySet<string> = new Set(["in", "notIn"]);

const OPERATOR_SET: ReadonlySet<string> = new Set(OPERATORS);

/** True for one of the ten supported operator names. */
export function isOperator(name: unknown): name is OperatorName {
  return typeof name === "string" && OPERATOR_SET.has(name);
}

/** A compiled operator: the fact value in, the outcome out. Never throws. */
export type OperatorTest = (factValue: unknown) => boolean;

/**
 * Binds an operator to its condition value. Preconditions (checked by the compiler):
 * `in`/`notIn` get an array; numeric operators get a primitive.
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
