/**
 * Issue 14 point 7: the CLI on hostile input. Deep JSON used to overflow the stack,
 * /dev/zero was read forever, a BOM-prefixed file was refused. Every bad input exits 1
 * with one plain, located line (whole stderr compared: no stack trace).
 */
import { describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { policiesDir, tempDir, yardstick } from "./run.js";

const policy = join(policiesDir, "restaurant-dining.policy.json");
const BOM = "\uFEFF";
const seated = '{"id":"e1","type":"guest.seated","subject":"v-1","time":"2026-11-22T12:00:00+08:00"}';

describe("deep JSON", () => {
  it("an event nested 100,000 deep is refused at the bracket that opens level 257", async () => {
    // The event object is level 1, "data" level 2: the 255th "[" opens level 257.
    const prefix = '{"id":"e1","type":"guest.seated","subject":"v-1","time":"2026-11-22T12:00:00+08:00","data":{"x":';
    const line = `${prefix}${"[".repeat(100_000)}${"]".repeat(100_000)}}}`;
    const dir = tempDir({ "e.ndjson": `${seated}\n${line}\n` });
    expect(await yardstick(["replay", "--policy", policy, "--events", "e.ndjson"], { cwd: dir })).toEqual({
      code: 1,
      stdout: "",
      stderr: `e.ndjson:2:${prefix.length + 255}: error cli_too_deep nesting deeper than 256 levels\n`,
    });
  });

  it("a policy or scenario file nested 100,000 deep is refused, in check, replay and test", async () => {
    const deep = `${"[".repeat(100_000)}${"]".repeat(100_000)}`;
    const dir = tempDir({ "deep.json": deep, "deep.test.json": `{"cases": ${deep}}`, "e.ndjson": seated });
    const located = "deep.json:1:257: error cli_too_deep nesting deeper than 256 levels\n";
    expect(await yardstick(["check", "deep.json"], { cwd: dir })).toEqual({ code: 1, stdout: located, stderr: "1 file checked: 1 error, 0 warnings\n" });
    expect(await yardstick(["replay", "--policy", "deep.json", "--events", "e.ndjson"], { cwd: dir })).toEqual({ code: 1, stdout: "", stderr: located });
    // `{"cases": ` is 10 characters and level 1: its 256th "[" (column 266) opens level 257.
    expect(await yardstick(["test", "deep.test.json"], { cwd: dir })).toEqual({
      code: 1,
      stderr: "",
      stdout: "FAIL deep.test.json\n     deep.test.json:1:266: error cli_too_deep nesting deeper than 256 levels\n0 passed, 1 failed\n",
    });
  });
});

describe("input without end", () => {
  it("/dev/zero as events stops at the line bound", async () => {
    expect(await yardstick(["replay", "--policy", policy, "--events", "/dev/zero"])).toEqual({
      code: 1,
      stdout: "",
      stderr: "/dev/zero:1:1: error cli_line_too_long line 1 is longer than 1048576 bytes (one event per line; is this an NDJSON file?)\n",
    });
  });

  it("/dev/zero as a policy stops at the file bound, in check, replay and diff", async () => {
    const tooLarge = "/dev/zero:1:1: error cli_file_too_large file is larger than 16777216 bytes, the most read";
    expect(await yardstick(["check", "/dev/zero"])).toEqual({ code: 1, stdout: `${tooLarge}\n`, stderr: "1 file checked: 1 error, 0 warnings\n" });
    const dir = tempDir({ "e.ndjson": seated });
    expect(await yardstick(["replay", "--policy", "/dev/zero", "--events", "e.ndjson"], { cwd: dir })).toEqual({ code: 1, stdout: "", stderr: `${tooLarge}\n` });
    expect(await yardstick(["diff", policy, "/dev/zero"])).toEqual({ code: 1, stdout: "", stderr: `${tooLarge}\n` });
  });

  it("a line over 1 MiB in the middle of a file is reported at its line", async () => {
    const dir = tempDir({ "e.ndjson": `${seated}\n${" ".repeat((1 << 20) + 1)}\n${seated}\n` });
    expect(await yardstick(["replay", "--policy", policy, "--events", "e.ndjson"], { cwd: dir })).toEqual({
      code: 1,
      stdout: "",
      stderr: "e.ndjson:2:1: error cli_line_too_long line 2 is longer than 1048576 bytes (one event per line; is this an NDJSON file?)\n",
    });
  });
});

describe("a byte order mark", () => {
  it("is accepted at the start of a policy, an events file and a scenario file", async () => {
    const scenario = { cases: [{ name: "seated only", events: [{ type: "guest.seated", time: "2026-11-22T12:00:00+08:00" }], until: "2026-11-22T12:00:30+08:00", expect: [{ standard: "R1", status: "open" }] }] };
    const dir = tempDir({
      "dining.policy.json": BOM + readFileSync(policy, "utf8"),
      "dining.test.json": BOM + JSON.stringify(scenario),
      "e.ndjson": `${BOM}${seated}\n`,
    });
    expect(await yardstick(["check", "dining.policy.json"], { cwd: dir })).toEqual({ code: 0, stdout: "", stderr: "1 file checked: 0 errors, 0 warnings\n" });
    const r = await yardstick(["replay", "--policy", "dining.policy.json", "--events", "e.ndjson", "--until", "2026-11-22T12:00:30+08:00"], { cwd: dir });
    // Seated at 12:00: R1 (2 min) and R4 (4 min) are running at 12:00:30.
    expect([r.code, r.stderr, r.stdout.trimEnd().split("\n").map((l) => JSON.parse(l).key)]).toEqual([0, "", ["R1", "R4"]]);
    expect(await yardstick(["test", "dining.test.json"], { cwd: dir })).toEqual({ code: 0, stderr: "", stdout: "PASS dining.test.json > seated only\n1 passed, 0 failed\n" });
  });
});

describe("other bad input", () => {
  it("binary garbage as events: located parse errors, at most 20, no decision", async () => {
    const garbage = Buffer.from(Array.from({ length: 30 }, (_, i) => `\u0001\u00ff${i}\n`).join(""), "latin1").toString("latin1");
    const dir = tempDir({ "e.ndjson": garbage });
    const r = await yardstick(["replay", "--policy", policy, "--events", "e.ndjson"], { cwd: dir });
    // Each line starts with a control character: invalid at column 1; the report stops at 20.
    expect(r).toEqual({
      code: 1,
      stdout: "",
      stderr: Array.from({ length: 20 }, (_, i) => `e.ndjson:${i + 1}:1: error parse_invalid_json invalid JSON: InvalidSymbol\n`).join(""),
    });
  });

  it("a directory, and a command named after an Object member", async () => {
    const dir = tempDir({ "sub/x.json": "{}" });
    expect(await yardstick(["replay", "--policy", policy, "--events", "sub"], { cwd: dir })).toEqual({ code: 1, stdout: "", stderr: "sub:1:1: error cli_file_unreadable cannot read file: is a directory\n" });
    const r = await yardstick(["constructor"]);
    expect([r.code, r.stdout, r.stderr.split("\n")[0]]).toEqual([1, "", 'yardstick: unknown command "constructor"']);
  });
});
