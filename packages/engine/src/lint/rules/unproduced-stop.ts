/**
 * Code `lint_unproduced_stop` (error): a standard waits for a stop event that nothing
 * produces, so it can never be met: every obligation ends breached. "Produced" means
 * declared in the policy's `events` vocabulary (the contract integrations are written
 * against); a policy without a vocabulary accepts any type, so the lint is silent there.
 */
import type { LintRule } from "../context.js";
import { eventReferences } from "../context.js";
import { suggest } from "./unknown-event.js";

const CODE = "lint_unproduced_stop";

export const unproducedStop: LintRule = {
  code: CODE,
  check(ctx) {
    const vocabulary = ctx.vocabulary;
    if (vocabulary === null) return [];
    return ctx.standards.flatMap((s) =>
      eventReferences(s)
        .filter((r) => r.role === "stop" && !vocabulary.has(r.event))
        .map((r) => ({
          code: CODE,
          severity: "error" as const,
          message: `${s.id} can never be met: no declared event produces its stop event "${r.event}"${suggest(r.event, vocabulary)}`,
          path: r.path,
        })),
    );
  },
};
