/**
 * Reason text for decisions: what a condition read and how it compared, e.g.
 * `data.partySize = 6 (greaterThan 4)` or `data.vip is missing (not equal true)`.
 * The wording is shown to managers and stored in decisions: change it deliberately.
 */

/** Longest rendering of one value inside a reason. */
const MAX_VALUE_CHARS = 80;

/**
 * One leaf: `<fact.path> = <value read> (<operator> <value>)`, with `not ` before the
 * operator when the comparison did not hold, and an operator's own `note` after it
 * (`containsAny`: the word found) and, for a value too long to show, `valueText`
 * instead of it. `exists`/`notExists` show no value (it is `true`).
 * @example explainLeaf("data.partySize", 6, true, "greaterThan", 4) // "data.partySize = 6 (greaterThan 4)"
 * @example explainLeaf("data.idChecked", undefined, false, "exists", true) // "data.idChecked is missing (not exists)"
 */
export function explainLeaf(label: string, read: unknown, held: boolean, operator: string, value: unknown, extra: { note?: string; valueText?: string } = {}): string {
  const lhs = read === undefined ? `${label} is missing` : `${label} = ${showValue(read)}`;
  const rhs = operator === "exists" || operator === "notExists" ? "" : ` ${extra.valueText ?? showValue(value)}`;
  return `${lhs} (${held ? "" : "not "}${operator}${rhs}${extra.note === undefined ? "" : `: ${extra.note}`})`;
}

/** Prefixes a named group's reasons with its name: `VIP table: a; b`. */
export function explainNamed(name: string | undefined, reasons: string[]): string[] {
  if (name === undefined) return reasons;
  return [reasons.length > 0 ? `${name}: ${reasons.join("; ")}` : name];
}

/** A value as JSON, shortened; `undefined` and non-JSON values as their JavaScript text. */
export function showValue(v: unknown): string {
  if (typeof v === "number" || typeof v === "bigint") return String(v);
  let s: string;
  try {
    s = JSON.stringify(v) ?? String(v);
  } catch {
    s = Array.isArray(v) ? "[…]" : "{…}";
  }
  return s.length > MAX_VALUE_CHARS ? `${s.slice(0, MAX_VALUE_CHARS - 1)}…` : s;
}
