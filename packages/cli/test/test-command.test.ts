import { describe, expect, it } from "vitest";
import { tempDir, yardstick } from "./run.js";

const policy = JSON.stringify(
  {
    id: "greet",
    title: "Greeting",
    standards: [{ id: "R1", kind: "timing", title: "Greet within 2 minutes", start: "guest.seated", stop: "guest.greeted", within: "PT2M" }],
  },
  null,
  2,
);

const t = (hms: string) => `2026-11-22T${hms}+08:00`;
const metCase = { name: "greeted after 1 min is met", events: [{ type: "guest.seated", time: t("12:00:00") }, { type: "guest.greeted", time: t("12:01:00") }], expect: [{ standard: "R1", status: "met" }] };
const wrongCase = { name: "a wrong expectation fails", events: [{ type: "guest.seated", time: t("12:00:00") }], expect: [{ standard: "R1", status: "met" }] };

describe("yardstick test", () => {
  it("runs the scenario file next to each policy and prints PASS per case", async () => {
    const dir = tempDir({ "greet.policy.json": policy, "greet.test.json": JSON.stringify({ cases: [metCase] }, null, 2) });
    expect(await yardstick(["test", "."], { cwd: dir })).toEqual({
      code: 0,
      stderr: "",
      stdout: "PASS greet.test.json > greeted after 1 min is met\n1 passed, 0 failed\n",
    });
  });

  it("prints FAIL with the case's location and why, and exits 1", async () => {
    const dir = tempDir({ "greet.policy.json": policy, "greet.test.json": JSON.stringify({ policy: "greet.policy.json", cases: [metCase, wrongCase] }, null, 2) });
    expect(await yardstick(["test", "greet.policy.json"], { cwd: dir })).toEqual({
      code: 1,
      stderr: "",
      stdout: [
        "PASS greet.test.json > greeted after 1 min is met",
        "FAIL greet.test.json:23:5 > a wrong expectation fails",
        '     expected a decision matching {"standard":"R1","status":"met"}',
        "1 passed, 1 failed",
        "",
      ].join("\n"),
    });
  });

  it("searches directories recursively and reports a scenario file that cannot run", async () => {
    const dir = tempDir({ "a/greet.policy.json": policy, "a/greet.test.json": JSON.stringify({ cases: [metCase] }), "b/orphan.test.json": '{"cases": [' });
    expect(await yardstick(["test", "a", "b"], { cwd: dir })).toEqual({
      code: 1,
      stderr: "",
      stdout: [
        "PASS a/greet.test.json > greeted after 1 min is met",
        "FAIL b/orphan.test.json",
        "     b/orphan.test.json:1:12: error parse_invalid_json invalid JSON: CloseBracketExpected",
        "1 passed, 1 failed",
        "",
      ].join("\n"),
    });
  });

  it("without arguments runs ./policies, or says there is none", async () => {
    const repo = await yardstick(["test"]);
    expect([repo.code, repo.stderr, repo.stdout.split("\n").at(-2)]).toEqual([0, "", expect.stringMatching(/^\d+ passed, 0 failed$/)]);
    expect(await yardstick(["test"], { cwd: tempDir() })).toEqual({
      code: 1,
      stdout: "",
      stderr: "yardstick test: no ./policies directory here; name a directory or files\nTry: yardstick test --help\n",
    });
  });
});
