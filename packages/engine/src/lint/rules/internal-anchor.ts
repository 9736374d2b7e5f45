/**
 * Code `lint_internal_anchor` (warning): SMART "R", the target should tie to a
 * customer-facing event (seated, ordered, called), not an internal one. A timing
 * standard whose clock starts only on internal events, or stops only on them, measures
 * something the customer never sees. An event is internal when the policy declares it
 * with `"audience": "internal"` (e.g. "ticket.printed", "order.sent-to-kitchen");
 * every other type counts as customer-facing, so policies that declare no audience are
 * never flagged. Reported at the `start` or `stop` field.
 */
import type { Diagnostic, MatcherDoc } from "../../types.js";
import type { LintContext, LintRule, StandardAt } from "../context.js";
import { matcherEvents } from "../context.js";

const CODE = "lint_internal_anchor";

export const internalAnchor: LintRule = {
  code: CODE,
  check(ctx) {
    return ctx.standards.filter((s) => s.kind === "timing").flatMap((s) => [...anchorCheck(ctx, s, "start"), ...anchorCheck(ctx, s, "stop")]);
  },
};

/** One warning when every event of the standard's `field` matchers is internal. */
function anchorCheck(ctx: LintContext, s: StandardAt, field: "start" | "stop"): Diagnostic[] {
  const events = matcherEvents(s.doc[field] as MatcherDoc | MatcherDoc[] | undefined, `${s.pointer}/${field}`).map((r) => r.event);
  if (events.length === 0 || !events.every((e) => ctx.internalEvents.has(e))) return [];
  const names = [...new Set(events)].map((e) => `"${e}"`).join(", ");
  const verb = field === "start" ? "starts" : "stops";
  return [
    {
      code: CODE,
      severity: "warning",
      message: `${s.id}: the clock ${verb} only on internal ${events.length === 1 ? "event" : "events"} ${names}, which the customer never sees; tie the target to a customer-facing event (seated, ordered, called)`,
      path: `${s.pointer}/${field}`,
    },
  ];
}
