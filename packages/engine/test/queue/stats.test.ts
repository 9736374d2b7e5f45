import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { compilePolicy, replayEvents } from "../../src/index.js";
import { queueStats } from "../../src/replay/stats.js";

const compiled = compilePolicy(JSON.parse(readFileSync(resolve(import.meta.dirname, "../../../../policies/bank-branch.policy.json"), "utf8")));
if (!compiled.ok) throw new Error("bank-branch");
const policy = compiled.value;

let n = 0;
const ev = (type: string, hm: string, data: Record<string, unknown>) => ({ id: `s${++n}`, type, subject: "branch-1/queue", time: `2026-11-23T${hm}:00+08:00`, data });

describe("queueStats", () => {
  it("waits per class, overtakes, walk-aways and turn-aways of a replay", () => {
    const events = [
      ev("ticket.issued", "09:00", { ticket: "A1", class: "normal" }),
      ev("ticket.issued", "09:01", { ticket: "A2", class: "normal" }),
      ev("ticket.issued", "09:02", { ticket: "V1", class: "vip" }),
      ev("ticket.issued", "09:03", { ticket: "A3", class: "normal" }),
      ev("ticket.called", "09:04", { ticket: "V1", counter: 9 }),
      ev("ticket.called", "09:05", { ticket: "A2", counter: 1 }),
      ev("ticket.called", "09:10", { ticket: "A1", counter: 1 }),
      ev("ticket.abandoned", "09:30", { ticket: "A3" }),
      ev("ticket.issued", "17:20", { ticket: "A4", class: "normal" }),
      ev("ticket.issued", "17:35", { ticket: "A5", class: "normal" }),
      ev("ticket.turned-away", "17:40", { ticket: "A4" }),
      ev("ticket.turned-away", "17:41", { ticket: "A5" }),
    ];
    const decisions = replayEvents(policy, events);
    // Shuffled and with a duplicate: the figures do not depend on the order events came in.
    const stream = [...events].reverse().concat(events[0]!);
    expect(queueStats(stream, decisions)).toEqual({
      classes: {
        normal: { issued: 5, served: 2, walkAways: 1, turnedAway: 2, waitMs: { p50: 240_000, p90: 600_000, max: 600_000 } },
        vip: { issued: 1, served: 1, walkAways: 0, turnedAway: 0, waitMs: { p50: 120_000, p90: 120_000, max: 120_000 } },
      },
      overtakes: { calls: 1, ticketsOvertaken: 1 },
      walkAways: 1,
      turnedAway: { total: 2, violations: 1 },
      maxWaitBreaches: 1,
    });
  });

  it("has no waits for a class nobody of which was called", () => {
    const events = [ev("ticket.issued", "09:00", { ticket: "V7", class: "vip" })];
    expect(queueStats(events, replayEvents(policy, events)).classes).toEqual({
      vip: { issued: 1, served: 0, walkAways: 0, turnedAway: 0, waitMs: { p50: null, p90: null, max: null } },
    });
  });
});
