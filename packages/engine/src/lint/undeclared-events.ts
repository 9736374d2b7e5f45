/**
 * Event references outside the policy's `events` vocabulary, shared by the lints that
 * report them (`lint_unknown_event` for most roles, `lint_unproduced_stop` for stops).
 */
import { eventReferences, type EventReference, type LintContext, type LintRule, type StandardAt } from "./context.js";

/** A reference to an undeclared event type, with a " (did you mean …?)" hint or "". */
export interface UndeclaredReference extends EventReference {
  standard: StandardAt;
  hint: string;
}

/**
 * An error lint over references in `roles` to event types the vocabulary does not
 * declare; silent when the policy has no vocabulary (any type goes then).
 * @example
 * undeclaredEventLint("lint_unknown_event", ["start", "other"], (r) => `${r.standard.id}: "${r.event}" is not declared${r.hint}`)
 */
export function undeclaredEventLint(code: string, roles: ReadonlyArray<EventReference["role"]>, message: (r: UndeclaredReference) => string): LintRule {
  return {
    code,
    check: (ctx) => undeclaredReferences(ctx, roles).map((r) => ({ code, severity: "error", message: message(r), path: r.path })),
  };
}

/** Undeclared references in `roles`, standard by standard, in document order. */
function undeclaredReferences(ctx: LintContext, roles: ReadonlyArray<EventReference["role"]>): UndeclaredReference[] {
  const vocabulary = ctx.vocabulary;
  if (vocabulary === null) return [];
  return ctx.standards.flatMap((standard) =>
    eventReferences(standard)
      .filter((r) => roles.includes(r.role) && !vocabulary.has(r.event))
      .map((r) => ({ ...r, standard, hint: suggest(r.event, vocabulary) })),
  );
}

/** " (did you mean …?)" for a declared type that differs only slightly. */
export function suggest(event: string, vocabulary: ReadonlySet<string>): string {
  let best: string | null = null;
  let bestDistance = 3;
  for (const v of vocabulary) {
    const d = distance(event, v);
    if (d < bestDistance) [best, bestDistance] = [v, d];
  }
  return best === null ? "" : ` (did you mean "${best}"?)`;
}

function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0];
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const cur = row[j];
      row[j] = Math.min(row[j] + 1, row[j - 1] + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = cur;
    }
  }
  return row[b.length];
}
