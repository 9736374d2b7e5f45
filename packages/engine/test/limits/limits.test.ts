/**
 * Issue 14, points 1 and 6: bounds are compile errors naming the field, never a hang or
 * an overflow at run time. Each case takes a shipped policy, pushes one value just past
 * its limit (and checks the value at the limit still compiles, so the test can fail
 * both ways), and expects `compile_limit_exceeded` at the field's JSON pointer.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { compilePolicy } from "../../src/compile/compile-policy.js";
import { replayEvents } from "../../src/replay/replay.js";
import { step, initialState, advance } from "../../src/evaluate/engine.js";
import { advanceUnit, stepUnit } from "../../src/evaluate/unit.js";
import { normalizeEvent } from "../../src/evaluate/event.js";
import { YardstickError } from "../../src/errors.js";
import * as L from "../../src/limits.js";
import type { CompiledPolicy } from "../../src/evaluate/model.js";
import type { Decision, NormalizedEvent, PolicyDoc } from "../../src/types.js";

const POLICIES = join(import.meta.dirname, "../../../../policies");
type Doc = PolicyDoc & Record<string, unknown>;
const load = (name: string): Doc => JSON.parse(readFileSync(join(POLICIES, `${name}.policy.json`), "utf8")) as Doc;

function limitErrors(doc: unknown): Array<{ path: string; message: string }> {
  const r = compilePolicy(doc);
  return r.diagnostics.filter((d) => d.code === "compile_limit_exceeded").map(({ path, message }) => ({ path, message }));
}
function compiles(doc: unknown): boolean {
  const r = compilePolicy(doc);
  return r.ok;
}

/** The document with `fn` applied to a deep copy. */
function edited(name: string, fn: (d: Doc) => void): Doc {
  const d = load(name);
  fn(d);
  return d;
}
const std = (d: Doc, i: number) => d.standards[i] as Record<string, unknown>;

describe("durations are bounded wherever the schema holds one", () => {
  // 400 days is P400D; one second more is over.
  const cases: Array<[string, string, (d: Doc, v: string) => void, string]> = [
    ["timing within", "restaurant-dining", (d, v) => (std(d, 0).within = v), "/standards/0/within"],
    ["timing warnBefore", "restaurant-dining", (d, v) => (std(d, 0).warnBefore = v), "/standards/0/warnBefore"],
    ["queue maxWait per class", "bank-branch", (d, v) => ((std(d, 1).maxWait as Record<string, string>).vip = v), "/standards/1/maxWait/vip"],
    ["escalation level age", "complaint-handling", (d, v) => (((std(d, 0).levels as Array<Record<string, unknown>>)[2]!).age = v), "/standards/0/levels/2/age"],
    ["escalation aggregate window", "complaint-handling", (d, v) => ((((std(d, 0).levels as Array<Record<string, unknown>>)[2]!).aggregate as Record<string, unknown>).within = v), "/standards/0/levels/2/aggregate/within"],
  ];
  it.each(cases)("%s", (_name, policy, set, pointer) => {
    for (const huge of ["P999999999D", "PT99999999999999999999S", `P${"9".repeat(400)}D`, "P400DT1S", "P58W"]) {
      const errors = limitErrors(edited(policy, (d) => set(d, huge)));
      expect(errors.map((e) => e.path), huge).toEqual([pointer]);
      expect(errors[0]?.message).toContain("400 days");
      expect(errors[0]?.message).toContain(JSON.stringify(huge));
    }
  });

  it("P400D itself compiles (within, warnBefore below it)", () => {
    expect(compiles(edited("restaurant-dining", (d) => (std(d, 0).within = "P400D")))).toBe(true);
    expect(L.MAX_DURATION_MS).toBe(400 * 86_400_000);
  });
});

