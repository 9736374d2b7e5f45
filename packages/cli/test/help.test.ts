import { describe, expect, it } from "vitest";
import { spawnSync } from "node:child_process";
import { realpathSync } from "node:fs";
import { join } from "node:path";
import { bin, repoRoot, yardstick } from "./run.js";

describe("yardstick help", () => {
  it.each(["check", "test", "replay", "diff", "publish", "activate", "deactivate", "report"])("%s --help prints its usage and exits 0", async (command) => {
    const r = await yardstick([command, "--help"]);
    expect([r.code, r.stderr, r.stdout.startsWith(`Usage: yardstick ${command} `)]).toEqual([0, "", true]);
    expect(await yardstick(["help", command])).toEqual(r);
  });

  it("lists the commands with --help, and refuses an unknown command", async () => {
    const r = await yardstick(["--help"]);
    expect([r.code, r.stderr, r.stdout.split("\n").filter((l) => /^  [a-z]+ /.test(l)).map((l) => l.trim().split(" ")[0])]).toEqual([
      0, "", ["check", "test", "replay", "diff", "publish", "activate", "deactivate", "report"],
    ]);
    const bad = await yardstick(["lint"]);
    expect([bad.code, bad.stdout, bad.stderr.split("\n")[0]]).toEqual([1, "", 'yardstick: unknown command "lint"']);
  });

  it("rejects unknown flags without a stack trace", async () => {
    expect(await yardstick(["diff", "--evnts", "x"])).toEqual({
      code: 1,
      stdout: "",
      stderr: "yardstick diff: unknown option --evnts\nTry: yardstick diff --help\n",
    });
  });
});

describe("npx yardstick", () => {
  it("is linked at the repo root by npm install (node_modules/.bin/yardstick) and runs", () => {
    const link = join(repoRoot, "node_modules", ".bin", "yardstick");
    expect(realpathSync(link)).toEqual(realpathSync(bin));
    const r = spawnSync(process.execPath, [link, "check", "--help"], { cwd: repoRoot, encoding: "utf8" });
    expect([r.status, r.stdout.split("\n")[0]]).toEqual([0, "Usage: yardstick check <policy.json…> [--events E.ndjson]"]);
  });
});
