/** Structural diff. STUB: the lint/diff/CLI helper owns diff/. */
import type { PolicyDoc } from "../types.js";

export interface PolicyChange {
  kind: "added" | "removed" | "changed";
  /** Standard id, when the change is inside a standard. */
  standard?: string;
  /** JSON pointer in the new document (old for removals). */
  path: string;
  /** Plain words: "R6 main course: within 10 min → 12 min". */
  message: string;
  before?: unknown;
  after?: unknown;
}

/** Lists what changed between two policy documents, in document order. */
export function diffPolicies(_before: PolicyDoc, _after: PolicyDoc): PolicyChange[] {
  return [];
}
