import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { compilePolicy, replayEvents, type CompiledPolicy, type Decision } from "../../src/index.js";

function compile(doc: Record<string, unknown>): CompiledPolicy {
  const r = compilePolicy({ id: "queue-test", title: "Queue test", timezone: "Asia/Shanghai", ...doc });
  if (!r.ok) throw new Error(JSON.stringify(r.diagnostics));
  return r.value;
}

let n = 0;
const ev = (type: string, time: string, data: Record<string, unknown>, subject = "branch-1/queue") => ({ id: `e${++n}`, type, subject, time: `2026-11-23T${time}+08:00`, data });
const brief = (list: Decision[]) => list.map((d) => [d.standard, d.status, d.ticket, d.overtaken ?? null, d.at]);

describe("compileQueue diagnostics", () => {
  const base = { id: "Q", kind: "queue", title: "Queue", issue: "ticket.issued" };
  it("names what is missing or contradictory, at its place", () => {
    const r = compilePolicy({
      id: "q",
      title: "Q",
      standards: [
        { ...base, id: "Q0" },
        { ...base, id: "Q1", fifo: true },
        { ...base, id: "Q2", call: "ticket.called", classes: ["vip", "normal"], maxWait: { normal: "PT20M", gold: "PT5M" } },
        { ...base, id: "Q3", call: "ticket.called", maxWait: "PT20M", forgetAfter: "PT10M" },
        { ...base, id: "Q4", closing: { calendar: "branch" }, yieldToKey: "to" },
      ],
    });
    expect(r.ok).toBe(false);
    expect(r.diagnostics).toEqual([
      { code: "compile_queue_no_check", severity: "error", message: 'Q0 checks nothing: add "fifo": true, a "maxWait" or a "closing" time', path: "/standards/0" },
      { code: "compile_queue_missing_event", severity: "error", message: 'Q1 needs "call" (the event that serves a ticket) to judge the order of service', path: "/standards/1" },
      { code: "compile_queue_unknown_class", severity: "error", message: 'class "gold" is not declared in "classes" (vip, normal)', path: "/standards/2/maxWait/gold" },
      { code: "compile_queue_forget_too_short", severity: "error", message: 'a ticket is forgotten after PT10M, not longer than the longest maximum wait: raise "forgetAfter"', path: "/standards/3/forgetAfter" },
      { code: "compile_unknown_calendar", severity: "error", message: 'calendar "branch" is not declared in "calendars"', path: "/standards/4/closing/calendar" },
      { code: "compile_queue_missing_event", severity: "error", message: 'Q4 names "yieldToKey" but no "yield" event', path: "/standards/4/yieldToKey" },
    ]);
  });
});

