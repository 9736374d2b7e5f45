/**
 * Shared vitest settings for every workspace. With YARDSTICK_TEST_REPORT=1 (set by
 * .ci/run) each workspace also writes a JSON report to .ci/out/, from which CI prints
 * its closing `N passed, N failed` line.
 */
import { execFileSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import { createRequire } from "node:module";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { defineConfig, type ViteUserConfig } from "vitest/config";

const ROOT = resolve(import.meta.dirname);
const ENGINE_DIR = join(ROOT, "packages", "engine");

export function reporters(name: string): Array<string | [string, Record<string, unknown>]> {
  if (process.env.YARDSTICK_TEST_REPORT !== "1") return ["default"];
  return ["default", ["json", { outputFile: resolve(ROOT, ".ci/out", `vitest-${name}.json`) }]];
}

/**
 * The config of a workspace whose tests (`test/**\/*.test.ts`) run built code: sources
 * through the "source" condition, `test/build.global.ts` (a {@link buildForTests} call)
 * before any test, generous timeouts, and {@link reporters} under `name`. `test` adds or
 * overrides test options.
 * @example export default testConfigWithBuild("cli");
 */
export function testConfigWithBuild(name: string, test: NonNullable<ViteUserConfig["test"]> = {}): ViteUserConfig {
  return defineConfig({
    resolve: { conditions: ["source"] },
    test: {
      include: ["test/**/*.test.ts"],
      globalSetup: ["./test/build.global.ts"],
      // Real processes and databases: PGlite's first open runs initdb (~3 s), and
      // PostgreSQL tests share the machine's server.
      testTimeout: 60_000,
      hookTimeout: 120_000,
      reporters: reporters(name),
      ...test,
    },
  });
}

function newestMtime(dir: string): number {
  return readdirSync(dir, { withFileTypes: true }).reduce((max, e) => {
    const p = join(dir, e.name);
    return Math.max(max, e.isDirectory() ? newestMtime(p) : statSync(p).mtimeMs);
  }, 0);
}

function build(dir: string): void {
  const tsc = createRequire(import.meta.url).resolve("typescript/bin/tsc");
  execFileSync(process.execPath, [tsc, "-p", join(dir, "tsconfig.build.json")], { cwd: dir, stdio: "inherit" });
}

/**
 * Builds the engine when its dist/ is missing or older than its sources, then the
 * workspace at `dir`, for tests that spawn built code. With `staleEngineOk`, an engine
 * that does not build now (but built before) is not an error: that line goes to stderr
 * and the tests use the engine's existing dist/.
 * @example export default () => buildForTests(new URL("..", import.meta.url));
 */
export function buildForTests(dir: string | URL, options: { staleEngineOk?: string } = {}): void {
  const engineOut = join(ENGINE_DIR, "dist", "src", "index.js");
  if (!existsSync(engineOut) || statSync(engineOut).mtimeMs < Math.max(newestMtime(join(ENGINE_DIR, "src")), newestMtime(join(ENGINE_DIR, "schema")))) {
    try {
      build(ENGINE_DIR);
    } catch (err) {
      if (options.staleEngineOk === undefined || !existsSync(engineOut)) throw err;
      process.stderr.write(`${options.staleEngineOk}\n`);
    }
  }
  build(dir instanceof URL ? fileURLToPath(dir) : dir);
}
