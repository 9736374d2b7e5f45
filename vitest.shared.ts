/**
 * Shared vitest settings for every workspace. With YARDSTICK_TEST_REPORT=1 (set by
 * .ci/run) each workspace also writes a JSON report to .ci/out/, from which CI prints
 * its closing `N passed, N failed` line.
 */
import { resolve } from "node:path";

const ROOT = resolve(import.meta.dirname);

export function reporters(name: string): Array<string | [string, Record<string, unknown>]> {
  if (process.env.YARDSTICK_TEST_REPORT !== "1") return ["default"];
  return ["default", ["json", { outputFile: resolve(ROOT, ".ci/out", `vitest-${name}.json`) }]];
}
