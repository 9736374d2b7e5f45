/**
 * Decision statuses (docs/contracts.md "Decision"), in the order people read them:
 * outcomes of an obligation (met, breached), notices while it runs (warning, open),
 * endings without an outcome (cancelled), fairness (violation) and classification.
 */
export const DECISION_STATUSES = ["met", "breached", "warning", "open", "cancelled", "violation", "classified"] as const;

export type DecisionStatus = (typeof DECISION_STATUSES)[number];

/**
 * True when `value` is one of {@link DECISION_STATUSES}.
 * @example isDecisionStatus("met") // true
 */
export function isDecisionStatus(value: unknown): value is DecisionStatus {
  return typeof value === "string" && (DECISION_STATUSES as readonly string[]).includes(value);
}
