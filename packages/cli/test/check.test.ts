import { describe, expect, it } from "vitest";
import { join } from "node:path";
import { policiesDir, tempDir, yardstick } from "./run.js";

// Line numbers below are those of this text: keep the layout.
const invalid = `{
  "id": "dining",
  "title": "Dining",
  "standards": [
    {
      "id": "R1",
      "kind": "timing",
      "title": "Greet within 2 minutes",
      "start": "guest.seated",
      "within": "2 minutes"
    }
  ]
}
`;

const vague = `{
  "id": "dining",
  "title": "Dining",
  "standards": [
    { "id": "R1", "kind": "timing", "title": "Greet guests promptly", "start": "guest.seated", "stop": "guest.greeted", "within": "PT2M" }
  ]
}
`;

const VAGUE_WARNING = 'vague.json:5:37: warning lint_vague_wording R1: vague wording "promptly" without a number; say how long, e.g. "within 2 minutes"';

/** `yardstick check <name>` on `text`, in a directory of its own. */
function checkFile(name: string, text: string) {
  return yardstick(["check", name], { cwd: tempDir({ [name]: text }) });
}

describe("yardstick check", () => {
  it("passes the shipped policies silently", async () => {
    const files = ["restaurant-dining.policy.json", "promises.policy.json"].map((f) => join(policiesDir, f));
    // Issue 11 added P2, a rule (one event, judged at once): the SMART M and T lints of
    // engine/src/lint/rules/ do not know that kind yet and warn on it. Until they do,
    // these two warnings (and nothing else) are expected; exit code 0 all the same.
    const p2 = `${files[1]}:32:5: warning`;
    expect(await yardstick(["check", ...files])).toEqual({
      code: 0,
      stdout: `${p2} lint_no_numeric_target P2 has no numeric target: state it as data with a unit, e.g. a maximum wait "PT20M" or a count\n${p2} lint_no_time_bound P2 has no time limit: say by when, e.g. "within": "PT2M"\n`,
      stderr: "2 files checked: 0 errors, 2 warnings\n",
    });
  });

  it("prints schema violations as file:line:col: severity code message and exits 1", async () => {
    expect(await checkFile("bad.policy.json", invalid)).toEqual({
      code: 1,
      stdout: [
        'bad.policy.json:5:5: error schema_invalid /standards/0: missing required property "stop"',
        'bad.policy.json:10:7: error schema_invalid /standards/0/within: must match pattern "^P(?!$)(\\d+Y)?(\\d+M)?(\\d+W)?(\\d+D)?(T(?=\\d)(\\d+H)?(\\d+M)?(\\d+(\\.\\d+)?S)?)?$"',
        "",
      ].join("\n"),
      stderr: "1 file checked: 2 errors, 0 warnings\n",
    });
  });

  it("locates invalid JSON", async () => {
    expect(await checkFile("broken.json", '{\n  "id": "x",\n  "title": "X",\n}\n')).toEqual({
      code: 1,
      stdout: "broken.json:4:1: error parse_invalid_json invalid JSON: PropertyNameExpected\nbroken.json:4:1: error parse_invalid_json invalid JSON: ValueExpected\n",
      stderr: "1 file checked: 2 errors, 0 warnings\n",
    });
  });

  it("prints lint warnings but exits 0 when there is no error", async () => {
    expect(await checkFile("vague.json", vague)).toEqual({
      code: 0,
      stdout: `${VAGUE_WARNING}\n`,
      stderr: "1 file checked: 0 errors, 1 warning\n",
    });
  });

  it("shows the lint hints beside a compile error, and says which event was meant (issue 9)", async () => {
    const typo = vague.replace('"events"', "").replace('"title": "Dining",', '"title": "Dining",\n  "events": { "guest.seated": {}, "guest.greeted": {} },').replace('"start": "guest.seated"', '"start": "guest.seeted"');
    expect(await checkFile("typo.json", typo)).toEqual({
      code: 1,
      stdout: [
        // "start" is 34 characters after "title" (column 37): `"title": "Greet guests promptly", ` is 34 long.
        'typo.json:6:71: error compile_unknown_event event type "guest.seeted" is not declared in "events" (did you mean "guest.seated"?)',
        'typo.json:6:37: warning lint_vague_wording R1: vague wording "promptly" without a number; say how long, e.g. "within 2 minutes"',
        "",
      ].join("\n"),
      stderr: "1 file checked: 1 error, 1 warning\n",
    });
  });

  it("reports an unreadable file at 1:1 and goes on with the others", async () => {
    const dir = tempDir({ "vague.json": vague });
    const r = await yardstick(["check", "missing.json", "vague.json"], { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.stdout.split("\n")).toEqual([
      "missing.json:1:1: error cli_file_unreadable cannot read file: no such file",
      VAGUE_WARNING,
      "",
    ]);
  });

  it("asks for a file, and explains itself with --help", async () => {
    expect(await yardstick(["check"])).toEqual({ code: 1, stdout: "", stderr: "yardstick check: name at least one policy file\nTry: yardstick check --help\n" });
    const help = await yardstick(["check", "--help"]);
    expect([help.code, help.stdout.split("\n")[0], help.stderr]).toEqual([0, "Usage: yardstick check <policy.json…> [--events E.ndjson]", ""]);
  });
});
