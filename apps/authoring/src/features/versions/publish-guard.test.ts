import { describe, expect, it } from "vitest";
import type { CheckResult, LocatedDiagnostic, ScenarioResult } from "@yardstick/engine";
import { publishGuard, publishMessage } from "./publish-guard.js";

const diag = (severity: LocatedDiagnostic["severity"]): LocatedDiagnostic => ({ code: "x", severity, message: "m", path: "", line: 1, column: 1, endLine: 1, endColumn: 2 });
const clean = { ok: true, diagnostics: [] } as unknown as CheckResult;
const withLintError = { ok: true, diagnostics: [diag("warning"), diag("error")] } as unknown as CheckResult;
const broken = { ok: false, diagnostics: [diag("error"), diag("error")] } as CheckResult;
const pass: ScenarioResult = { name: "a", ok: true, failures: [], decisions: [] };
const fail: ScenarioResult = { name: "b", ok: false, failures: ["R1 expected met, got breached"], decisions: [] };

describe("publishGuard", () => {
  it("waits for the check and for the tests of this text", () => {
    expect(publishGuard(null, [pass])).toEqual({ state: "pending" });
    expect(publishGuard(clean, undefined)).toEqual({ state: "pending" });
  });
  it("lets a clean policy through, with passing tests or none", () => {
    expect(publishGuard(clean, [pass, pass])).toEqual({ state: "clear" });
    expect(publishGuard(clean, null)).toEqual({ state: "clear" });
  });
  it("blocks on failing tests, counting them", () => {
    expect(publishGuard(clean, [pass, fail, fail])).toEqual({ state: "blocked", errors: 0, failed: 2, total: 3 });
  });
  it("blocks on errors (warnings do not count), without waiting for tests", () => {
    expect(publishGuard(withLintError, undefined)).toEqual({ state: "blocked", errors: 1, failed: 0, total: 0 });
    expect(publishGuard(broken, [fail])).toEqual({ state: "blocked", errors: 2, failed: 0, total: 1 });
  });
});

describe("publishMessage", () => {
  it("appends an override's reason after a marker", () => {
    expect(publishMessage(" R1: 3 minutes ", "  agreed with the owners ")).toBe("R1: 3 minutes\n\n[override] agreed with the owners");
    expect(publishMessage("R1: 3 minutes", "  ")).toBe("R1: 3 minutes");
    expect(publishMessage("R1: 3 minutes")).toBe("R1: 3 minutes");
  });
});
