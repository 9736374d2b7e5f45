/**
 * Issue 15: replay streams files of any size. A file longer than one sort run
 * (CHUNK_EVENTS) takes the streaming paths (sorted: read again in order; unsorted:
 * sorted through temporary files), which must print exactly what the engine's
 * in-memory replayEvents returns (the reference: it sorts, de-duplicates and sorts the
 * decisions in memory).
 */
import { describe, expect, it } from "vitest";
import { spawnSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { checkPolicyText, replayEvents, type YardstickEvent } from "@yardstick/engine";
import { bin, ndjson, policiesDir, tempDir, yardstick } from "./run.js";
import { CHUNK_EVENTS } from "../src/ordered-events.js";
import { TABLE_SAMPLE_ROWS } from "../src/table.js";

const policyFile = join(policiesDir, "restaurant-dining.policy.json");
const T0 = Date.parse("2026-11-02T11:00:00+08:00");

/** One table visit of 12 events; every 7th is served late, every 5th greeted late. */
function visit(i: number): YardstickEvent[] {
  const subject = `store-${i % 7}/table-${i % 25}/visit-${i}`;
  const at = (min: number) => new Date(T0 + i * 41_000 + min * 60_000).toISOString();
  const late = i % 7 === 0 ? 3 : 0;
  const ev = (n: number, type: string, min: number, data?: Record<string, unknown>): YardstickEvent => ({ id: `v${i}-${n}`, type, subject, time: at(min), ...(data ? { data } : {}) });
  return [
    ev(1, "guest.seated", 0, { partySize: 2 + (i % 4), vip: i % 11 === 0 }),
    ev(2, "guest.greeted", i % 5 === 0 ? 2.5 : 1),
    ev(3, "drink.ordered", 2, { item: "tea" }),
    ev(4, "drink.served", 4 + late),
    ev(5, "food.order-asked", 6 + late),
    ev(6, "food.ordered", 7 + late, { item: "fish" }),
    ev(7, "main.served", 15 + late, { item: "fish" }),
    ev(8, "plates.cleared", 40),
    ev(9, "dessert.declined", 41),
    ev(10, "bill.presented", 43 + late),
    ev(11, "payment.placed", 45 + late, { method: "card" }),
    ev(12, "payment.collected", 46 + late),
  ];
}

/** Just over one sort run, with repeated ids of three kinds (replayEvents keeps the first in (time, id, content) order). */
function recorded(): YardstickEvent[] {
  const events: YardstickEvent[] = [];
  for (let i = 0; events.length < CHUNK_EVENTS + 4000; i++) events.push(...visit(i));
  // Each kind changes the decisions if handled wrongly: a second seating starts a second
  // R1; the kept order names the R6 key ("R6/aaa", not "R6/fish"); a late copy kept
  // would open obligations for a subject of its own.
  const [a, b, c] = [events[96], events.find((e, i) => i > 2000 && e.type === "food.ordered")!, events[30_000]];
  events.push({ ...a }); // a redelivery
  events.push({ ...b, data: { item: "aaa" } }); // same id and time, other content: sorts first, so it is the one kept
  events.push({ ...c, type: "guest.seated", subject: "late-copy", time: new Date(Date.parse(c.time) + 3_600_000).toISOString() }); // same id an hour later: dropped
  return events;
}

/** A seeded shuffle (mulberry32), so a failure can be reproduced. */
function shuffled<T>(items: T[], seed: number): T[] {
  const out = [...items];
  let s = seed >>> 0;
  const rnd = () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = Math.imul(s ^ (s >>> 15), s | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(rnd() * (i + 1));
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

const byTimeThenId = (a: YardstickEvent, b: YardstickEvent) => Date.parse(a.time) - Date.parse(b.time) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

describe("yardstick replay of a file longer than one sort run", () => {
  const events = recorded();
  const check = checkPolicyText(readFileSync(policyFile, "utf8"));
  if (!check.ok) throw new Error("the shipped restaurant policy must compile");
  const reference = replayEvents(check.policy, events).map((d) => JSON.stringify(d) + "\n").join("");

  it("prints the in-memory replay's decisions for a sorted file, a shuffled one, and with duplicates", async () => {
    const dir = tempDir({ "sorted.ndjson": ndjson([...events].sort(byTimeThenId)), "shuffled.ndjson": ndjson(shuffled(events, 42)) });
    expect(reference.split("\n").length).toBeGreaterThan(CHUNK_EVENTS / 2);
    for (const file of ["sorted.ndjson", "shuffled.ndjson"]) {
      const r = await yardstick(["replay", "--policy", policyFile, "--events", file], { cwd: dir });
      expect({ file, code: r.code, stderr: r.stderr, same: r.stdout === reference }).toEqual({ file, code: 0, stderr: "", same: true });
    }
  });

  it("with --until on a shuffled file: the in-memory replay's decisions, and no temporary file left", async () => {
    // Halfway through the visits: the break out of the merge must still remove its files.
    const until = new Date(T0 + 2500 * 41_000).toISOString();
    const expected = replayEvents(check.policy, events, { until }).map((d) => JSON.stringify(d) + "\n").join("");
    const tmp = tempDir();
    const dir = tempDir({ "e.ndjson": ndjson(shuffled(events, 3)) });
    const r = await yardstick(["replay", "--policy", policyFile, "--events", "e.ndjson", "--until", until], { cwd: dir, env: { TMPDIR: tmp } });
    expect({ code: r.code, stderr: r.stderr, same: r.stdout === expected, left: readdirSync(tmp) }).toEqual({ code: 0, stderr: "", same: true, left: [] });
    expect(expected.split("\n").filter((l) => l.includes('"status":"open"')).length).toBeGreaterThan(0);
  });

  it("--format table prints every decision, aligned by the first rows (no Math.max over every row)", async () => {
    const dir = tempDir({ "e.ndjson": ndjson(shuffled(events, 7)) });
    const r = await yardstick(["replay", "--policy", policyFile, "--events", "e.ndjson", "--format", "table"], { cwd: dir });
    expect([r.code, r.stderr]).toEqual([0, ""]);
    const lines = r.stdout.trimEnd().split("\n");
    const decisions = reference.trimEnd().split("\n").map((l) => JSON.parse(l) as { at: string; subject: string });
    expect(lines.length).toBe(decisions.length + 1);
    // Each row starts with its decision's time and subject, in the reference's order.
    expect(lines.slice(1).every((l, i) => l.startsWith(`${decisions[i].at}  ${decisions[i].subject} `))).toBe(true);
    // Within the sample the KEY column starts at one offset: after the widest subject + 2.
    const subjectWidth = Math.max("SUBJECT".length, ...decisions.slice(0, TABLE_SAMPLE_ROWS).map((d) => d.subject.length));
    const keyAt = 24 + 2 + subjectWidth + 2;
    expect(lines.slice(0, TABLE_SAMPLE_ROWS + 1).filter((l) => l[keyAt - 1] !== " " || l[keyAt] === " ")).toEqual([]);
  });
});

describe("yardstick replay warnings and progress", () => {
  const at = (t: string) => `2026-11-22T${t}+08:00`;
  const events = [
    { id: "e1", type: "guest.seated", subject: "v-1", time: at("12:00:00") },
    { id: "e2", type: "guest.greetd", subject: "v-1", time: at("12:01:00") },
    { id: "e3", type: "guest.greetd", subject: "v-2", time: at("12:01:00") },
    { id: "e4", type: "call.answered", subject: "v-1", time: at("12:01:30") },
  ];

  it("warns about event types no standard takes, with a did-you-mean, and still exits 0 (issue 11 point 10)", async () => {
    const dir = tempDir({ "e.ndjson": ndjson(events) });
    const r = await yardstick(["replay", "--policy", policyFile, "--events", "e.ndjson", "--until", at("12:01:00")], { cwd: dir });
    // guest.greetd is one deletion from guest.greeted; call.answered is near no type of the policy.
    expect([r.code, r.stderr]).toEqual([
      0,
      [
        'yardstick replay: warning: 1 event of type "call.answered": no standard of policy restaurant-dining takes this type',
        'yardstick replay: warning: 2 events of type "guest.greetd": no standard of policy restaurant-dining takes this type (did you mean "guest.greeted"?)',
        "",
      ].join("\n"),
    ]);
    // The misspelt greeting does not stop R1: at 12:01 it is still open.
    expect(r.stdout.trimEnd().split("\n").map((l) => JSON.parse(l)).map((d) => [d.key, d.status])).toEqual([
      ["R1", "open"],
      ["R4", "open"],
    ]);
  });

  it("shows progress on stderr when it is a terminal, and only then", (ctx) => {
    // script(1) gives the command a real pseudo-terminal; stdout goes to a file.
    if (spawnSync("script", ["--version"]).status !== 0) ctx.skip("script(1) from util-linux is not installed: no pseudo-terminal to test with");
    const dir = tempDir({ "e.ndjson": ndjson(events.slice(0, 1)) });
    const command = `"${process.execPath}" "${bin}" replay --policy "${policyFile}" --events e.ndjson > out.ndjson`;
    const r = spawnSync("script", ["-qec", command, "/dev/null"], { cwd: dir, encoding: "utf8" });
    expect([r.status, r.stdout]).toEqual([0, expect.stringMatching(/^replay: 1 event \([\d,]+ events\/s\), 3 decisions, \d+\.\d s\r\n$/)]);
    expect(readFileSync(join(dir, "out.ndjson"), "utf8").trimEnd().split("\n").length).toBe(3);
  });
});
