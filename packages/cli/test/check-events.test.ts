/** Issue 12: `yardstick check --events` runs the "probably unachievable on recorded data" lint (SMART "A"). */
import { describe, expect, it } from "vitest";
import { ndjson, tempDir, yardstick } from "./run.js";

// Line numbers below are those of this text: "within" is at line 11, column 7.
const policy = JSON.stringify(
  { id: "greet", title: "Greeting", standards: [{ id: "R1", kind: "timing", title: "Greet within 2 minutes", start: "guest.seated", stop: "guest.greeted", within: "PT2M" }] },
  null,
  2,
);

const t = (hms: string) => `2026-11-22T${hms}+08:00`;
/** A visit seated at 12:00 and greeted after `minutes` (R1's limit is 2). */
const visit = (n: number, greetedAt: string) => [
  { id: `s${n}`, type: "guest.seated", subject: `v-${n}`, time: t("12:00:00") },
  { id: `g${n}`, type: "guest.greeted", subject: `v-${n}`, time: t(greetedAt) },
];

describe("yardstick check --events", () => {
  it("reports a standard breached in most recorded cases, located at its limit", async () => {
    // Greeted after 3 min, 4 min (breached) and 1 min (met): 2 of 3 cases breached = 67% > 50%.
    const dir = tempDir({ "greet.json": policy, "e.ndjson": ndjson([...visit(1, "12:03:00"), ...visit(2, "12:04:00"), ...visit(3, "12:01:00")]) });
    expect(await yardstick(["check", "greet.json", "--events", "e.ndjson"], { cwd: dir })).toEqual({
      code: 0,
      stdout: "greet.json:11:7: warning lint_probably_unachievable R1 was breached in 2 of 3 recorded cases (67%): probably unachievable as written; revise the target with the staff who do the work\n",
      stderr: "1 file checked on 6 recorded events: 0 errors, 1 warning\n",
    });
  });

  it("says nothing more when most cases were met", async () => {
    // 1 of 2 breached = 50%: not more than half.
    const dir = tempDir({ "greet.json": policy, "e.ndjson": ndjson([...visit(1, "12:03:00"), ...visit(2, "12:01:00")]) });
    expect(await yardstick(["check", "greet.json", "--events", "e.ndjson"], { cwd: dir })).toEqual({ code: 0, stdout: "", stderr: "1 file checked on 4 recorded events: 0 errors, 0 warnings\n" });
  });

  it("refuses a bad events file before judging any policy", async () => {
    const dir = tempDir({ "greet.json": policy, "e.ndjson": '{"id": "s1", "type": "guest.seated", "subject": "v-1"}\n' });
    expect(await yardstick(["check", "greet.json", "--events", "e.ndjson"], { cwd: dir })).toEqual({
      code: 1,
      stdout: "",
      stderr: 'e.ndjson:1:1: error event_invalid "time" is required: an ISO 8601 time with offset, e.g. "2026-11-22T12:00:00+08:00"\n',
    });
  });
});
