/**
 * Event references outside the policy's `events` vocabulary in given roles, for the lint
 * that reports them (`lint_unproduced_stop` for stops; the other roles are the
 * compiler's `compile_unknown_event`).
 */
import type { DiagnosticCode } from "../codes.js";
import type { Diagnostic } from "../types.js";
import { closestName } from "../vocabulary/edit-distance.js";
import { eventReferences, type EventReference, type LintContext, type LintRule, type StandardAt } from "./context.js";

/** A reference to an undeclared event type, with a " (did you mean …?)" hint or "". */
export interface UndeclaredReference extends EventReference {
  standard: StandardAt;
  hint: string;
  /** The declared type it most likely meant, or null. */
  meant: string | null;
}

/**
 * An error lint over references in `roles` to event types the vocabulary does not
 * declare, with a fix to the closest declared type; silent when the policy has no
 * vocabulary (any type goes then).
 * @example
 * undeclaredEventLint("lint_unproduced_stop", ["stop"], (r) => `${r.standard.id}: "${r.event}" is not declared${r.hint}`)
 */
export function undeclaredEventLint(code: DiagnosticCode, roles: ReadonlyArray<EventReference["role"]>, message: (r: UndeclaredReference) => string): LintRule {
  return {
    code,
    check: (ctx) =>
      undeclaredReferences(ctx, roles).map((r): Diagnostic => {
        const d: Diagnostic = { code, severity: "error", message: message(r), path: r.path };
        return r.meant === null ? d : { ...d, fix: { title: `Change to "${r.meant}"`, edits: [{ path: r.path, value: r.meant }] } };
      }),
  };
}

/** Undeclared references in `roles`, standard by standard, in document order. */
function undeclaredReferences(ctx: LintContext, roles: ReadonlyArray<EventReference["role"]>): UndeclaredReference[] {
  const vocabulary = ctx.vocabulary;
  if (vocabulary === null) return [];
  return ctx.standards.flatMap((standard) =>
    eventReferences(standard)
      .filter((r) => roles.includes(r.role) && !vocabulary.has(r.event))
      .map((r) => {
        const meant = closestName(r.event, vocabulary);
        return { ...r, standard, meant, hint: meant === null ? "" : ` (did you mean "${meant}"?)` };
      }),
  );
}
