/**
 * Issue 14 "no prototype lookups": every shipped scenario case is replayed twice, once
 * as shipped and once with its user-chosen names (standard ids, subjects, calendar
 * names, queue classes, ticket numbers, escalation topics and complainants) renamed to
 * the members of Object.prototype and `__proto__`. A bijective rename cannot change
 * what is decided, so the decisions, mapped back through the rename, must be the same;
 * through replay and through step/advance with the state JSON round-tripped between
 * events (as the runtime stores it); nothing may throw, and Object.prototype must be
 * untouched. fast-check varies which name each user name gets.
 *
 * Timing correlation keys (`key: "item"` values) are renamed in the case at the end.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { compilePolicy } from "../../src/compile/compile-policy.js";
import { advance, initialState, step } from "../../src/evaluate/engine.js";
import { normalizeEvent } from "../../src/evaluate/event.js";
import { replayEvents } from "../../src/replay/replay.js";
import { caseEvents, type ScenarioCase, type ScenarioFile } from "../../src/scenario/run-scenarios.js";
import type { PolicyState } from "../../src/evaluate/model.js";
import type { Decision, YardstickEvent } from "../../src/types.js";

const POLICIES = join(import.meta.dirname, "../../../../policies");
const PROTO = Object.getOwnPropertyNames(Object.prototype).sort();
/** Standard ids must match the schema's id pattern: `__proto__` and `__defineGetter__` cannot be ids. */
const PROTO_IDS = PROTO.filter((n) => /^[A-Za-z][A-Za-z0-9_-]{0,31}$/.test(n));
const ALL_HOURS = { hours: Object.fromEntries(["mon", "tue", "wed", "thu", "fri", "sat", "sun"].map((d) => [d, [["00:00", "24:00"]]])) };

interface Loaded {
  name: string;
  doc: Record<string, unknown>;
  cases: ScenarioCase[];
}

const loaded: Loaded[] = readdirSync(POLICIES)
  .filter((f) => f.endsWith(".test.json"))
  .sort()
  .map((f) => {
    const file = JSON.parse(readFileSync(join(POLICIES, f), "utf8")) as ScenarioFile;
    const doc = JSON.parse(readFileSync(join(POLICIES, file.policy), "utf8")) as Record<string, unknown>;
    // A calendar for the first standard, so calendar names are renamed too (every hour a working hour: no change in outcome).
    doc.calendars = { ...(doc.calendars as object), office: ALL_HOURS };
    const first = (doc.standards as Array<Record<string, unknown>>)[0]!; // every shipped policy has a standard
    if (first.kind === "timing" || first.kind === "escalation") first.calendar = "office";
    return { name: f, doc, cases: file.cases };
  });

type Names = Map<string, string>;

/** User names of a policy and its cases, by role. */
function userNames(l: Loaded, withTimingKeys: boolean): { ids: string[]; other: string[] } {
  const standards = l.doc.standards as Array<Record<string, unknown>>;
  const ids = standards.map((s) => String(s.id));
  const other = new Set<string>(Object.keys(l.doc.calendars as object));
  for (const s of standards) for (const c of (s.classes as string[] | undefined) ?? []) other.add(c);
  const dataFields = new Set(["ticket", "class", "yieldTo", "topic", "complainant", "number"]);
  if (withTimingKeys) for (const s of standards) if (typeof s.key === "string") dataFields.add(s.key);
  l.cases.forEach((c, ci) => {
    for (const e of caseEvents(c, ci)) {
      other.add(e.subject);
      for (const [k, v] of Object.entries(e.data ?? {})) if (dataFields.has(k) && typeof v === "string") other.add(v);
    }
  });
  return { ids, other: [...other].filter((n) => !ids.includes(n)) };
}

/** Renames whole strings (keys and values) through `names`. */
function rename<T>(value: T, names: Names): T {
  const r = (v: unknown): unknown => {
    if (typeof v === "string") return names.get(v) ?? v;
    if (Array.isArray(v)) return v.map(r);
    if (v !== null && typeof v === "object") {
      const out: Record<string, unknown> = {};
      for (const [k, x] of Object.entries(v)) Object.defineProperty(out, names.get(k) ?? k, { value: r(x), enumerable: true, writable: true, configurable: true });
      return out;
    }
    return v;
  };
  return r(value) as T;
}

/** What a decision says, with names mapped back (ids carry a content hash of the names, so they are left out). */
function said(d: Decision, back: Names = new Map(), backIds: Names = new Map()): string {
  const un = (s: string) => back.get(s) ?? s;
  const unId = (s: string) => backIds.get(s) ?? s;
  const key = d.key.includes("/") ? `${unId(d.key.slice(0, d.key.indexOf("/")))}/${un(d.key.slice(d.key.indexOf("/") + 1))}` : unId(d.key);
  return JSON.stringify([unId(d.standard), un(d.subject), key, d.status, d.at, d.dueAt ?? null, d.elapsedMs ?? null, d.overByMs ?? null, d.level ?? null, d.ticket === undefined ? null : un(d.ticket), (d.overtaken ?? []).map(un), d.retracted ?? false]);
}

