/** Behavioural diff. STUB: the lint/diff/CLI helper owns diff/. */
import type { CompiledPolicy } from "../evaluate/model.js";
import type { Decision, YardstickEvent } from "../types.js";

export interface BehaviourDiff {
  changes: Array<{ subject: string; standard: string; key: string; before: Decision | null; after: Decision | null; message: string }>;
  counts: Record<string, { changed: number; added: number; removed: number }>;
}

/** Replays the same events through two policies and lists each outcome that changes. */
export function diffBehaviour(_before: CompiledPolicy, _after: CompiledPolicy, _events: YardstickEvent[]): BehaviourDiff {
  return { changes: [], counts: {} };
}
