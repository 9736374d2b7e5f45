import { describe, expect, it } from "vitest";
import { join } from "node:path";
import { ndjson, policiesDir, tempDir, yardstick } from "./run.js";

const policy = join(policiesDir, "restaurant-dining.policy.json");
const at = (t: string) => `2026-11-22T${t}+08:00`;

// Deliberately out of time order: replay sorts by event time and prints by decision time.
const events = [
  { id: "e3", type: "main.served", subject: "v-331", time: at("12:16:00"), data: { item: "steak" } },
  { id: "e1", type: "guest.seated", subject: "v-331", time: at("12:00:00") },
  { id: "e4", type: "guest.greeted", subject: "v-331", time: at("12:01:00") },
  { id: "e2", type: "food.ordered", subject: "v-331", time: at("12:05:00"), data: { item: "steak" } },
  { id: "e5", type: "guest.seated", subject: "v-332", time: at("11:58:00") },
];

describe("yardstick replay", () => {
  it("prints one decision per line, sorted by at, ending every obligation", async () => {
    const dir = tempDir({ "e.ndjson": ndjson(events) });
    const r = await yardstick(["replay", "--policy", policy, "--events", "e.ndjson"], { cwd: dir });
    expect([r.code, r.stderr]).toEqual([0, ""]);
    const decisions = r.stdout.trimEnd().split("\n").map((l) => JSON.parse(l));
    expect(decisions.map((d) => [d.at, d.subject, d.key, d.status])).toEqual([
      ["2026-11-22T03:59:30.000Z", "v-332", "R1", "warning"],
      ["2026-11-22T04:00:00.000Z", "v-332", "R1", "breached"],
      ["2026-11-22T04:01:00.000Z", "v-331", "R1", "met"],
      ["2026-11-22T04:02:00.000Z", "v-332", "R4", "breached"],
      ["2026-11-22T04:04:00.000Z", "v-331", "R4", "breached"],
      ["2026-11-22T04:13:00.000Z", "v-331", "R6/steak", "warning"],
      ["2026-11-22T04:15:00.000Z", "v-331", "R6/steak", "breached"],
      ["2026-11-22T04:16:00.000Z", "v-331", "R6/steak", "breached"],
    ]);
    const times = decisions.map((d) => Date.parse(d.at));
    expect(times).toEqual([...times].sort((a, b) => a - b));
  });

  it("with --until, what still runs is open; --format table aligns columns", async () => {
    const dir = tempDir({ "e.ndjson": ndjson(events) });
    const r = await yardstick(["replay", "--policy", policy, "--events", "e.ndjson", "--until", at("12:10:00"), "--format", "table"], { cwd: dir });
    expect(r).toEqual({
      code: 0,
      stderr: "",
      stdout: [
        "AT                        SUBJECT  KEY       STATUS    ELAPSED     OVER BY  SEVERITY  REASON",
        "2026-11-22T03:59:30.000Z  v-332    R1        warning   1 min 30 s           minor     30 s left to guest.greeted (limit 2 min from guest.seated)",
        "2026-11-22T04:00:00.000Z  v-332    R1        breached  2 min                minor     no guest.greeted within 2 min of guest.seated",
        "2026-11-22T04:01:00.000Z  v-331    R1        met       1 min                minor     guest.greeted came 1 min after guest.seated (limit 2 min)",
        "2026-11-22T04:02:00.000Z  v-332    R4        breached  4 min                minor     no food.order-asked within 4 min of guest.seated",
        "2026-11-22T04:04:00.000Z  v-331    R4        breached  4 min                minor     no food.order-asked within 4 min of guest.seated",
        "2026-11-22T04:10:00.000Z  v-331    R6/steak  open      5 min                major     still running: 5 min left",
        "",
      ].join("\n"),
    });
  });

  it("reports an event without time at its NDJSON line and column, and prints no decisions", async () => {
    const text = [
      JSON.stringify(events[1]),
      '{"id": "e9", "type": "guest.seated", "subject": "v-1"}',
      "",
      '  {"id": "e10", "type": "guest.seated", "subject": "v-1", "time": "noon"}',
      '{"id": "e11", "type": ',
    ].join("\n");
    const dir = tempDir({ "e.ndjson": text });
    expect(await yardstick(["replay", "--policy", policy, "--events", "e.ndjson"], { cwd: dir })).toEqual({
      code: 1,
      stdout: "",
      stderr: [
        'e.ndjson:2:1: error event_invalid "time" is required: an ISO 8601 time with offset, e.g. "2026-11-22T12:00:00+08:00"',
        'e.ndjson:4:59: error event_invalid "time" must be ISO 8601 with an offset, e.g. "2026-11-22T12:00:00+08:00"; got "noon"',
        "e.ndjson:5:23: error parse_invalid_json invalid JSON: ValueExpected",
        "",
      ].join("\n"),
    });
  });

  it("refuses a bad policy with located diagnostics, a missing file, and a bad --until", async () => {
    const dir = tempDir({ "e.ndjson": ndjson(events), "p.json": '{"id": "p", "title": "P", "standards": []}' });
    expect(await yardstick(["replay", "--policy", "p.json", "--events", "e.ndjson"], { cwd: dir })).toEqual({
      code: 1,
      stdout: "",
      stderr: "p.json:1:27: error schema_invalid /standards: must NOT have fewer than 1 items\n",
    });
    expect(await yardstick(["replay", "--policy", policy, "--events", "none.ndjson"], { cwd: dir })).toEqual({
      code: 1,
      stdout: "",
      stderr: "none.ndjson:1:1: error cli_file_unreadable cannot read file: no such file\n",
    });
    expect(await yardstick(["replay", "--policy", policy, "--events", "e.ndjson", "--until", "tomorrow"], { cwd: dir })).toEqual({
      code: 1,
      stdout: "",
      stderr: 'yardstick replay: --until must be an ISO 8601 time with offset, e.g. 2026-11-22T12:05:00+08:00; got "tomorrow"\n',
    });
    expect(await yardstick(["replay", "--events", "e.ndjson"], { cwd: dir })).toEqual({
      code: 1,
      stdout: "",
      stderr: "yardstick replay: --policy is required\nTry: yardstick replay --help\n",
    });
  });
});

describe("yardstick replay --stats", () => {
  it("prints the engine's queue statistics on stderr, the decisions unchanged on stdout", async () => {
    const { queueStats } = await import("@yardstick/engine");
    const dir = tempDir({ "e.ndjson": ndjson(events) });
    const r = await yardstick(["replay", "--policy", policy, "--events", "e.ndjson", "--stats"], { cwd: dir });
    const plain = await yardstick(["replay", "--policy", policy, "--events", "e.ndjson"], { cwd: dir });
    const decisions = plain.stdout.trimEnd().split("\n").map((l) => JSON.parse(l));
    expect(r).toEqual({ code: 0, stdout: plain.stdout, stderr: JSON.stringify(queueStats(events, decisions), null, 2) + "\n" });
  });
});
