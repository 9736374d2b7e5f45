/**
 * Plain words for policy parts, shared by the structural diff and the CLI: durations
 * ("PT1H30M" → "1 h 30 min"), matchers ("guest.seated when data.vip = true") and
 * json-rules-engine conditions.
 */
import type { ConditionJson, LocalizedText, MatcherDoc } from "../types.js";
import { formatDuration, parseDuration } from "../vocabulary/duration.js";
import { localize } from "../text.js";

const OPERATORS: Record<string, string> = {
  equal: "=",
  notEqual: "≠",
  lessThan: "<",
  lessThanInclusive: "≤",
  greaterThan: ">",
  greaterThanInclusive: "≥",
  in: "in",
  notIn: "not in",
  contains: "contains",
  doesNotContain: "does not contain",
  containsAny: "contains any of",
  matches: "matches",
  exists: "exists",
  notExists: "does not exist",
};

/** Operators that take no value worth showing (`exists` is written with `true`). */
const PRESENCE = new Set(["exists", "notExists"]);

/** True for a fixed-length ISO 8601 duration such as "PT2M" (years and months have no fixed length). */
export function isDuration(value: unknown): value is string {
  return typeof value === "string" && parseDuration(value) !== null;
}

/**
 * An ISO 8601 duration for people; text that is not a fixed-length duration is kept.
 * @example humanDuration("PT1H30M") // "1 h 30 min"
 * @example humanDuration("P1D") // "1 day"
 */
export function humanDuration(text: string): string {
  const ms = parseDuration(text);
  return ms === null ? text : formatDuration(ms);
}

/** A condition in one line: `data.partySize ≥ 6 and not (subject.vip = true)`. */
export function renderCondition(c: ConditionJson | unknown): string {
  if (c === null || typeof c !== "object") return JSON.stringify(c) ?? "";
  const o = c as Record<string, unknown>;
  const group = (parts: unknown, joiner: string) => {
    const list = Array.isArray(parts) ? parts : [];
    if (list.length === 0) return joiner === " and " ? "always" : "never";
    return list.map((p) => (isGroup(p) && list.length > 1 ? `(${renderCondition(p)})` : renderCondition(p))).join(joiner);
  };
  if ("all" in o) return group(o.all, " and ");
  if ("any" in o) return group(o.any, " or ");
  if ("not" in o) return `not (${renderCondition(o.not)})`;
  const path = typeof o.path === "string" ? o.path.replace(/^\$/, "") : "";
  const op = OPERATORS[String(o.operator)] ?? String(o.operator);
  const subject = `${String(o.fact)}${path} ${op}`;
  return PRESENCE.has(String(o.operator)) ? subject : `${subject} ${JSON.stringify(o.value)}`;
}

function isGroup(c: unknown): boolean {
  return c !== null && typeof c === "object" && ("all" in c || "any" in c);
}

/** One matcher or a list: `drink.served or guest.seated when data.vip = true`. */
export function renderMatchers(m: MatcherDoc | MatcherDoc[] | undefined): string {
  if (m === undefined) return "nothing";
  const list = Array.isArray(m) ? m : [m];
  return list.map((x) => (typeof x === "string" ? x : x.when === undefined ? x.event : `${x.event} when ${renderCondition(x.when)}`)).join(" or ");
}

/** Text (localized: English, else the first language), quoted and shortened. */
export function renderText(text: LocalizedText | undefined, max = 80): string {
  const s = localize(text);
  return JSON.stringify(s.length > max ? `${s.slice(0, max - 1)}…` : s);
}

/** Any other value: durations humanly, strings bare, booleans yes/no, the rest as JSON. */
export function renderValue(value: unknown): string {
  if (value === undefined) return "none";
  if (isDuration(value)) return humanDuration(value);
  if (typeof value === "string") return value;
  if (typeof value === "boolean") return value ? "yes" : "no";
  if (value !== null && typeof value === "object" && ("fact" in value || "all" in value || "any" in value || "not" in value)) return renderCondition(value);
  return JSON.stringify(value);
}
