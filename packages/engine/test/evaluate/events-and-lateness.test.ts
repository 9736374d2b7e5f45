import { describe, expect, it } from "vitest";
import { advance, compilePolicy, effectiveDecisions, initialState, normalizeEvent, replayEvents, step, YardstickError, type NormalizedEvent } from "../../src/index.js";

const policy = (() => {
  const r = compilePolicy({
    id: "demo",
    title: "Demo",
    standards: [{ id: "R1", kind: "timing", title: "Greet within 2 minutes", start: "guest.seated", stop: "guest.greeted", within: "PT2M" }],
  });
  if (!r.ok) throw new Error("demo policy");
  return r.value;
})();

const ev = (id: string, type: string, time: string): NormalizedEvent => {
  const r = normalizeEvent({ id, type, subject: "v1", time });
  if (!r.ok) throw new Error(id);
  return r.value;
};

describe("normalizeEvent", () => {
  it("names the field that is wrong", () => {
    const r = normalizeEvent({ id: "e1", type: "guest.seated", subject: "v1", time: "12:00", extra: 1 });
    expect(r).toEqual({
      ok: false,
      diagnostics: [
        { code: "event_invalid", severity: "error", message: '"time" must be ISO 8601 with an offset, e.g. "2026-11-22T12:00:00+08:00"; got "12:00"', path: "/time" },
        { code: "event_invalid", severity: "error", message: 'unknown field "extra"', path: "/extra" },
      ],
    });
    expect(normalizeEvent({ type: "guest.seated", subject: "v1", time: "2026-11-22T12:00:00Z" })).toMatchObject({ ok: false, diagnostics: [{ path: "/id" }] });
  });
});

describe("late events", () => {
  it("a greeting that arrives after the breach fired supersedes the breach with met", () => {
    let s = initialState();
    let d;
    [s, d] = step(policy, s, ev("a", "guest.seated", "2026-11-22T12:00:00Z"));
    expect(d).toEqual([]);
    [s, d] = advance(policy, s, Date.parse("2026-11-22T12:02:30Z"));
    expect(d.map((x) => [x.status, x.at])).toEqual([["breached", "2026-11-22T12:02:00.000Z"]]);
    const breachId = d[0]!.id;
    [s, d] = step(policy, s, ev("b", "guest.greeted", "2026-11-22T12:01:10Z"));
    expect(d.map((x) => [x.status, x.at, x.supersedes])).toEqual([["met", "2026-11-22T12:01:10.000Z", [breachId]]]);
    expect(effectiveDecisions([...d]).map((x) => x.status)).toEqual(["met"]);
  });

  it("refuses an event older than the lateness bound and changes nothing", () => {
    const [s] = step(policy, initialState(), ev("a", "guest.seated", "2026-11-22T12:00:00Z"), { latenessMs: 60_000 });
    const [s2] = advance(policy, s, Date.parse("2026-11-22T12:05:00Z"), { latenessMs: 60_000 });
    const frozen = JSON.stringify(s2);
    let err: unknown;
    try {
      step(policy, s2, ev("b", "guest.greeted", "2026-11-22T12:01:00Z"), { latenessMs: 60_000 });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(YardstickError);
    expect((err as YardstickError).code).toBe("event_too_late");
    expect(JSON.stringify(s2)).toBe(frozen);
  });

  it("step never mutates the state it is given", () => {
    const [s] = step(policy, initialState(), ev("a", "guest.seated", "2026-11-22T12:00:00Z"));
    const before = JSON.stringify(s);
    step(policy, s, ev("b", "guest.greeted", "2026-11-22T12:01:00Z"));
    advance(policy, s, Date.parse("2026-11-22T13:00:00Z"));
    expect(JSON.stringify(s)).toBe(before);
  });

  it("a settled subject is dropped from the state after the lateness bound", () => {
    let s = initialState();
    [s] = step(policy, s, ev("a", "guest.seated", "2026-11-22T12:00:00Z"));
    [s] = step(policy, s, ev("b", "guest.greeted", "2026-11-22T12:01:00Z"));
    [s] = advance(policy, s, Date.parse("2026-11-23T12:00:00Z"));
    expect(Object.keys(s.subjects)).toEqual(["v1"]);
    [s] = advance(policy, s, Date.parse("2026-11-23T12:01:01Z"));
    expect(Object.keys(s.subjects)).toEqual([]);
  });
});

describe("overdue obligations", () => {
  const DAY = 86_400_000;
  const seated = ev("s", "guest.seated", "2026-11-22T12:00:00Z");
  const stepped = (greetAt: string, clockAt: string) => {
    let s = initialState();
    const out = [];
    let d;
    [s, d] = step(policy, s, seated);
    out.push(...d);
    // The clock runs on (the runtime's scheduler), past the lateness bound of the last event.
    [s, d] = advance(policy, s, Date.parse(clockAt));
    out.push(...d);
    [s, d] = step(policy, s, ev("g", "guest.greeted", greetAt));
    out.push(...d);
    return effectiveDecisions(out).map((x) => [x.status, x.at, x.overByMs]);
  };

  it("a stop days after the breach, with nothing in between, still reports the overrun, in step/advance as in replay", () => {
    const late = "2026-11-25T12:02:00Z";
    const want = [
      ["breached", "2026-11-22T12:02:00.000Z", 0],
      ["breached", "2026-11-25T12:02:00.000Z", 3 * DAY],
    ];
    expect(stepped(late, "2026-11-25T12:00:00Z")).toEqual(want);
    expect(replayEvents(policy, [seated, ev("g", "guest.greeted", late)]).map((x) => [x.status, x.at, x.overByMs])).toEqual(want);
  });

  it("is forgotten 7 days after its breach: a later stop starts nothing and reports nothing", () => {
    const late = "2026-11-29T12:03:00Z";
    const want = [["breached", "2026-11-22T12:02:00.000Z", 0]];
    expect(stepped(late, "2026-11-29T12:02:30Z")).toEqual(want);
    expect(replayEvents(policy, [seated, ev("g", "guest.greeted", late)]).map((x) => [x.status, x.at, x.overByMs])).toEqual(want);
  });
});
