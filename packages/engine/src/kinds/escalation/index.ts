/**
 * The `escalation` kind: the level a case has reached (conditions, ages, aggregates over
 * many subjects) and who owns it. Policy-scoped: one unit for the whole policy.
 * Document: EscalationDoc (schema #/definitions/escalation).
 */
import type { StandardKind } from "../kind.js";
import { compileEscalation, type CompiledEscalation, type EscalationDoc } from "./compile.js";
import { escalationHandler, type EscalationSlot } from "./evaluate.js";

export type { CompiledEscalation, EscalationDoc } from "./compile.js";

export const escalationKind: StandardKind<EscalationDoc, CompiledEscalation, EscalationSlot> = {
  name: "escalation",
  compile: compileEscalation,
  handler: escalationHandler,
  matcherFields: [
    { field: "open", role: "start" },
    { field: "update", role: "other" },
    { field: "resolve", role: "other" },
    { field: "reopen", role: "other" },
  ],
  // Compared value by value (levels/1/age, …).
  diffFields: [],
};
