/**
 * `yardstick test [dir|file…]`: runs the scenario files next to the policies
 * (`<name>.test.json` beside `<name>.policy.json`) and prints PASS/FAIL per case.
 */
import { existsSync, readdirSync, statSync } from "node:fs";
import { basename, dirname, join, resolve } from "node:path";
import { locateDiagnostics, runScenarios, type ScenarioFile } from "@yardstick/engine";
import { CliError, located, parseJsonIn, readText, type Io } from "../io.js";
import { parseCommand } from "../args.js";
import { loadPolicy } from "../policy-file.js";

export const testHelp = `Usage: yardstick test [dir|file…]

Runs scenario tests. A directory is searched (recursively) for *.test.json files; a
*.test.json file runs as is; a *.policy.json file runs the *.test.json beside it.
Without arguments: the ./policies directory.
Each scenario file names its policy ("policy": "x.policy.json", relative to the file);
without that field, x.test.json tests x.policy.json.
Prints PASS or FAIL per case, failures indented below, then "N passed, N failed".
Exits 1 when any case fails or a file cannot be run.`;

export function test(argv: string[], io: Io): number {
  const { positionals } = parseCommand("test", argv, {}, testHelp);
  const targets = positionals.length > 0 ? positionals : ["policies"];
  if (positionals.length === 0 && !existsSync(resolve(io.cwd, "policies"))) {
    throw new CliError(["yardstick test: no ./policies directory here; name a directory or files", "Try: yardstick test --help"]);
  }
  const files = targets.flatMap((t) => scenarioFiles(t));
  if (files.length === 0) throw new CliError(`yardstick test: no *.test.json files in ${targets.join(", ")}`);
  let passed = 0;
  let failed = 0;
  for (const file of files) {
    const r = runFile(file, io);
    passed += r.passed;
    failed += r.failed;
  }
  io.out(`${passed} passed, ${failed} failed\n`);
  return failed > 0 ? 1 : 0;
}

function scenarioFiles(target: string): string[] {
  if (target.endsWith(".policy.json")) return [target.slice(0, -".policy.json".length) + ".test.json"];
  if (existsSync(target) && statSync(target).isDirectory()) return walk(target).sort();
  return [target];
}

function walk(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    if (e.name.startsWith(".") || e.name === "node_modules") return [];
    const p = join(dir, e.name);
    return e.isDirectory() ? walk(p) : e.name.endsWith(".test.json") ? [p] : [];
  });
}

/** Runs one scenario file; a file that cannot run counts as one failure. */
function runFile(file: string, io: Io): { passed: number; failed: number } {
  try {
    const text = readText(file);
    const scenarios = parseScenarioFile(file, text);
    const policyFile = typeof scenarios.policy === "string" ? join(dirname(file), scenarios.policy) : join(dirname(file), basename(file).replace(/\.test\.json$/, ".policy.json"));
    const { policy } = loadPolicy(policyFile);
    const results = runScenarios(policy, scenarios);
    const where = locateDiagnostics(text, results.map((_, i) => ({ code: "", severity: "info" as const, message: "", path: `/cases/${i}` })));
    let failed = 0;
    results.forEach((r, i) => {
      if (r.ok) {
        io.out(`PASS ${file} > ${r.name}\n`);
        return;
      }
      failed++;
      io.out(`FAIL ${file}:${where[i].line}:${where[i].column} > ${r.name}\n`);
      for (const f of r.failures) io.out(`     ${f}\n`);
    });
    return { passed: results.length - failed, failed };
  } catch (err) {
    // A malformed case is bad input too: report it, never a stack trace.
    const lines = err instanceof CliError ? err.lines : [err instanceof Error ? err.message : String(err)];
    io.out(`FAIL ${file}\n`);
    for (const line of lines) io.out(`     ${line}\n`);
    return { passed: 0, failed: 1 };
  }
}

/**
 * Parses a scenario file; invalid JSON, or a file without a `cases` list
 * (code `cli_scenario_invalid`), is located in the file.
 */
function parseScenarioFile(file: string, text: string): ScenarioFile {
  const value = parseJsonIn(file, text) as Partial<ScenarioFile> | null;
  if (value === null || typeof value !== "object" || !Array.isArray(value.cases)) {
    const [d] = locateDiagnostics(text, [{ code: "cli_scenario_invalid", severity: "error", message: 'a scenario file is an object with a "cases" list', path: "/cases" }]);
    throw new CliError(located(file, d));
  }
  return value as ScenarioFile;
}