/** Replay, and step/advance with the state stored as JSON between calls. */
function run(doc: unknown, cases: ScenarioCase[]): { replay: Decision[][]; stepwise: Decision[][] } {
  const r = compilePolicy(doc);
  if (!r.ok) throw new Error(JSON.stringify(r.diagnostics));
  const policy = r.value;
  const replay: Decision[][] = [];
  const stepwise: Decision[][] = [];
  cases.forEach((c, ci) => {
    const events = caseEvents(c, ci);
    replay.push(replayEvents(policy, events, c.until ? { until: c.until } : {}));
    let state: PolicyState = initialState();
    const out: Decision[] = [];
    const sorted = events.map((e) => norm(e)).sort((a, b) => a.t - b.t || (a.id < b.id ? -1 : 1));
    for (const ev of sorted) {
      const [s1, d1] = advance(policy, state, ev.t - 1 < state.clock ? state.clock : ev.t - 1);
      const [s2, d2] = step(policy, JSON.parse(JSON.stringify(s1)) as PolicyState, ev);
      out.push(...d1, ...d2);
      state = JSON.parse(JSON.stringify(s2)) as PolicyState;
    }
    const end = c.until ? Date.parse(c.until) : sorted[sorted.length - 1]!.t + 40 * 86_400_000;
    out.push(...advance(policy, state, end)[1]);
    stepwise.push(out);
  });
  return { replay, stepwise };
}

function norm(e: YardstickEvent) {
  const n = normalizeEvent(e, "");
  if (!n.ok) throw new Error(JSON.stringify(n.diagnostics));
  return n.value;
}

function prototypeSnapshot(): string {
  return JSON.stringify(Object.getOwnPropertyNames(Object.prototype).sort().map((n) => [n, typeof Object.getOwnPropertyDescriptor(Object.prototype, n)?.value]));
}

function check(l: Loaded, order: string[], idOrder: string[], withTimingKeys: boolean): void {
  const { ids, other } = userNames(l, withTimingKeys);
  // The same prototype name may be a standard id and a subject at once: mapped back by role.
  const idNames: Names = new Map();
  const otherNames: Names = new Map();
  ids.forEach((id, i) => i < idOrder.length && idNames.set(id, idOrder[i]!));
  other.forEach((n, i) => i < order.length && otherNames.set(n, order[i]!));
  const names: Names = new Map([...otherNames, ...idNames]);
  const inverse = (m: Names): Names => new Map([...m].map(([a, b]) => [b, a]));
  const before = prototypeSnapshot();
  const plain = run(l.doc, l.cases);
  const hostile = run(rename(l.doc, names), rename(l.cases, names));
  expect(prototypeSnapshot()).toBe(before);
  expect((({}) as Record<string, unknown>).polluted).toBeUndefined();
  for (const mode of ["replay", "stepwise"] as const) {
    plain[mode].forEach((ds, ci) => {
      expect(hostile[mode][ci]!.map((d) => said(d, inverse(otherNames), inverse(idNames))), `${l.name} case ${ci} (${mode})`).toEqual(ds.map((d) => said(d)));
    });
  }
}

describe.each(loaded)("prototype member names in $name", (l) => {
  it("same decisions with user names renamed to Object.prototype members and __proto__", () => {
    fc.assert(
      fc.property(fc.shuffledSubarray(PROTO, { minLength: PROTO.length }), fc.shuffledSubarray(PROTO_IDS, { minLength: PROTO_IDS.length }), (order, idOrder) => {
        check(l, order, idOrder, false);
      }),
      // A fixed seed: CI never fails by chance.
      { numRuns: 5, seed: 20261202 },
    );
  });

  it("event data with keys named like prototype members changes nothing and pollutes nothing", () => {
    const before = prototypeSnapshot();
    const extra = Object.fromEntries(PROTO.map((n) => [n, { polluted: true }]));
    const json = JSON.parse(JSON.stringify(l.cases).replace(/"data":\{/g, `"data":{${JSON.stringify(extra).slice(1, -1)},`)) as ScenarioCase[];
    // JSON.parse makes "__proto__" an own key, as the runtime's body parser does.
    const plain = run(l.doc, l.cases);
    const hostile = run(l.doc, json);
    expect(prototypeSnapshot()).toBe(before);
    expect((({}) as Record<string, unknown>).polluted).toBeUndefined();
    expect(hostile.replay.map((ds) => ds.map((d) => said(d)))).toEqual(plain.replay.map((ds) => ds.map((d) => said(d))));
  });
});

describe("timing correlation keys", () => {
  const dining = loaded.find((l) => l.name.startsWith("restaurant-dining"))!;
  it("a correlation value named like a prototype member is still a separate obligation", () => {
    check(dining, PROTO, PROTO_IDS, true);
  });
});
