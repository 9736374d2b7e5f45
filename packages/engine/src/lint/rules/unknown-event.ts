/**
 * Code `lint_unknown_event` (error): a standard starts, requires, cancels or suspends on
 * an event type that the policy's `events` vocabulary does not declare, so integrations
 * written against the vocabulary never send it. Only when a vocabulary exists. Stop
 * events have their own, more specific lint: `lint_unproduced_stop`.
 */
import type { LintRule } from "../context.js";
import { eventReferences } from "../context.js";

const CODE = "lint_unknown_event";

export const unknownEvent: LintRule = {
  code: CODE,
  check(ctx) {
    const vocabulary = ctx.vocabulary;
    if (vocabulary === null) return [];
    return ctx.standards.flatMap((s) =>
      eventReferences(s)
        .filter((r) => r.role !== "stop" && !vocabulary.has(r.event))
        .map((r) => ({
          code: CODE,
          severity: "error" as const,
          message: `${s.id}: event type "${r.event}" is not declared in "events"${suggest(r.event, vocabulary)}`,
          path: r.path,
        })),
    );
  },
};

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
