/**
 * Code `lint_no_numeric_target` (warning): SMART "M", the standard is not stated as
 * concrete data. A timing standard's target is its time limit, so a timing standard
 * without one is reported once, as `lint_no_time_bound`, and never here. Other kinds
 * have a numeric target when any field (conditions included: "collectiveSize ≥ 10")
 * holds a number, a duration or a clock time. A first-come-first-served or closing rule
 * (`fifo`, `closing`) is concrete as it stands: its target is an order or a time of day,
 * not a number. Reported at the standard.
 */
import type { LintRule, StandardAt } from "../context.js";
import { forEachLeaf, isEventRule, isOrderOrClosingRule, isTimeValue } from "../context.js";

const CODE = "lint_no_numeric_target";

/** Numbers under these keys are bookkeeping, not targets. */
const NOT_TARGETS = new Set(["priority", "version"]);

export const noNumericTarget: LintRule = {
  code: CODE,
  check(ctx) {
    return ctx.standards
      .filter((s) => s.kind !== "timing" && !isOrderOrClosingRule(s) && !isEventRule(s) && !hasNumericTarget(s))
      .map((s) => ({
        code: CODE,
        severity: "warning" as const,
        message: `${s.id} has no numeric target: state it as data with a unit, e.g. a maximum wait "PT20M" or a count`,
        path: s.pointer,
      }));
  },
};

function hasNumericTarget(s: StandardAt): boolean {
  let found = false;
  forEachLeaf(s, (value, key) => {
    if (typeof value === "number" && Number.isFinite(value) && !NOT_TARGETS.has(key)) found = true;
    if (isTimeValue(value)) found = true;
  });
  return found;
}