describe("sizes", () => {
  const timing = (id: string) => ({ id, kind: "timing", title: `S ${id}`, start: "guest.seated", stop: "guest.greeted", within: "PT2M" });
  const cal = { hours: { mon: [["09:00", "17:00"]] } };
  const days = (n: number) => Array.from({ length: n }, (_, i) => new Date(Date.UTC(2026, 0, 1) + i * 86_400_000).toISOString().slice(0, 10));

  it("standards per policy", () => {
    const at = (n: number) => edited("restaurant-dining", (d) => (d.standards = Array.from({ length: n }, (_, i) => timing(`S${i}`))));
    expect(compiles(at(L.MAX_STANDARDS))).toBe(true);
    expect(limitErrors(at(L.MAX_STANDARDS + 1))).toEqual([{ path: "/standards", message: `standards: ${L.MAX_STANDARDS + 1}; the limit is ${L.MAX_STANDARDS}` }]);
  });

  it("calendars, holidays per calendar, periods per day", () => {
    const cals = (n: number) => edited("restaurant-dining", (d) => (d.calendars = Object.fromEntries(Array.from({ length: n }, (_, i) => [`c${i}`, cal]))));
    expect(compiles(cals(L.MAX_CALENDARS))).toBe(true);
    expect(limitErrors(cals(L.MAX_CALENDARS + 1)).map((e) => e.path)).toEqual(["/calendars"]);
    const hol = (n: number) => edited("restaurant-dining", (d) => (d.calendars = { branch: { ...cal, holidays: days(n) } }));
    expect(compiles(hol(L.MAX_HOLIDAYS))).toBe(true);
    expect(limitErrors(hol(L.MAX_HOLIDAYS + 1)).map((e) => e.path)).toEqual(["/calendars/branch/holidays"]);
    const periods = Array.from({ length: L.MAX_PERIODS_PER_DAY + 1 }, (_, i) => [`${String(i).padStart(2, "0")}:00`, `${String(i).padStart(2, "0")}:30`]);
    expect(limitErrors(edited("restaurant-dining", (d) => (d.calendars = { branch: { hours: { tue: periods } } }))).map((e) => e.path)).toEqual(["/calendars/branch/hours/tue"]);
  });

  it("condition width and `in` list size", () => {
    const leaf = { fact: "data", path: "$.party", operator: "equal", value: 1 };
    const wide = (n: number) => edited("restaurant-dining", (d) => (std(d, 0).start = { event: "guest.seated", when: { any: Array.from({ length: n }, () => leaf) } }));
    expect(compiles(wide(L.MAX_CONDITION_WIDTH))).toBe(true);
    expect(limitErrors(wide(L.MAX_CONDITION_WIDTH + 1)).map((e) => e.path)).toEqual(["/standards/0/start/when/any"]);
    const list = (n: number) => edited("restaurant-dining", (d) => (std(d, 0).start = { event: "guest.seated", when: { fact: "data", path: "$.party", operator: "in", value: Array.from({ length: n }, (_, i) => i) } }));
    expect(compiles(list(L.MAX_LIST_ITEMS))).toBe(true);
    expect(limitErrors(list(L.MAX_LIST_ITEMS + 1)).map((e) => e.path)).toEqual(["/standards/0/start/when/value"]);
  });

  it("event types, names and strings", () => {
    const types = (n: number) => edited("restaurant-dining", (d) => {
      d.events = { ...d.events, ...Object.fromEntries(Array.from({ length: n - Object.keys(d.events ?? {}).length }, (_, i) => [`extra.t${i}`, { description: "x" }])) };
    });
    expect(compiles(types(L.MAX_EVENT_TYPES))).toBe(true);
    expect(limitErrors(types(L.MAX_EVENT_TYPES + 1)).map((e) => e.path)).toEqual(["/events"]);
    const longName = `c${"x".repeat(L.MAX_NAME_CHARS)}`;
    expect(limitErrors(edited("restaurant-dining", (d) => (d.calendars = { [longName]: cal }))).map((e) => e.path)).toEqual([`/calendars/${longName}`]);
    const longText = "y".repeat(L.MAX_STRING_CHARS + 1);
    // Titles and descriptions have a schema limit (2000); a condition's value has none but this.
    const compared = edited("restaurant-dining", (d) => (std(d, 0).start = { event: "guest.seated", when: { fact: "data", path: "$.note", operator: "equal", value: longText } }));
    expect(limitErrors(compared).map((e) => e.path)).toEqual(["/standards/0/start/when/value"]);
  });
});

