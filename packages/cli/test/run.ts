/** Runs the real binary (node bin/yardstick.js) and collects its output. */
import { spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { onTestFinished } from "vitest";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

export const bin = fileURLToPath(new URL("../bin/yardstick.js", import.meta.url));
export const repoRoot = fileURLToPath(new URL("../../../", import.meta.url));
export const policiesDir = join(repoRoot, "policies");

export interface RunResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Spawns the CLI asynchronously, so a test's own HTTP server keeps serving meanwhile. */
export function yardstick(args: string[], options: { cwd?: string; env?: Record<string, string | undefined> } = {}): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const env = { ...process.env, ...options.env };
    for (const [k, v] of Object.entries(env)) if (v === undefined) delete env[k];
    const child = spawn(process.execPath, [bin, ...args], { cwd: options.cwd ?? repoRoot, env, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (c: string) => (stdout += c));
    child.stderr.setEncoding("utf8").on("data", (c: string) => (stderr += c));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}

/** A fresh temporary directory with the given files (names may have folders: "a/b.json") written into it, removed after the test. */
export function tempDir(files: Record<string, string> = {}): string {
  const dir = mkdtempSync(join(tmpdir(), "yardstick-cli-"));
  onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, name)), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  return dir;
}

/** NDJSON text from events. */
export function ndjson(events: object[]): string {
  return events.map((e) => JSON.stringify(e)).join("\n") + "\n";
}
