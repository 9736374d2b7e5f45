/**
 * Guard rails for publishing: a version with errors or failing scenario tests is not
 * published by accident. The manager may still publish it by writing a reason, which
 * travels with the version. The runtime has no field for it yet, so it is appended to
 * the version's message after an "[override]" marker.
 */
import type { CheckResult, ScenarioResult } from "@yardstick/engine";

export type PublishGuard =
  /** The check or the scenario tests of the editor's text have not finished. */
  | { state: "pending" }
  | { state: "clear" }
  | { state: "blocked"; errors: number; failed: number; total: number };

/**
 * Whether the editor's text may be published as it is.
 * `tests`: the scenario results for this very text, null when the policy has none,
 * undefined while they have not run on it yet.
 * @example publishGuard(check, [{ name: "R1", ok: false, failures: ["…"], decisions: [] }]) // { state: "blocked", errors: 0, failed: 1, total: 1 }
 */
export function publishGuard(check: CheckResult | null, tests: readonly ScenarioResult[] | null | undefined): PublishGuard {
  if (check === null) return { state: "pending" };
  const errors = check.diagnostics.filter((d) => d.severity === "error").length || (check.ok ? 0 : 1);
  // A text that does not compile fails every test; counting them would only repeat the errors.
  if (errors === 0 && tests === undefined) return { state: "pending" };
  const failed = errors === 0 && tests ? tests.filter((r) => !r.ok).length : 0;
  if (errors === 0 && failed === 0) return { state: "clear" };
  return { state: "blocked", errors, failed, total: tests?.length ?? 0 };
}

/** Most characters the runtime accepts in a version's message. */
export const MAX_MESSAGE = 2000;

/**
 * The message sent with a version; an override's reason goes after it, marked.
 * @example publishMessage("R1: 3 minutes", "agreed with the owners") // "R1: 3 minutes\n\n[override] agreed with the owners"
 */
export function publishMessage(message: string, overrideReason?: string): string {
  const m = message.trim();
  const r = overrideReason?.trim();
  return r ? `${m}\n\n[override] ${r}` : m;
}