describe("nothing loops forever at run time, even for a policy that bypassed compile", () => {
  const ok = compilePolicy(load("restaurant-dining"));
  if (!ok.ok) throw new Error("restaurant-dining must compile");
  const base = ok.value;
  const ev = (type: string, time: string, data: Record<string, unknown> = {}): NormalizedEvent => {
    const n = normalizeEvent({ id: `${type}@${time}`, type, subject: "t1", time, data }, "");
    if (!n.ok) throw new Error("bad event");
    return n.value;
  };
  // The hang: a limit beyond 2^53 ms. compilePolicy refuses it (above); a
  // hand-made CompiledPolicy with the same limit must throw, not spin on `key + 1 === key`.
  const forged: CompiledPolicy = { ...base, standards: base.standards.map((s) => ({ ...s, withinMs: 86_400_000 * 999_999_999 })) };
  const seated = ev("guest.seated", "2026-11-22T12:00:00+08:00");

  function code(fn: () => unknown): string {
    try {
      fn();
    } catch (e) {
      return e instanceof YardstickError ? e.code : `not a YardstickError: ${String(e)}`;
    }
    return "no error";
  }

  it("compilePolicy refuses the limit; replayEvents, step, stepUnit on the forged policy throw engine_time_out_of_range", () => {
    expect(limitErrors(edited("restaurant-dining", (d) => (std(d, 0).within = "P999999999D"))).length).toBe(1);
    expect(code(() => replayEvents(forged, [seated]))).toBe("engine_time_out_of_range");
    expect(code(() => step(forged, initialState(), seated))).toBe("engine_time_out_of_range");
    expect(code(() => stepUnit(forged, { subject: "t1", state: null }, seated))).toBe("engine_time_out_of_range");
  });

  it("a deadline in an event's data beyond the longest duration counts as no valid deadline (not looped on, not refused)", () => {
    const p = compilePolicy(load("promises"));
    if (!p.ok) throw new Error("promises must compile");
    const at = "2026-11-22T10:00:00+08:00";
    // P1's decisions only: P2 (a rule, issue 11) judges the deadline's form, not its length.
    const timed = (ds: Decision[]) => ds.filter((d) => d.standard === "P1");
    const none = timed(replayEvents(p.value, [ev("promise.made", at, { promise: "x" })]));
    expect(none.map((d) => d.status)).toEqual(["cancelled"]);
    for (const data of [{ within: "P999999999D" }, { within: "P401D" }, { due: "9999-01-01T00:00:00Z" }]) {
      const promise = ev("promise.made", at, { promise: "x", ...data });
      expect(timed(replayEvents(p.value, [promise])), JSON.stringify(data)).toEqual(none);
      expect(timed(step(p.value, initialState(), promise)[1]), JSON.stringify(data)).toEqual(none);
    }
  });

  it("times that are not safe integers are refused at the edge of the API", () => {
    const [state] = step(base, initialState(), seated);
    for (const t of [2 ** 53, Number.MAX_VALUE, Infinity, NaN, 1.5, 8.64e15 + 1]) {
      expect(code(() => advance(base, state, t)), String(t)).toBe("engine_time_out_of_range");
      expect(code(() => advanceUnit(base, { subject: "t1", state: state.subjects.t1! }, t)), String(t)).toBe("engine_time_out_of_range");
      expect(code(() => stepUnit(base, { subject: "t1", state: null }, { ...seated, t })), String(t)).toBe("engine_time_out_of_range");
      expect(code(() => stepUnit(base, { subject: "t1", state: null }, seated, { watermark: t })), String(t)).toBe("engine_time_out_of_range");
      // NaN has its own code there (replay_until_invalid), as before.
      expect(code(() => replayEvents(base, [seated], { until: t })), String(t)).toBe(Number.isNaN(t) ? "replay_until_invalid" : "engine_time_out_of_range");
    }
  });
});
