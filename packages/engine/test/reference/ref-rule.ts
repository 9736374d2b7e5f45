/**
 * The reference model of rule standards and of the condition operators of issue 11: a
 * second, deliberately naive reading of docs/semantics.md ("Rules") sharing no code
 * with the engine. Conditions are interpreted from their JSON on every event; text
 * operators are written from their definition (NFKC and lower case by String methods,
 * patterns by JavaScript's own RegExp — safe here because the generated patterns are
 * a small fixed set and the texts are short; the engine uses RE2); the subject's facts
 * are re-merged from the subject's earlier events each time.
 */
import type { RefEvent } from "./ref-standard.js";

/** What both implementations are compared on, per violation. */
export interface RuleDecision {
  standard: string;
  subject: string;
  key: string;
  status: string;
  at: number;
  severity?: string;
  /** The values that decided it: `path=read:held` per leaf, in order. */
  facts: string[];
}

type Json = Record<string, any>;
type Facts = { data: Json; event: Json; subject: Json };
interface Read {
  path: string;
  read: unknown;
  held: boolean;
}

const FORBIDDEN = new Set(["__proto__", "constructor", "prototype"]);

function get(facts: Facts, leaf: Json): unknown {
  const v: unknown = facts[leaf.fact as keyof Facts];
  if (leaf.path === undefined) return v;
  // The generated paths are "$.name" only.
  const name = (leaf.path as string).slice(2);
  if (v === null || typeof v !== "object") return v;
  return Object.prototype.hasOwnProperty.call(v, name) ? (v as Json)[name] : undefined;
}

function fold(s: string): string {
  return s.normalize("NFKC").toLowerCase();
}

function numberLike(x: unknown): boolean {
  return (typeof x === "number" || typeof x === "string") && !Number.isNaN(Number.parseFloat(String(x)));
}

/** One leaf, as json-rules-engine (and our four operators' definitions) say. */
function op(name: string, x: unknown, v: any): boolean {
  switch (name) {
    case "equal":
      return x === v;
    case "notEqual":
      return x !== v;
    case "in":
      return (v as unknown[]).includes(x) && !Number.isNaN(x);
    case "notIn":
      return !((v as unknown[]).includes(x) && !Number.isNaN(x));
    case "contains":
      return Array.isArray(x) && x.includes(v);
    case "doesNotContain":
      return Array.isArray(x) && !x.includes(v);
    case "greaterThanInclusive":
      return numberLike(x) && (x as number) >= v;
    case "lessThan":
      return numberLike(x) && (x as number) < v;
    case "containsAny":
      return typeof x === "string" && (v as string[]).some((w) => fold(x).includes(fold(w)));
    case "matches": {
      if (typeof x !== "string") return false;
      // RE2's \p{Han} is JavaScript's \p{Script=Han}; the rest of the generated patterns mean the same in both.
      const pattern = (v as string).replaceAll("\\p{Han}", "\\p{Script=Han}");
      const ci = pattern.startsWith("(?i)");
      return new RegExp(ci ? pattern.slice(4) : pattern, ci ? "iu" : "u").test(x);
    }
    case "exists":
      return x !== undefined && x !== null;
    case "notExists":
      return x === undefined || x === null;
    default:
      throw new Error(`the reference model does not know ${name}`);
  }
}

/** The outcome, and the leaves whose outcome agreed with their parents' (the reasons). */
function evaluate(c: Json, facts: Facts): { held: boolean; reads: Read[] } {
  if (Array.isArray(c.all) || Array.isArray(c.any)) {
    const parts = (c.all ?? c.any).map((x: Json) => evaluate(x, facts));
    const held = c.all ? parts.every((p: { held: boolean }) => p.held) : parts.length === 0 || parts.some((p: { held: boolean }) => p.held);
    return { held, reads: parts.filter((p: { held: boolean }) => p.held === held).flatMap((p: { reads: Read[] }) => p.reads) };
  }
  if (c.not !== undefined) {
    const inner = evaluate(c.not, facts);
    return { held: !inner.held, reads: inner.reads };
  }
  const x = get(facts, c);
  const held = op(c.operator, x, c.value);
  return { held, reads: [{ path: `${c.fact}${c.path === undefined ? "" : `.${(c.path as string).slice(2)}`}`, read: x, held }] };
}

function merged(events: RefEvent[]): Json {
  const out: Json = {};
  for (const e of events) for (const [k, v] of Object.entries(e.data)) if (!FORBIDDEN.has(k)) out[k] = v;
  return out;
}

/** Reference decisions of every rule standard of a policy for a set of events (any order, duplicates allowed). */
export function referenceRuleDecisions(policy: Json, events: RefEvent[]): RuleDecision[] {
  const seen = new Set<string>();
  const unique = [...events].sort((a, b) => a.t - b.t || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)).filter((e) => (seen.has(e.id) ? false : (seen.add(e.id), true)));
  const out: RuleDecision[] = [];
  for (const std of policy.standards as Json[]) {
    if (std.kind !== "rule") continue;
    const on = (Array.isArray(std.on) ? std.on : [std.on]).map((m: unknown): Json => (typeof m === "string" ? { event: m } : (m as Json)));
    unique.forEach((e, i) => {
      const facts: Facts = { data: e.data, event: { id: e.id, type: e.type, subject: e.subject, time: new Date(e.t).toISOString() }, subject: merged(unique.slice(0, i + 1).filter((x) => x.subject === e.subject)) };
      const m = on.find((x) => x.event === e.type && (x.when === undefined || evaluate(x.when, facts).held));
      if (!m) return;
      const applied = m.when === undefined ? [] : evaluate(m.when, facts).reads;
      const check = evaluate(std.require ?? std.forbid, facts);
      if (std.require !== undefined ? check.held : !check.held) return;
      out.push({
        standard: std.id,
        subject: e.subject,
        key: `${std.id}/${e.id}`,
        status: "violation",
        at: e.t,
        ...(std.severity ? { severity: std.severity } : {}),
        facts: [...applied, ...check.reads].map((r) => `${r.path}=${JSON.stringify(r.read) ?? "missing"}:${r.held}`),
      });
    });
  }
  return out;
}
