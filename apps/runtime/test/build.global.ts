/**
 * The crash test spawns the built server (dist/server.js → the engine's dist/). Build
 * the engine when its dist/ is missing or older than its sources, then the runtime.
 */
import { execFileSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const runtimeDir = fileURLToPath(new URL("..", import.meta.url));
const engineDir = join(runtimeDir, "..", "..", "packages", "engine");
const tsc = createRequire(import.meta.url).resolve("typescript/bin/tsc");

function newestMtime(dir: string): number {
  return readdirSync(dir, { withFileTypes: true }).reduce((max, e) => {
    const p = join(dir, e.name);
    return Math.max(max, e.isDirectory() ? newestMtime(p) : statSync(p).mtimeMs);
  }, 0);
}

function build(dir: string): void {
  execFileSync(process.execPath, [tsc, "-p", join(dir, "tsconfig.build.json")], { cwd: dir, stdio: "inherit" });
}

export default function setup(): void {
  const engineOut = join(engineDir, "dist", "src", "index.js");
  if (!existsSync(engineOut) || statSync(engineOut).mtimeMs < Math.max(newestMtime(join(engineDir, "src")), newestMtime(join(engineDir, "schema")))) {
    try {
      build(engineDir);
    } catch (err) {
      // An engine mid-edit: the in-process tests use its sources anyway; only the
      // spawned server needs dist/, and an older one still runs it.
      if (!existsSync(engineOut)) throw err;
      process.stderr.write("runtime tests: the engine does not build now; the crash test uses its existing dist/\n");
    }
  }
  build(runtimeDir);
}
