/**
 * The unit-level API against the whole-state API: every case of every shipped scenario
 * file, its events in (time, id) order with the clock advanced to each event, run once
 * through step/advance on a PolicyState and once unit by unit (stepUnit on the units
 * unitsReached names, advanceUnit on every stored unit, states kept apart as the
 * runtime keeps them) must make the same decisions in the same order and leave the
 * same states. Plus the watermark: a unit with no state refuses an event older than
 * the watermark minus the lateness bound.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { compilePolicy } from "../../src/compile/compile-policy.js";
import { advance, initialState, step } from "../../src/evaluate/engine.js";
import { advanceUnit, isUnitSettled, stepUnit, unitDueAt, unitsReached } from "../../src/evaluate/unit.js";
import { normalizeEvent } from "../../src/evaluate/event.js";
import { caseEvents, type ScenarioFile } from "../../src/scenario/run-scenarios.js";
import type { CompiledPolicy, SubjectState } from "../../src/evaluate/model.js";
import type { Decision, NormalizedEvent } from "../../src/types.js";

const POLICIES = join(import.meta.dirname, "../../../../policies");
const files = readdirSync(POLICIES).filter((f) => f.endsWith(".test.json")).sort();

function load(name: string): CompiledPolicy {
  const r = compilePolicy(JSON.parse(readFileSync(join(POLICIES, `${name}.policy.json`), "utf8")));
  if (!r.ok) throw new Error(JSON.stringify(r.diagnostics));
  return r.value;
}

function ordered(events: ReturnType<typeof caseEvents>): NormalizedEvent[] {
  return events
    .map((e) => {
      const n = normalizeEvent(e, "");
      if (!n.ok) throw new Error(JSON.stringify(n.diagnostics));
      return n.value;
    })
    .sort((a, b) => a.t - b.t || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/** The runtime's way: subjects and shared units in separate maps. */
function byUnits(policy: CompiledPolicy, events: NormalizedEvent[], end: number) {
  const subjects = new Map<string, SubjectState>();
  const shared = new Map<string, SubjectState>();
  const out: Decision[] = [];
  let watermark = 0;
  const advanceAll = (to: number) => {
    for (const [subject, state] of [...subjects]) {
      const [next, ds] = advanceUnit(policy, { subject, state }, to);
      out.push(...ds);
      if (next) subjects.set(subject, next);
      else subjects.delete(subject);
    }
    for (const [standard, state] of [...shared]) {
      const [next, ds] = advanceUnit(policy, { standard, state }, to);
      out.push(...ds);
      if (next) shared.set(standard, next);
    }
    watermark = Math.max(watermark, to);
  };
  for (const ev of events) {
    advanceAll(ev.t);
    for (const u of unitsReached(policy, ev)) {
      const home = "subject" in u ? subjects : shared;
      const name = "subject" in u ? u.subject : u.standard;
      const unit = "subject" in u ? { subject: u.subject, state: home.get(name) ?? null } : { standard: u.standard, state: home.get(name) ?? null };
      const [next, ds] = stepUnit(policy, unit, ev, { watermark });
      out.push(...ds);
      if (next) home.set(name, next);
    }
    watermark = Math.max(watermark, ev.t);
  }
  advanceAll(end);
  return { out, subjects: Object.fromEntries(subjects), shared: Object.fromEntries(shared) };
}

describe("unit API = whole-state API", () => {
  for (const file of files) {
    const scenario = JSON.parse(readFileSync(join(POLICIES, file), "utf8")) as ScenarioFile;
    const policy = load(file.replace(/\.test\.json$/, ""));
    it.each(scenario.cases.map((c, i) => [c.name, c, i] as const))(`${file}: %s`, (_name, c, ci) => {
      const events = ordered(caseEvents(c, ci));
      if (events.length === 0) return;
      const end = events[events.length - 1]!.t + 10 * 86_400_000;
      let state = initialState();
      const whole: Decision[] = [];
      for (const ev of events) {
        let r = advance(policy, state, ev.t);
        whole.push(...r[1]);
        r = step(policy, r[0], ev);
        whole.push(...r[1]);
        state = r[0];
      }
      const last = advance(policy, state, end);
      whole.push(...last[1]);
      const units = byUnits(policy, events, end);
      expect(units.out).toEqual(whole);
      expect(units.subjects).toEqual(last[0].subjects);
      expect(units.shared).toEqual(last[0].shared);
    });
  }
});

describe("unit API", () => {
  const policy = load("restaurant-dining");
  const at = (iso: string, id: string, subject = "v1") => ordered([{ id, type: "guest.seated", subject, time: iso, data: { partySize: 2 } }])[0]!;

  it("refuses an event older than watermark − lateness for a unit with no state, and accepts it without a watermark", () => {
    const ev = at("2026-11-20T10:00:00Z", "e1");
    const watermark = Date.parse("2026-11-21T10:00:01Z"); // 24 h + 1 s later
    expect(() => stepUnit(policy, { subject: "v1", state: null }, ev, { watermark })).toThrow(expect.objectContaining({ code: "event_too_late" }));
    expect(stepUnit(policy, { subject: "v1", state: null }, ev)[0]).not.toBeNull();
  });

  it("settles: after the lateness bound with nothing running, the subject is dropped at unitDueAt", () => {
    // R1 (greet within 2 min, warn 30 s before) starts at seating: first due is the
    // warning at 10:01:30, then the breach at 10:02:00; the overdue obligation is kept
    // 7 days for a late stop, then the subject has nothing running and settles.
    const [s1] = stepUnit(policy, { subject: "v1", state: null }, at("2026-11-20T10:00:00Z", "e1"));
    expect(unitDueAt(policy, { subject: "v1", state: s1 })).toBe(Date.parse("2026-11-20T10:01:30Z"));
    let state = s1;
    let next = unitDueAt(policy, { subject: "v1", state });
    const made: Decision[] = [];
    while (state && next !== null) {
      expect(isUnitSettled(policy, { subject: "v1", state }, next - 1)).toBe(false);
      let ds: Decision[];
      [state, ds] = advanceUnit(policy, { subject: "v1", state }, next);
      made.push(...ds);
      next = state ? unitDueAt(policy, { subject: "v1", state }) : null;
    }
    expect(made.filter((d) => d.standard === "R1").map((d) => [d.status, d.at])).toEqual([
      ["warning", "2026-11-20T10:01:30.000Z"],
      ["breached", "2026-11-20T10:02:00.000Z"],
    ]);
    expect(state).toBeNull();
  });

  it("refuses a unit that is not one: a standard that is not policy-scoped, or another subject's event", () => {
    const ev = at("2026-11-20T10:00:00Z", "e1");
    expect(() => stepUnit(policy, { standard: "R1", state: null }, ev)).toThrow(expect.objectContaining({ code: "engine_unit_invalid" }));
    expect(() => stepUnit(policy, { subject: "v2", state: null }, ev)).toThrow(expect.objectContaining({ code: "engine_unit_invalid" }));
  });
});
