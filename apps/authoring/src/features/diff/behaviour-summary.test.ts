import { describe, expect, it } from "vitest";
import { defaultRange, replayInstants, summarizeChanges } from "./behaviour-summary.js";
import type { BehaviourChange } from "../../api/client.js";

describe("defaultRange", () => {
  it("is the last 30 days up to today in the policy's zone", () => {
    // 10:00 UTC = 18:00 in Shanghai, same day; 30 days earlier is 11-02, 18:00 there.
    expect(defaultRange(Date.parse("2026-12-02T10:00:00Z"), "Asia/Shanghai")).toEqual({ from: "2026-11-02", to: "2026-12-02" });
    // 20:00 UTC on 12-01 is already 04:00 on 12-02 in Shanghai, still 12-01 in UTC.
    expect(defaultRange(Date.parse("2026-12-01T20:00:00Z"), "Asia/Shanghai")).toEqual({ from: "2026-11-02", to: "2026-12-02" });
    expect(defaultRange(Date.parse("2026-12-01T20:00:00Z"), "UTC")).toEqual({ from: "2026-11-01", to: "2026-12-01" });
  });
});

describe("replayInstants", () => {
  const range = { from: "2026-11-02", to: "2026-12-02" };
  it("runs from the first midnight to the midnight after the last day, in the zone", () => {
    expect(replayInstants(range, "Asia/Shanghai", Date.parse("2027-01-01T00:00:00Z"))).toEqual({
      from: "2026-11-02T00:00:00+08:00",
      to: "2026-12-03T00:00:00+08:00",
    });
  });
  it("stops at now rather than running the clock into the future", () => {
    // The midnight after 12-02 in Shanghai is 12-02T16:00Z, after now (10:00Z).
    expect(replayInstants(range, "Asia/Shanghai", Date.parse("2026-12-02T10:00:00Z"))).toEqual({
      from: "2026-11-02T00:00:00+08:00",
      to: "2026-12-02T10:00:00.000Z",
    });
  });
  it("refuses dates that are not valid or not in order", () => {
    const now = Date.parse("2027-01-01T00:00:00Z");
    expect(replayInstants({ from: "2026-12-05", to: "2026-12-01" }, "UTC", now)).toBeNull();
    expect(replayInstants({ from: "", to: "2026-12-01" }, "UTC", now)).toBeNull();
    expect(replayInstants({ from: "2026-12-01", to: "tomorrow" }, "UTC", now)).toBeNull();
    // Entirely in the future: nothing to replay.
    expect(replayInstants({ from: "2027-02-01", to: "2027-02-02" }, "UTC", now)).toBeNull();
  });
});

describe("summarizeChanges", () => {
  const change = (standard: string, before: string | null, after: string | null): BehaviourChange => ({
    standard,
    before: before ? { status: before } : null,
    after: after ? { status: after } : null,
    message: `${standard}`,
  });
  it("counts obligations per standard and transition, in the policy's order, biggest first", () => {
    const changes = [
      change("R1", "met", "breached"),
      change("Z9", "met", null),
      change("R1", "breached", "met"),
      change("R3", null, "met"),
      change("R1", "breached", "met"),
    ];
    expect(summarizeChanges(changes, ["R1", "R2", "R3"])).toEqual([
      { standard: "R1", before: "breached", after: "met", count: 2 },
      { standard: "R1", before: "met", after: "breached", count: 1 },
      { standard: "R3", before: "none", after: "met", count: 1 },
      { standard: "Z9", before: "met", after: "none", count: 1 },
    ]);
  });
  it("is empty without changes", () => {
    expect(summarizeChanges([], ["R1"])).toEqual([]);
  });
});
