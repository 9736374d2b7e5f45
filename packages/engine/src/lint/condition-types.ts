/**
 * Code `lint_condition_type` (warning): a condition over event data whose type is not
 * declared, where its own use shows it cannot do what it seems to (issue 11). Declared
 * fields are the compiler's (`compile_type_mismatch`); this lint infers from use:
 *
 * - `notEqual null` / `equal null`: `notEqual null` is true for a missing field, so it
 *   does not test presence. Fix: `exists` / `notExists`.
 * - a numeric operator with a string value (`greaterThan "5"`): JavaScript then compares
 *   text with text for a string field ("10" < "5"). Fix: the number.
 * - one field of one event type read as different types in different conditions (text by
 *   `containsAny`/`matches` here, a list by `contains` or a number by `greaterThan`
 *   there): one of them is always false. Reported at the later use.
 *
 * Kept beside lint/rules/ (whose files another change owns) and listed in lint-policy.ts.
 */
import type { Diagnostic, PolicyDoc } from "../types.js";
import { listMatchers } from "../conditions/matchers.js";
import type { LintRule } from "./context.js";

const CODE = "lint_condition_type";
const NUMERIC = new Set(["lessThan", "lessThanInclusive", "greaterThan", "greaterThanInclusive"]);

/** A condition of the document, where it is, and the event types whose data it reads (empty: unknown). */
interface Site {
  pointer: string;
  condition: unknown;
  events: readonly string[];
}

/** The use a leaf makes of its field. */
type Use = "text" | "list" | "number";

export const conditionTypes: LintRule = {
  code: CODE,
  check(ctx) {
    const typed = declaredFields(ctx.doc);
    const out: Diagnostic[] = [];
    // First use of each (event type, field), keyed in a Map: both are user text.
    const uses = new Map<string, { use: Use; pointer: string }>();
    for (const site of conditionSites(ctx.doc)) {
      forEachLeaf(site.condition, site.pointer, (leaf, pointer) => {
        if (leaf.fact !== "data" || typeof leaf.path !== "string") return;
        const field = /^\$\.([A-Za-z_][A-Za-z0-9_-]*)$/.exec(leaf.path)?.[1];
        if (field === undefined || site.events.some((e) => typed.has(`${e}\u0000${field}`))) return;
        const label = `data.${field}`;
        if (leaf.value === null && (leaf.operator === "notEqual" || leaf.operator === "equal")) {
          const presence = leaf.operator === "notEqual" ? "exists" : "notExists";
          out.push({
            code: CODE,
            severity: "warning",
            message: `${label} ${leaf.operator} null is ${leaf.operator === "notEqual" ? "true" : "false"} when the field is missing: use "${presence}" to test presence`,
            path: `${pointer}/operator`,
            fix: { title: `Use "${presence}"`, edits: [{ path: `${pointer}/operator`, value: presence }, { path: `${pointer}/value`, value: true }] },
          });
        }
        if (NUMERIC.has(String(leaf.operator)) && typeof leaf.value === "string" && leaf.value.trim() !== "" && Number.isFinite(Number(leaf.value))) {
          out.push({
            code: CODE,
            severity: "warning",
            message: `${label} ${String(leaf.operator)} the string ${JSON.stringify(leaf.value)}: a string field is then compared as text ("10" is less than "5"); compare with the number ${Number(leaf.value)}, or declare the field's type`,
            path: `${pointer}/value`,
            fix: { title: `Use the number ${Number(leaf.value)}`, edits: [{ path: `${pointer}/value`, value: Number(leaf.value) }] },
          });
        }
        const use = useOf(leaf);
        if (use === null) return;
        for (const event of site.events) {
          const key = `${event}\u0000${field}`;
          const first = uses.get(key);
          if (first === undefined) uses.set(key, { use, pointer });
          else if (first.use !== use) {
            out.push({ code: CODE, severity: "warning", message: `${label} of "${event}" is read as ${article(use)} here but as ${article(first.use)} at ${first.pointer}: one of the two is always false; declare the field's type in "events"`, path: `${pointer}/operator` });
          }
        }
      });
    }
    return out;
  },
};

function useOf(leaf: Record<string, unknown>): Use | null {
  const op = String(leaf.operator);
  if (op === "containsAny" || op === "matches") return "text";
  if (op === "contains" || op === "doesNotContain") return "list";
  if (NUMERIC.has(op) && typeof leaf.value === "number") return "number";
  return null;
}

function article(use: Use): string {
  return use === "text" ? "text" : `a ${use}`;
}

/** "type\0field" of every field with a declared type. */
function declaredFields(doc: PolicyDoc): Set<string> {
  const out = new Set<string>();
  for (const [type, decl] of Object.entries(doc.events ?? {})) {
    for (const [field, spec] of Object.entries(decl.data ?? {})) if (spec !== null && typeof spec === "object" && "type" in spec) out.add(`${type}\u0000${field}`);
  }
  return out;
}

/** Matcher conditions (their own event), rule checks (their `on` events) and any other `when` of a standard (events unknown). */
function conditionSites(doc: PolicyDoc): Site[] {
  const sites: Site[] = listMatchers(doc).flatMap((m) => (m.when ? [{ pointer: m.when.pointer, condition: m.when.condition, events: [m.event] }] : []));
  doc.standards.forEach((s, i) => {
    const std = s as Record<string, unknown>;
    if (std.kind === "rule") {
      const on = Array.isArray(std.on) ? std.on : [std.on];
      const events = on.map((m) => (typeof m === "string" ? m : (m as { event?: string }).event)).filter((e): e is string => typeof e === "string");
      for (const field of ["require", "forbid"]) if (std[field] !== undefined) sites.push({ pointer: `/standards/${i}/${field}`, condition: std[field], events });
    }
    if (Array.isArray(std.levels)) {
      std.levels.forEach((l: unknown, j) => {
        const when = (l as { when?: unknown }).when;
        if (when !== undefined) sites.push({ pointer: `/standards/${i}/levels/${j}/when`, condition: when, events: [] });
      });
    }
  });
  return sites;
}

function forEachLeaf(c: unknown, pointer: string, visit: (leaf: Record<string, unknown>, pointer: string) => void): void {
  if (c === null || typeof c !== "object" || Array.isArray(c)) return;
  const o = c as Record<string, unknown>;
  for (const k of ["all", "any"]) {
    const list = o[k];
    if (Array.isArray(list)) {
      list.forEach((x, i) => forEachLeaf(x, `${pointer}/${k}/${i}`, visit));
      return;
    }
  }
  if (o.not !== undefined) return forEachLeaf(o.not, `${pointer}/not`, visit);
  if ("fact" in o) visit(o, pointer);
}
