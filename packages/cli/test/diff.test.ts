import { describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { ndjson, policiesDir, tempDir, yardstick } from "./run.js";

const oldText = readFileSync(join(policiesDir, "restaurant-dining.policy.json"), "utf8");

function revised(): string {
  const d = JSON.parse(oldText);
  d.standards.find((s: { id: string }) => s.id === "R6").within = "PT12M";
  d.standards = d.standards.filter((s: { id: string }) => s.id !== "R3");
  d.standards.push({ id: "R10", kind: "timing", title: "Collect payment within 1 minute", start: "payment.placed", stop: "payment.collected", within: "PT1M" });
  return JSON.stringify(d, null, 2);
}

const at = (t: string) => `2026-11-22T${t}+08:00`;
const events = [
  { id: "a1", type: "food.ordered", subject: "store-7/table-12/visit-331", time: at("12:05:00"), data: { item: "steak" } },
  { id: "a2", type: "main.served", subject: "store-7/table-12/visit-331", time: at("12:16:00"), data: { item: "steak" } },
  { id: "a3", type: "food.ordered", subject: "store-7/table-12/visit-332", time: at("12:05:00"), data: { item: "fish" } },
  { id: "a4", type: "main.served", subject: "store-7/table-12/visit-332", time: at("12:19:00"), data: { item: "fish" } },
  { id: "a5", type: "wine.served", subject: "store-7/table-12/visit-331", time: at("12:20:00"), data: { item: "merlot" } },
  { id: "a6", type: "wine.refill-offered", subject: "store-7/table-12/visit-331", time: at("12:22:00") },
  { id: "a7", type: "payment.placed", subject: "store-7/table-12/visit-331", time: at("13:00:00") },
  { id: "a8", type: "payment.collected", subject: "store-7/table-12/visit-331", time: at("13:01:30") },
];

/** What `diff` prints first for old.json → revised(), with or without --events. */
const STRUCTURAL = [
  "Structural changes (3):",
  "  R3 removed",
  "  R6 Serve the main course within 10 minutes of the order: within 10 min → 12 min",
  "  R10 added",
  "",
];

/** The whole result of a successful diff of old.json → revised() with --events: STRUCTURAL, then `behaviour`. */
const printed = (behaviour: string[]) => ({ code: 0, stderr: "", stdout: [...STRUCTURAL, ...behaviour, ""].join("\n") });

describe("yardstick diff", () => {
  it("prints structural changes in plain words", async () => {
    const dir = tempDir({ "old.json": oldText, "new.json": revised() });
    expect(await yardstick(["diff", "old.json", "new.json"], { cwd: dir })).toEqual({
      code: 0,
      stderr: "",
      stdout: STRUCTURAL.join("\n"),
    });
  });

  it("with --events, lists each outcome that changes and counts per standard", async () => {
    const dir = tempDir({ "old.json": oldText, "new.json": revised(), "e.ndjson": ndjson(events) });
    const r = await yardstick(["diff", "old.json", "new.json", "--events", "e.ndjson"], { cwd: dir });
    expect(r).toEqual(
      printed([
        "Behaviour on 8 events: 3 outcomes change",
        "  store-7/table-12/visit-331 R6/steak: breached → met",
        "  store-7/table-12/visit-331 R3: met → none",
        "  store-7/table-12/visit-331 R10: none → breached",
        "",
        "Per standard:",
        "  R6: 1 changed, 0 added, 0 removed, 1 unchanged",
        "  R10 (new standard): 0 changed, 1 added, 0 removed, 0 unchanged",
        "  R3 (removed standard): 0 changed, 0 added, 1 removed, 0 unchanged",
      ]),
    );
  });

  it("with --until, stops the clock at T: what still runs is open", async () => {
    // At 12:16:30 visit-332's fish (ordered 12:05, served 12:19) is past the old 10 min
    // deadline but within the new 12 min one; R3 and R10 have not started yet.
    const dir = tempDir({ "old.json": oldText, "new.json": revised(), "e.ndjson": ndjson(events) });
    const r = await yardstick(["diff", "old.json", "new.json", "--events", "e.ndjson", "--until", at("12:16:30")], { cwd: dir });
    expect(r).toEqual(
      printed([
        "Behaviour on 8 events until 2026-11-22T12:16:30+08:00: 2 outcomes change",
        "  store-7/table-12/visit-331 R6/steak: breached → met",
        "  store-7/table-12/visit-332 R6/fish: breached → open",
        "",
        "Per standard:",
        "  R6: 2 changed, 0 added, 0 removed, 0 unchanged",
      ]),
    );
  });

  it("refuses a bad --until, and --until without --events, without a stack trace", async () => {
    const dir = tempDir({ "old.json": oldText, "new.json": revised(), "e.ndjson": ndjson(events) });
    expect(await yardstick(["diff", "old.json", "new.json", "--events", "e.ndjson", "--until", "2026-11-22T12:16:30"], { cwd: dir })).toEqual({
      code: 1,
      stdout: "",
      stderr: 'yardstick diff: --until must be an ISO 8601 time with offset, e.g. 2026-11-22T12:05:00+08:00; got "2026-11-22T12:16:30"\n',
    });
    expect(await yardstick(["diff", "old.json", "new.json", "--until", at("12:16:30")], { cwd: dir })).toEqual({
      code: 1,
      stdout: "",
      stderr: "yardstick diff: --until needs --events (it stops the clock of the replay)\nTry: yardstick diff --help\n",
    });
  });

  it("says when nothing changed, and refuses an invalid version", async () => {
    const dir = tempDir({ "old.json": oldText, "same.json": oldText, "bad.json": '{"id": "Bad Id", "title": "x", "standards": []}' });
    expect(await yardstick(["diff", "old.json", "same.json"], { cwd: dir })).toEqual({ code: 0, stderr: "", stdout: "No structural changes.\n" });
    const r = await yardstick(["diff", "old.json", "bad.json"], { cwd: dir });
    expect(r).toEqual({
      code: 1,
      stdout: "",
      stderr: [
        'bad.json:1:2: error schema_invalid /id: must match pattern "^[a-z0-9][a-z0-9-]{0,63}$"',
        "bad.json:1:32: error schema_invalid /standards: must NOT have fewer than 1 items",
        "",
      ].join("\n"),
    });
  });
});
