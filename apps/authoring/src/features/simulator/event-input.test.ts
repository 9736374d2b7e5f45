import { describe, expect, it } from "vitest";
import { localIso, parseNdjson, parseQuickEvents, scenarioEvents, toNdjson } from "./event-input.js";

describe("parseQuickEvents", () => {
  it("turns quick lines into events in the policy's zone", () => {
    const r = parseQuickEvents("guest.seated at 12:00 partySize=4 vip=true\n# a comment\n\nguest.greeted at 12:02:30 subject=t9", {
      date: "2026-11-22",
      timeZone: "Asia/Shanghai",
      subject: "table-1",
    });
    expect(r).toEqual({
      events: [
        { id: "quick-1", type: "guest.seated", subject: "table-1", time: "2026-11-22T12:00:00+08:00", data: { partySize: 4, vip: true } },
        { id: "quick-4", type: "guest.greeted", subject: "t9", time: "2026-11-22T12:02:30+08:00" },
      ],
      problems: [],
    });
  });

  it("reports lines it cannot read", () => {
    const r = parseQuickEvents("seated at noon\nguest.seated 12:00\nguest.seated at 2026-11-22Txx", { date: "2026-11-22", timeZone: "UTC", subject: "s" });
    expect(r.events).toEqual([]);
    expect(r.problems.map((p) => p.line)).toEqual([1, 2, 3]);
  });
});

describe("parseNdjson", () => {
  it("reads one event per line and fills ids and subjects", () => {
    const text = '{"id":"a","type":"guest.seated","subject":"v","time":"2026-11-22T12:00:00Z"}\n\n{"type":"guest.greeted","time":"2026-11-22T12:01:00Z"}\nnot json\n{"type":"x.y"}';
    const r = parseNdjson(text, "sim");
    expect(r.events).toEqual([
      { id: "a", type: "guest.seated", subject: "v", time: "2026-11-22T12:00:00Z" },
      { id: "line-3", type: "guest.greeted", subject: "sim", time: "2026-11-22T12:01:00Z" },
    ]);
    expect(r.problems.map((p) => p.line)).toEqual([4, 5]);
    expect(parseNdjson(toNdjson(r.events)).events).toEqual(r.events);
  });

  it("accepts a JSON array", () => {
    expect(parseNdjson('[{"type":"a.b","time":"2026-11-22T12:00:00Z"}]').events).toEqual([{ id: "line-1", type: "a.b", subject: "sim/1", time: "2026-11-22T12:00:00Z" }]);
  });
});

describe("localIso", () => {
  it("writes the zone's offset, also across daylight saving", () => {
    expect(localIso("2026-11-22", "9:05", "Asia/Shanghai")).toBe("2026-11-22T09:05:00+08:00");
    expect(localIso("2026-07-01", "12:00", "America/New_York")).toBe("2026-07-01T12:00:00-04:00");
    expect(localIso("2026-01-01", "12:00", "America/New_York")).toBe("2026-01-01T12:00:00-05:00");
    expect(localIso("2026-01-01", "12:00", "Not/AZone")).toBeNull();
  });
});

describe("scenarioEvents", () => {
  it("fills ids and subjects like the engine's scenario runner", () => {
    const c = { name: "x", subject: "v1", events: [{ type: "a.b", time: "t1" }, { id: "own", type: "a.c", time: "t2", subject: "v2", data: { k: 1 } }], expect: [] };
    expect(scenarioEvents(c, 2)).toEqual([
      { id: "case2-1", type: "a.b", subject: "v1", time: "t1" },
      { id: "own", type: "a.c", subject: "v2", time: "t2", data: { k: 1 } },
    ]);
  });
});
