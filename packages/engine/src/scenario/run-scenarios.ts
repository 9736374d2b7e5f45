/**
 * Scenario tests that live next to each policy (`<name>.test.json`), like OPA's
 * `x_test.rego`: events, an optional `until`, the decisions wanted (partial match) and
 * those that must not appear.
 */
import { own } from "../own.js";
import type { Decision, YardstickEvent } from "../types.js";
import type { CompiledPolicy } from "../evaluate/model.js";
import { replayEvents } from "../replay/replay.js";
import { YardstickError } from "../errors.js";

export interface ScenarioCase {
  name: string;
  /** How the expected values were computed (by hand). */
  note?: string;
  /** Default subject for events that name none. */
  subject?: string;
  /** Events; `id` defaults to "<case>-<n>", `subject` to the case's. */
  events: Array<Partial<YardstickEvent> & { type: string; time: string }>;
  until?: string;
  /** Each entry must match a different decision (fields compared; times as instants; reasons as substrings). */
  expect: Array<Partial<Decision>>;
  /** No decision may match any of these. */
  forbid?: Array<Partial<Decision>>;
  /** When true, every decision must be matched by an `expect` entry. */
  exact?: boolean;
}

export interface ScenarioFile {
  $schema?: string;
  policy: string;
  cases: ScenarioCase[];
}

export interface ScenarioResult {
  name: string;
  ok: boolean;
  failures: string[];
  decisions: Decision[];
}

const TIME_FIELDS = new Set(["at", "dueAt", "startedAt"]);

/** Runs every case of a scenario file against a compiled policy. */
export function runScenarios(policy: CompiledPolicy, file: ScenarioFile): ScenarioResult[] {
  return file.cases.map((c, ci) => runCase(policy, c, ci));
}

/** Builds the full events of a case (ids and subjects filled in). */
export function caseEvents(c: ScenarioCase, ci = 0): YardstickEvent[] {
  return c.events.map((e, i) => ({
    id: e.id ?? `case${ci}-${i + 1}`,
    type: e.type,
    subject: e.subject ?? c.subject ?? "subject-1",
    time: e.time,
    ...(e.data !== undefined ? { data: e.data } : {}),
  }));
}

function runCase(policy: CompiledPolicy, c: ScenarioCase, ci: number): ScenarioResult {
  let decisions: Decision[];
  try {
    decisions = replayEvents(policy, caseEvents(c, ci), c.until !== undefined ? { until: c.until } : {});
  } catch (err) {
    const msg = err instanceof YardstickError ? `${err.code}: ${err.message}` : String(err);
    return { name: c.name, ok: false, failures: [msg], decisions: [] };
  }
  const failures: string[] = [];
  const used = new Set<number>();
  for (const want of c.expect) {
    const i = decisions.findIndex((d, j) => !used.has(j) && matchesPartial(d, want));
    if (i < 0) failures.push(`expected a decision matching ${JSON.stringify(want)}`);
    else used.add(i);
  }
  for (const bad of c.forbid ?? []) {
    const d = decisions.find((x) => matchesPartial(x, bad));
    if (d) failures.push(`forbidden decision ${JSON.stringify(bad)} appeared: ${d.standard} ${d.status} at ${d.at}`);
  }
  if (c.exact) {
    decisions.forEach((d, j) => {
      if (!used.has(j)) failures.push(`unexpected decision: ${d.standard} ${d.key} ${d.status} at ${d.at}`);
    });
  }
  return { name: c.name, ok: failures.length === 0, failures, decisions };
}

/**
 * True when every field of `want` matches `d`: times compare as instants, `reasons`
 * entries as substrings of some reason, everything else by deep equality.
 */
export function matchesPartial(d: Decision, want: Partial<Decision>): boolean {
  return Object.entries(want).every(([k, v]) => {
    const actual = own(d as unknown as Record<string, unknown>, k);
    if (TIME_FIELDS.has(k) && typeof v === "string" && typeof actual === "string") return Date.parse(v) === Date.parse(actual);
    if (k === "reasons" && Array.isArray(v)) return v.every((r) => d.reasons.some((x) => x.includes(String(r))));
    return deepEqual(actual, v);
  });
}

function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== "object" || typeof b !== "object" || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  return ka.length === kb.length && ka.every((k) => Object.hasOwn(b, k) && deepEqual((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}