describe("queue standards", () => {
  it("without declared classes the queue is one line: any class is overtaken", () => {
    const policy = compile({ standards: [{ id: "Q1", kind: "queue", title: "FIFO", issue: "ticket.issued", call: "ticket.called", fifo: true }] });
    const d = replayEvents(policy, [ev("ticket.issued", "09:00:00", { ticket: "A1", class: "normal" }), ev("ticket.issued", "09:01:00", { ticket: "V1", class: "vip" }), ev("ticket.called", "09:02:00", { ticket: "V1" })]);
    expect(brief(d)).toEqual([["Q1", "violation", "V1", ["A1"], "2026-11-23T01:02:00.000Z"]]);
  });

  it("one maximum wait for every class, and a ticket issued again replaces the lost one", () => {
    const policy = compile({ standards: [{ id: "Q2", kind: "queue", title: "Wait at most 20 minutes", issue: "ticket.issued", call: "ticket.called", maxWait: "PT20M" }] });
    const d = replayEvents(policy, [ev("ticket.issued", "09:00:00", { ticket: "A1" }), ev("ticket.issued", "09:10:00", { ticket: "A1" }), ev("ticket.called", "09:25:00", { ticket: "A1" })]);
    expect(d.map((x) => [x.status, x.startedAt, x.elapsedMs])).toEqual([["met", "2026-11-23T01:10:00.000Z", 900_000]]);
  });

  it("a ticket whose events never came is forgotten after forgetAfter and blocks nobody the next day", () => {
    const policy = compile({ standards: [{ id: "Q1", kind: "queue", title: "FIFO", issue: "ticket.issued", call: "ticket.called", fifo: true, forgetAfter: "PT12H" }] });
    const d = replayEvents(policy, [
      ev("ticket.issued", "09:00:00", { ticket: "A1" }),
      ev("ticket.issued", "09:01:00", { ticket: "A2" }),
      { ...ev("ticket.issued", "09:00:00", { ticket: "B1" }), time: "2026-11-24T09:00:00+08:00" },
      { ...ev("ticket.issued", "09:00:00", { ticket: "B2" }), time: "2026-11-24T09:01:00+08:00" },
      { ...ev("ticket.called", "09:00:00", { ticket: "B2" }), time: "2026-11-24T09:02:00+08:00" },
    ]);
    expect(brief(d)).toEqual([["Q1", "violation", "B2", ["B1"], "2026-11-24T01:02:00.000Z"]]);
  });

  it("takes the closing time from a calendar: the end of the day's last working period", () => {
    const policy = compile({
      calendars: { branch: { hours: { mon: [["09:00", "12:00"], ["13:00", "17:00"]], sat: [["09:00", "12:00"]] } } },
      standards: [{ id: "Q3", kind: "queue", title: "Serve everyone who came before closing", issue: "ticket.issued", turnAway: "ticket.turned-away", closing: { calendar: "branch" } }],
    });
    const d = replayEvents(policy, [
      ev("ticket.issued", "16:55:00", { ticket: "A1" }),
      ev("ticket.issued", "17:00:00", { ticket: "A2" }),
      ev("ticket.turned-away", "17:05:00", { ticket: "A1" }),
      ev("ticket.turned-away", "17:05:30", { ticket: "A2" }),
      { ...ev("ticket.issued", "", { ticket: "S1" }), time: "2026-11-28T11:50:00+08:00" },
      { ...ev("ticket.turned-away", "", { ticket: "S1" }), time: "2026-11-28T12:10:00+08:00" },
    ]);
    expect(d.map((x) => [x.status, x.ticket, x.reasons])).toEqual([
      ["violation", "A1", ["A1 was issued at 16:55, before closing at 17:00, and turned away at 17:05"]],
      ["violation", "S1", ["S1 was issued at 11:50, before closing at 12:00, and turned away at 12:10"]],
    ]);
  });

  it("the shipped bank-branch policy: consent exempts the yielding ticket only, and only towards the one it yielded to", () => {
    const doc = JSON.parse(readFileSync(resolve(import.meta.dirname, "../../../../policies/bank-branch.policy.json"), "utf8"));
    const policy = compilePolicy(doc);
    if (!policy.ok) throw new Error("bank-branch");
    const d = replayEvents(policy.value, [
      ev("ticket.issued", "09:00:00", { ticket: "A1", class: "normal" }),
      ev("ticket.issued", "09:01:00", { ticket: "A2", class: "normal" }),
      ev("ticket.issued", "09:02:00", { ticket: "A3", class: "normal" }),
      ev("ticket.yielded", "09:03:00", { ticket: "A1", to: "A3" }),
      ev("ticket.yielded", "09:03:10", { ticket: "A2", to: "A9" }),
      ev("ticket.called", "09:04:00", { ticket: "A3", counter: 2 }),
    ]).filter((x) => x.standard === "Q1");
    expect(d.map((x) => [x.status, x.ticket, x.overtaken, x.details])).toEqual([["violation", "A3", ["A2"], { class: "normal", counter: 2, consented: ["A1"] }]]);
  });
});
