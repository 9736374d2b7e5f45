/**
 * The bounds of ../limits.ts, checked on a schema-valid document before it compiles.
 *
 * Code (API, never renamed):
 * - `compile_limit_exceeded`  a value beyond a documented bound (docs/limits.md (engine section));
 *                             `path` names the field, the message the limit and the value
 *
 * Durations are found where the published schema puts them: the schema is compiled once
 * more with a marker on its `duration` definition, so a duration field added to the
 * schema later is bounded without being listed here. (Condition depth is checked by
 * conditions/compile-condition.ts, `compile_condition_too_deep`.)
 */
import AjvImport from "ajv";
import type { Diagnostic } from "../types.js";
import { policySchema } from "../schema/validate.js";
import { escapePointer } from "../vocabulary/pointer.js";
import { parseCalendarDuration, parseDuration } from "../vocabulary/duration.js";
import * as L from "../limits.js";

type Found = { pointer: string; value: unknown };
type Mark = "duration";
type Collector = Record<Mark, Found[]>;

const Ajv = ((AjvImport as unknown as { default?: unknown }).default ?? AjvImport) as new (o: object) => {
  addKeyword(def: object): void;
  compile(s: object): (doc: unknown) => boolean;
};

/** Where the marked validator records what it meets (it runs synchronously, one document at a time). */
let collector: Collector | null = null;
let finder: ((doc: unknown) => boolean) | null = null;

/** Every duration in a schema-valid document, with its JSON pointer. */
function locate(doc: unknown): Collector {
  if (!finder) {
    const ajv = new Ajv({ allErrors: true, strict: false });
    ajv.addKeyword({
      keyword: "x-yardstick-mark",
      schemaType: "string",
      errors: false,
      validate: (mark: Mark, data: unknown, _parent: unknown, cxt?: { instancePath: string }) => {
        collector?.[mark].push({ pointer: cxt?.instancePath ?? "", value: data });
        return true;
      },
    });
    const schema = structuredClone(policySchema) as { definitions: Record<string, Record<string, unknown>> };
    schema.definitions.duration!["x-yardstick-mark"] = "duration"; // the bundled schema defines it
    finder = ajv.compile(schema);
  }
  const found: Collector = { duration: [] };
  collector = found;
  try {
    finder(doc);
  } finally {
    collector = null;
  }
  return found;
}

/**
 * The limit diagnostics of a schema-valid policy document (empty when within bounds).
 * @example checkLimits({ ...doc, standards: [{ ...s, within: "P999999999D" }] }) // [{ code: "compile_limit_exceeded", path: "/standards/0/within", … }]
 */
export function checkLimits(doc: unknown): Diagnostic[] {
  const out: Diagnostic[] = [];
  const exceeded = (path: string, message: string) => out.push({ code: "compile_limit_exceeded", severity: "error", message, path });
  walk(doc, "", exceeded);
  const found = locate(doc);
  const seen = new Set<string>();
  for (const { pointer, value } of found.duration) {
    if (typeof value !== "string" || seen.has(pointer)) continue;
    seen.add(pointer);
    const months = parseCalendarDuration(value);
    // A month counts as its longest (31 days) against the limit, so "P12M" cannot outrun the calendar's search range.
    const ms = parseDuration(value) ?? (months === null ? null : months.months * L.MONTH_UPPER_MS + months.ms);
    if (ms === null) continue; // malformed: the kind compiler says so
    if (months !== null && months.months > L.MAX_CALENDAR_MONTHS) {
      exceeded(pointer, `duration ${JSON.stringify(value)} counts ${months.months} calendar months; the limit is ${L.MAX_CALENDAR_MONTHS}`);
      continue;
    }
    if (!Number.isFinite(ms) || ms < 0 || ms > L.MAX_DURATION_MS) {
      exceeded(pointer, `duration ${JSON.stringify(value)} is longer than the limit of ${L.MAX_DURATION_MS / 86_400_000} days (P${L.MAX_DURATION_MS / 86_400_000}D)`);
    }
  }
  return out;
}

/** Sizes: lists, names, strings, and the counted parts of a policy. */
function walk(value: unknown, pointer: string, exceeded: (path: string, message: string) => void): void {
  if (typeof value === "string") {
    if (value.length > L.MAX_STRING_CHARS) exceeded(pointer, `text of ${value.length} characters; the limit is ${L.MAX_STRING_CHARS}`);
    return;
  }
  if (value === null || typeof value !== "object") return;
  if (Array.isArray(value)) {
    const limit = listLimit(pointer);
    if (value.length > limit.max) {
      exceeded(pointer, `${limit.what}: ${value.length}; the limit is ${limit.max}`);
      return; // do not report every item of a list that is too long anyway
    }
    value.forEach((v, i) => walk(v, `${pointer}/${i}`, exceeded));
    return;
  }
  const entries = Object.entries(value);
  const count = objectLimit(pointer);
  if (count && entries.length > count.max) {
    exceeded(pointer, `${count.what}: ${entries.length}; the limit is ${count.max}`);
    return;
  }
  for (const [k, v] of entries) {
    const at = `${pointer}/${escapePointer(k)}`;
    if (k.length > L.MAX_NAME_CHARS) exceeded(at, `name of ${k.length} characters; the limit is ${L.MAX_NAME_CHARS}`);
    walk(v, at, exceeded);
  }
}

function listLimit(pointer: string): { max: number; what: string } {
  if (pointer === "/standards") return { max: L.MAX_STANDARDS, what: "standards" };
  if (/^\/calendars\/[^/]+\/holidays$/.test(pointer)) return { max: L.MAX_HOLIDAYS, what: "holidays in the calendar" };
  if (/^\/calendars\/[^/]+\/hours\/[^/]+$/.test(pointer)) return { max: L.MAX_PERIODS_PER_DAY, what: "working periods in one day" };
  if (/^\/calendars\/[^/]+\/workdays\/[^/]+$/.test(pointer)) return { max: L.MAX_PERIODS_PER_DAY, what: "working periods in one day" };
  if (/\/(all|any)$/.test(pointer)) return { max: L.MAX_CONDITION_WIDTH, what: "conditions in one all/any" };
  return { max: L.MAX_LIST_ITEMS, what: "items in the list" };
}

function objectLimit(pointer: string): { max: number; what: string } | null {
  if (pointer === "/events") return { max: L.MAX_EVENT_TYPES, what: "declared event types" };
  if (pointer === "/calendars") return { max: L.MAX_CALENDARS, what: "calendars" };
  if (/^\/calendars\/[^/]+\/workdays$/.test(pointer)) return { max: L.MAX_WORKDAYS, what: "workdays in the calendar" };
  return pointer === "" ? null : { max: L.MAX_LIST_ITEMS, what: "entries in the object" };
}
