/**
 * Code `lint_duplicate_id` (error): two standards share an id. Decisions carry the id,
 * so a reader could not tell which standard made a decision. Reported on every
 * repetition, at its `id` field.
 */
import type { Diagnostic } from "../../types.js";
import type { LintRule } from "../context.js";

const CODE = "lint_duplicate_id";

export const duplicateId: LintRule = {
  code: CODE,
  check(ctx) {
    const first = new Map<string, string>();
    const out: Diagnostic[] = [];
    for (const s of ctx.standards) {
      if (typeof s.doc.id !== "string") continue;
      const earlier = first.get(s.id);
      if (earlier === undefined) first.set(s.id, s.pointer);
      else out.push({ code: CODE, severity: "error", message: `standard id "${s.id}" is already used by ${earlier}; decisions would not say which one they come from`, path: `${s.pointer}/id` });
    }
    return out;
  },
};
