/**
 * json-rules-engine conditions (the policy's format: all/any/not, fact, path, operator,
 * value) ⇄ react-querybuilder's query objects, so the form view can offer a condition
 * builder. A field is "<fact>:<path>" ("data:$.vip"). Values are shown as JSON text
 * (true, 4, "VIP"); what the user types is read back as JSON when it parses, else as a
 * string, so types survive the round trip. Conditions this cannot show exactly (names,
 * priorities, params, a value that is itself a fact reference) return null: JSON only.
 */
import type { RuleGroupType, RuleType } from "react-querybuilder";

/** The condition operators the schema allows (json-rules-engine's, then the engine's text and presence operators). */
export const CONDITION_OPERATORS = ["equal", "notEqual", "lessThan", "lessThanInclusive", "greaterThan", "greaterThanInclusive", "in", "notIn", "contains", "doesNotContain", "containsAny", "matches", "exists", "notExists"] as const;

type Condition = Record<string, unknown>;

/**
 * A condition as a query (the root is always a group), or null when it cannot be shown exactly.
 * @example toQuery({ fact: "data", path: "$.vip", operator: "equal", value: true })
 * // { id: "q", combinator: "and", not: false, rules: [{ id: "q-0", field: "data:$.vip", operator: "equal", value: "true" }] }
 */
export function toQuery(condition: unknown): RuleGroupType | null {
  const node = toNode(condition, "q");
  if (!node) return null;
  return "rules" in node ? node : { id: "q", combinator: "and", not: false, rules: [{ ...node, id: "q-0" }] };
}

function toNode(c: unknown, id: string): RuleGroupType | RuleType | null {
  if (!c || typeof c !== "object" || Array.isArray(c)) return null;
  const o = c as Condition;
  const keys = Object.keys(o);
  for (const combinator of ["all", "any"] as const) {
    if (keys.length === 1 && Array.isArray(o[combinator])) {
      const rules = (o[combinator] as unknown[]).map((x, i) => toNode(x, `${id}-${i}`));
      if (rules.some((r) => r === null)) return null;
      return { id, combinator: combinator === "all" ? "and" : "or", not: false, rules: rules as Array<RuleGroupType | RuleType> };
    }
  }
  if (keys.length === 1 && "not" in o) {
    const inner = toNode(o.not, `${id}-0`);
    if (!inner) return null;
    // A negated group is the group with `not`; a negated leaf, a negated group of one.
    if ("rules" in inner && !inner.not) return { ...inner, id, not: true };
    return { id, combinator: "and", not: true, rules: [inner] };
  }
  const leafKeys = new Set(["fact", "path", "operator", "value"]);
  if (!keys.every((k) => leafKeys.has(k)) || typeof o.fact !== "string" || typeof o.operator !== "string") return null;
  if (!(CONDITION_OPERATORS as readonly string[]).includes(o.operator)) return null;
  if (o.path !== undefined && typeof o.path !== "string") return null;
  // {fact: …} as a value compares with another fact: not something the builder shows.
  if (o.value !== null && typeof o.value === "object" && !Array.isArray(o.value)) return null;
  return { id, field: `${o.fact}:${o.path ?? "$"}`, operator: o.operator, value: JSON.stringify(o.value) };
}

/**
 * The query back as a condition. A root "and" group of one plain rule becomes that rule.
 * @example toCondition(toQuery(c)!) // c, for any condition toQuery accepts in its plain form
 */
export function toCondition(query: RuleGroupType): Condition {
  if (!query.not && query.combinator === "and" && query.rules.length === 1 && isRule(query.rules[0])) return leaf(query.rules[0]);
  return group(query);
}

function group(g: RuleGroupType): Condition {
  const rules = g.rules.filter((r): r is RuleGroupType | RuleType => typeof r !== "string").map((r) => (isRule(r) ? leaf(r) : group(r)));
  // A negated group of one is the negation of that one.
  if (g.not && rules.length === 1) return { not: rules[0] };
  const body = { [g.combinator === "or" ? "any" : "all"]: rules };
  return g.not ? { not: body } : body;
}

function isRule(r: unknown): r is RuleType {
  return typeof r === "object" && r !== null && "field" in r;
}

function leaf(r: RuleType): Condition {
  const at = r.field.indexOf(":");
  const fact = at < 0 ? r.field : r.field.slice(0, at);
  const path = at < 0 ? "$" : r.field.slice(at + 1);
  return { fact, ...(path !== "$" ? { path } : {}), operator: r.operator, value: readValue(r.value) };
}

/** What the user typed: JSON when it parses ("4", "true", "[1,2]", "\"x\""), else the text. */
export function readValue(v: unknown): unknown {
  if (typeof v !== "string") return v;
  try {
    return JSON.parse(v);
  } catch {
    return v;
  }
}
