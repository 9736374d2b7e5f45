/**
 * Code `lint_warning_after_deadline`: `warnBefore` is as long as the time limit or
 * longer, so the "approaching its deadline" warning would fall at or before the start
 * and tell staff nothing. An error on a timing standard (issue 10: such a warning is a
 * mistake, not a style point), a warning elsewhere (a level of another kind). Checked
 * wherever `warnBefore` and `within` sit side by side.
 */
import type { Diagnostic } from "../../types.js";
import { formatDuration, parseDuration } from "../../vocabulary/duration.js";
import type { LintRule } from "../context.js";
import { escapePointer } from "../../vocabulary/pointer.js";

const CODE = "lint_warning_after_deadline";

export const warningAfterDeadline: LintRule = {
  code: CODE,
  check(ctx) {
    const out: Diagnostic[] = [];
    const visit = (id: string, value: unknown, pointer: string, timing = false): void => {
      if (Array.isArray(value)) return value.forEach((v, i) => visit(id, v, `${pointer}/${i}`));
      if (value === null || typeof value !== "object") return;
      const o = value as Record<string, unknown>;
      const warn = typeof o.warnBefore === "string" ? parseDuration(o.warnBefore) : null;
      const within = typeof o.within === "string" ? parseDuration(o.within) : null;
      if (warn !== null && within !== null && warn >= within) {
        out.push({
          code: CODE,
          severity: timing ? "error" : "warning",
          message: `${id} warns ${formatDuration(warn)} before a ${formatDuration(within)} deadline, which is at or before the start; use less than ${formatDuration(within)}`,
          path: `${pointer}/warnBefore`,
        });
      }
      for (const [k, v] of Object.entries(o)) if (k !== "when") visit(id, v, `${pointer}/${escapePointer(k)}`);
    };
    for (const s of ctx.standards) visit(s.id, s.doc, s.pointer, s.kind === "timing");
    return out;
  },
};
