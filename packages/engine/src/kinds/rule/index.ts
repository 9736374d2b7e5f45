/**
 * The `rule` kind: a single-event compliance check (issue 11) — conditions over one
 * event and the subject's facts so far → a `violation` with reasons, severity and the
 * facts that decided it. Document: RuleDoc (schema #/definitions/rule).
 */
import type { StandardKind } from "../kind.js";
import { compileRule, type CompiledRule, type RuleDoc } from "./compile.js";
import { ruleHandler, type RuleSlot } from "./evaluate.js";

export type { CompiledRule, RuleDoc } from "./compile.js";

export const ruleKind: StandardKind<RuleDoc, CompiledRule, RuleSlot> = {
  name: "rule",
  compile: compileRule,
  handler: ruleHandler,
  // `on` only starts a check: the rule is judged on that same event (lint: nothing to stop).
  matcherFields: [{ field: "on", role: "other" }],
  // Compared value by value: `require`/`forbid` render as conditions (diff/render.ts).
  diffFields: [],
};
