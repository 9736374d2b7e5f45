import { describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { compilePolicy, diffBehaviour, replayEvents } from "../../src/index.js";
import type { CompiledPolicy, PolicyDoc, YardstickEvent } from "../../src/index.js";

const dining = JSON.parse(readFileSync(new URL("../../../../policies/restaurant-dining.policy.json", import.meta.url), "utf8")) as PolicyDoc;

function compiled(patch: (d: any) => void = () => {}): CompiledPolicy {
  const d = structuredClone(dining) as any;
  patch(d);
  const r = compilePolicy(d);
  if (!r.ok) throw new Error(JSON.stringify(r.diagnostics));
  return r.value;
}
const at = (d: any, id: string) => d.standards.find((s: any) => s.id === id);

let n = 0;
const ev = (subject: string, type: string, time: string, data?: Record<string, unknown>): YardstickEvent => ({
  id: `e${++n}`,
  type,
  subject: `store-7/table-12/${subject}`,
  time: `2026-11-22T${time}+08:00`,
  ...(data ? { data } : {}),
});

// Visit 331: main course 11 min after the order; visit 332: 9 min; visit 333: 13 min.
const events = [
  ev("visit-331", "food.ordered", "12:10:00", { item: "steak" }),
  ev("visit-331", "main.served", "12:21:00", { item: "steak" }),
  ev("visit-332", "food.ordered", "12:10:00", { item: "fish" }),
  ev("visit-332", "main.served", "12:19:00", { item: "fish" }),
  ev("visit-333", "food.ordered", "12:10:00", { item: "duck" }),
  ev("visit-333", "main.served", "12:23:00", { item: "duck" }),
  ev("visit-331", "wine.served", "12:30:00", { item: "merlot" }),
  ev("visit-331", "wine.refill-offered", "12:33:00"),
];

describe("diffBehaviour", () => {
  it("lists nothing when the policy does not change", () => {
    const d = diffBehaviour(compiled(), compiled(), events);
    expect(d.changes).toEqual([]);
    expect(d.counts.R6).toEqual({ changed: 0, added: 0, removed: 0, unchanged: 3 });
    expect(d.standards).toEqual({ added: [], removed: [] });
  });

  it("lists each outcome that a longer limit turns from breached to met, with counts", () => {
    const d = diffBehaviour(compiled(), compiled((p) => (at(p, "R6").within = "PT12M")), events);
    expect(d.changes.map((c) => c.message)).toEqual(["store-7/table-12/visit-331 R6/steak: breached → met"]);
    const c = d.changes[0]!; // the line above expects exactly one
    expect([c.subject, c.standard, c.key, c.startedAt, c.before?.status, c.after?.status]).toEqual([
      "store-7/table-12/visit-331", "R6", "R6/steak", "2026-11-22T04:10:00.000Z", "breached", "met",
    ]);
    expect(d.counts.R6).toEqual({ changed: 1, added: 0, removed: 0, unchanged: 2 });
  });

  it("a shorter limit turns met into breached", () => {
    const d = diffBehaviour(compiled(), compiled((p) => (at(p, "R6").within = "PT8M")), events);
    expect(d.changes.map((c) => c.message)).toEqual(["store-7/table-12/visit-332 R6/fish: met → breached"]);
  });

  it("handles a removed and an added standard", () => {
    const after = compiled((p) => {
      p.standards = p.standards.filter((s: any) => s.id !== "R3");
      p.standards.push({ id: "R10", kind: "timing", title: "Main course within 12 minutes", start: "food.ordered", stop: "main.served", key: "item", within: "PT12M" });
    });
    const d = diffBehaviour(compiled(), after, events);
    expect(d.changes.map((c) => c.message)).toEqual([
      "store-7/table-12/visit-331 R10/steak: none → met",
      "store-7/table-12/visit-332 R10/fish: none → met",
      "store-7/table-12/visit-333 R10/duck: none → breached",
      "store-7/table-12/visit-331 R3: met → none",
    ]);
    expect(d.standards).toEqual({ added: ["R10"], removed: ["R3"] });
    expect([d.counts.R10, d.counts.R3]).toEqual([
      { changed: 0, added: 3, removed: 0, unchanged: 0 },
      { changed: 0, added: 0, removed: 1, unchanged: 0 },
    ]);
  });

  it("ignores warnings: only outcomes count", () => {
    const before = compiled();
    const after = compiled((p) => delete at(p, "R6").warnBefore);
    expect(diffBehaviour(before, after, events).changes).toEqual([]);
    // Evidence that warnings did change: three R6 warnings before, none after.
    const warnings = (p: CompiledPolicy) => replayEvents(p, events).filter((x) => x.status === "warning").length;
    expect([warnings(before), warnings(after)]).toEqual([3, 0]);
  });

  it("with until, an obligation still running is open and can change to breached", () => {
    const late = [ev("visit-400", "food.ordered", "12:00:00", { item: "soup" })];
    const d = diffBehaviour(compiled(), compiled((p) => (at(p, "R6").within = "PT5M")), late, { until: "2026-11-22T12:07:00+08:00" });
    expect(d.changes.map((c) => c.message)).toEqual(["store-7/table-12/visit-400 R6/soup: open → breached"]);
  });
});
