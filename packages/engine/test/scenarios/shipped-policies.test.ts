import { readFileSync, readdirSync } from "node:fs";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { compilePolicy, runScenarios, type ScenarioFile } from "../../src/index.js";

const POLICIES = resolve(import.meta.dirname, "../../../../policies");
const files = readdirSync(POLICIES).filter((f) => f.endsWith(".test.json"));

describe.each(files)("scenarios %s", (file) => {
  const scenario = JSON.parse(readFileSync(join(POLICIES, file), "utf8")) as ScenarioFile;
  const compiled = compilePolicy(JSON.parse(readFileSync(join(POLICIES, scenario.policy), "utf8")));
  it("policy compiles without diagnostics", () => {
    expect(compiled.diagnostics).toEqual([]);
    expect(compiled.ok).toBe(true);
  });
  if (!compiled.ok) return;
  for (const result of runScenarios(compiled.value, scenario)) {
    it(result.name, () => {
      expect(result.failures, JSON.stringify(result.decisions, null, 1)).toEqual([]);
    });
  }
});
