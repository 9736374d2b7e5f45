/**
 * Declared types of event data (issue 11): a policy's `events` may give a data field a
 * type (`"amount": {"type": "number"}`), and a condition over that field whose operator
 * or value cannot fit the type is a compile error (`compile_type_mismatch`) instead of a
 * condition that is silently always false (`amount equal "5"`, `contains` on a string,
 * `containsAny` on a number). Undeclared fields are not checked (lint looks at them).
 *
 * Only `data` is typed: `subject` facts merge the data of every event of the subject,
 * and `event` has a fixed shape.
 */
import type { PathSegment } from "./path.js";

/** The types a data field may declare. `time` and `duration` are ISO 8601 strings. */
export const FIELD_TYPES = ["string", "number", "boolean", "time", "duration", "string-list", "number-list"] as const;

export type FieldType = (typeof FIELD_TYPES)[number];

/** The declared data fields of the event type(s) a condition reads, for messages and checks. */
export interface DataTypes {
  /** The event type(s), for messages: `"cash.withdrawn"`. */
  readonly events: string;
  readonly fields: ReadonlyMap<string, FieldType>;
}

/** What a value of a type is to an operator: a scalar kind, or a list of one. */
type Shape = { list: false; scalar: "string" | "number" | "boolean" } | { list: true; scalar: "string" | "number" };

function shapeOf(t: FieldType): Shape {
  switch (t) {
    case "string":
    case "time":
    case "duration":
      return { list: false, scalar: "string" };
    case "number":
      return { list: false, scalar: "number" };
    case "boolean":
      return { list: false, scalar: "boolean" };
    case "string-list":
      return { list: true, scalar: "string" };
    case "number-list":
      return { list: true, scalar: "number" };
  }
}

/**
 * The declared type at a data path: the field's for `$.field`, the item's for
 * `$.field[0]` of a list; undefined for anything undeclared or deeper.
 */
export function typeAt(types: DataTypes, segments: readonly PathSegment[]): FieldType | undefined {
  const [first, second] = segments;
  if (typeof first !== "string") return undefined;
  const t = types.fields.get(first);
  if (t === undefined || segments.length === 1) return t;
  if (segments.length === 2 && typeof second === "number") return t === "string-list" ? "string" : t === "number-list" ? "number" : undefined;
  return undefined;
}

/** Where a type problem is (the operator or the value) and what to say. */
export interface TypeProblem {
  at: "operator" | "value";
  message: string;
}

/**
 * Why `operator` with `value` cannot fit a field of type `type`, or null when it can.
 * `label` names the field as the author wrote it (`data.amount`).
 * @example typeProblem("number", "equal", "5", "data.amount", "cash.withdrawn") // {at: "value", message: "data.amount is a number …"}
 */
export function typeProblem(type: FieldType, operator: string, value: unknown, label: string, events: string): TypeProblem | null {
  const shape = shapeOf(type);
  const declared = `${label} is declared ${article(type)} in ${events}`;
  const valueIs = (v: unknown, scalar: string) => typeof v === scalar;
  switch (operator) {
    case "exists":
    case "notExists":
      return null;
    case "equal":
    case "notEqual":
      if (shape.list) return { at: "operator", message: `${declared}: "${operator}" never matches a list (it compares identity); use "contains" or "doesNotContain"` };
      return value === null || valueIs(value, shape.scalar) ? null : { at: "value", message: `${declared}: compare it with ${article(shape.scalar)}, not ${describe(value)}` };
    case "lessThan":
    case "lessThanInclusive":
    case "greaterThan":
    case "greaterThanInclusive":
      if (shape.list || shape.scalar !== "number") return { at: "operator", message: `${declared}: "${operator}" compares numbers` };
      return valueIs(value, "number") ? null : { at: "value", message: `${declared}: compare it with a number, not ${describe(value)}` };
    case "in":
    case "notIn": {
      if (shape.list) return { at: "operator", message: `${declared}: "${operator}" tests one value against a list; for a list field use "contains"` };
      const wrong = Array.isArray(value) ? value.find((v) => v !== null && !valueIs(v, shape.scalar)) : undefined;
      return wrong === undefined ? null : { at: "value", message: `${declared}: the list holds ${describe(wrong)}, which it can never equal` };
    }
    case "contains":
    case "doesNotContain":
      if (!shape.list) return { at: "operator", message: `${declared}: "${operator}" tests a list${shape.scalar === "string" ? '; to find words in a text use "containsAny"' : ""}` };
      return valueIs(value, shape.scalar) ? null : { at: "value", message: `${declared}: its items are ${shape.scalar}s, not ${describe(value)}` };
    case "containsAny":
    case "matches":
      return !shape.list && shape.scalar === "string" ? null : { at: "operator", message: `${declared}: "${operator}" reads text` };
    default:
      return null;
  }
}

function article(t: string): string {
  const words = t.replace("-list", " list");
  return /^[aeiou]/.test(words) ? `an ${words}` : `a ${words}`;
}

function describe(v: unknown): string {
  if (typeof v === "string") return `the string ${JSON.stringify(v.length > 40 ? `${v.slice(0, 37)}...` : v)}`;
  if (Array.isArray(v)) return "a list";
  if (v === null) return "null";
  if (typeof v === "object") return "an object";
  return `the ${typeof v} ${String(v)}`;
}
