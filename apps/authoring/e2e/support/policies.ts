/** The shipped policies the browser tests open, read from the repository's policies/. */
import { readFileSync } from "node:fs";
import { join } from "node:path";

const POLICIES = join(import.meta.dirname, "../../../../policies");

/** How many scenario cases a shipped policy's test file has (what the page reports as "N passed"). */
export function shippedCaseCount(name: string): number {
  const file = JSON.parse(readFileSync(join(POLICIES, `${name}.test.json`), "utf8")) as { cases: unknown[] };
  return file.cases.length;
}
