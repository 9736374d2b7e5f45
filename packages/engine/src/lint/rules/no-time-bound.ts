/**
 * Code `lint_no_time_bound` (warning): SMART "T", the standard states no time limit.
 * A timing standard is time-bound by `within`, a calendar-aligned `deadline`, or a
 * deadline its start event carries (`deadlineFrom`). A queue's closing rule is bound by
 * its closing time, whether a clock time or a calendar's; a first-come-first-served
 * rule judges an order, not a time, and is not reported; nor is a `rule`, judged at its event. Other kinds are time-bound when any of their fields holds a
 * duration ("PT20M") or a local clock time ("17:30", a closing time). Reported at the
 * standard, since the missing field has no place of its own.
 */
import type { LintRule, StandardAt } from "../context.js";
import { forEachLeaf, isEventRule, isOrderOrClosingRule, isTimeValue } from "../context.js";

const CODE = "lint_no_time_bound";

export const noTimeBound: LintRule = {
  code: CODE,
  check(ctx) {
    return ctx.standards
      .filter((s) => !hasTimeBound(s))
      .map((s) => ({
        code: CODE,
        severity: "warning" as const,
        message: `${s.id} has no time limit: say by when, e.g. "within": "PT2M"`,
        path: s.pointer,
      }));
  },
};

function hasTimeBound(s: StandardAt): boolean {
  if (s.kind === "timing") return s.doc.within !== undefined || s.doc.deadline !== undefined || s.doc.deadlineFrom !== undefined;
  if (isOrderOrClosingRule(s) || isEventRule(s)) return true;
  let found = false;
  forEachLeaf(s, (value) => {
    if (isTimeValue(value)) found = true;
  });
  return found;
}
