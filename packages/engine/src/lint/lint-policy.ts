/**
 * SMART lint (domain: service-standards.md §1). One rule per file in rules/, each
 * declaring and documenting its code:
 *
 * | code | severity | SMART |
 * |---|---|---|
 * | `lint_vague_wording`          | warning | S: vague words without a number |
 * | `lint_no_numeric_target`      | warning | M: no number, duration or count |
 * | `lint_probably_unachievable`  | warning | A: breached in > 50% of recorded cases |
 * | `lint_internal_anchor`        | warning | R: the clock starts or stops only on internal events |
 * | `lint_no_time_bound`          | warning | T: no time limit |
 * | `lint_warning_after_deadline` | error on timing standards, else warning | `warnBefore` ≥ the time limit |
 * | `lint_unproduced_stop`        | error   | a stop event nothing produces |
 * | `lint_limit_mismatch`         | warning | S/M: a duration in the text that no field declares |
 * | `lint_condition_type`         | warning | a condition over an untyped field that cannot do what it seems (./condition-types.ts) |
 *
 * A repeated id and an undeclared event type are compile errors (`compile_duplicate_id`,
 * `compile_unknown_event`, with their fixes), reported once, by the compiler.
 */
import type { Decision, Diagnostic, PolicyDoc, YardstickEvent } from "../types.js";
import { sortDiagnostics } from "../diagnostics-sort.js";
import { compilePolicy } from "../compile/compile-policy.js";
import { replayEvents } from "../replay/replay.js";
import { makeContext, type LintOptions, type LintRule } from "./context.js";
import { internalAnchor } from "./rules/internal-anchor.js";
import { limitMismatch } from "./rules/limit-mismatch.js";
import { noNumericTarget } from "./rules/no-numeric-target.js";
import { noTimeBound } from "./rules/no-time-bound.js";
import { probablyUnachievable } from "./rules/probably-unachievable.js";
import { unproducedStop } from "./rules/unproduced-stop.js";
import { vagueWording } from "./rules/vague-wording.js";
import { warningAfterDeadline } from "./rules/warning-after-deadline.js";
import { conditionTypes } from "./condition-types.js";

export type { LintOptions } from "./context.js";

/** Every lint, in no particular order (the result is sorted). */
export const lintRules: readonly LintRule[] = [
  vagueWording,
  noNumericTarget,
  noTimeBound,
  probablyUnachievable,
  internalAnchor,
  warningAfterDeadline,
  unproducedStop,
  limitMismatch,
  conditionTypes,
];

/**
 * Lints a schema-valid policy document; returns diagnostics sorted by path, severity,
 * code and message. With `decisions` (or `events`, replayed here) it also judges
 * achievability.
 * @example
 * lintPolicy(doc) // [{ code: "lint_vague_wording", severity: "warning", path: "/standards/0/title", … }]
 * lintPolicy(doc, { events }) // adds lint_probably_unachievable where > 50% breached
 */
export function lintPolicy(doc: PolicyDoc, options: LintOptions = {}): Diagnostic[] {
  const decisions = options.decisions ?? (options.events ? replayRecorded(doc, options.events) : null);
  const ctx = makeContext(doc, decisions, options);
  return sortDiagnostics(lintRules.flatMap((rule) => rule.check(ctx)));
}

/**
 * Decisions the document makes on recorded events; null when it does not compile
 * (compile diagnostics say why; achievability cannot be judged then). Invalid events
 * throw YardstickError `event_invalid`, as in replayEvents.
 */
function replayRecorded(doc: PolicyDoc, events: readonly YardstickEvent[]): Decision[] | null {
  const compiled = compilePolicy(doc);
  return compiled.ok ? replayEvents(compiled.value, events) : null;
}
