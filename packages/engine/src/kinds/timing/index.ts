/**
 * The `timing` kind: after a start event, a stop event within a duration.
 * Document: TimingStandardDoc (../../types.ts, schema #/definitions/timing).
 */
import type { MatcherDoc, TimingStandardDoc } from "../../types.js";
import type { StandardKind } from "../kind.js";
import { renderMatchers, renderValue } from "../../diff/render.js";
import { compileTiming, type CompiledTiming } from "./compile.js";
import { timingHandler } from "./evaluate.js";
import type { TimingSlot } from "./state.js";

export type { CompiledTiming } from "./compile.js";

export const timingKind: StandardKind<TimingStandardDoc, CompiledTiming, TimingSlot> = {
  name: "timing",
  compile: compileTiming,
  handler: timingHandler,
  matcherFields: [
    { field: "start", role: "start" },
    { field: "stop", role: "stop" },
    { field: "requires", role: "other" },
    { field: "cancel", role: "other" },
    { field: "suspend/from", role: "other" },
    { field: "suspend/until", role: "other" },
    { field: "suspend/void", role: "other" },
  ],
  diffFields: [
    { field: "start", name: "start", render: (v) => renderMatchers(v as MatcherDoc[]) },
    { field: "stop", name: "stop", render: (v) => renderMatchers(v as MatcherDoc[]) },
    { field: "requires", name: "requires", render: (v) => renderMatchers(v as MatcherDoc[]) },
    { field: "cancel", name: "cancel", render: (v) => renderMatchers(v as MatcherDoc[]) },
    { field: "within", name: "within", render: renderValue },
    { field: "deadlineFrom", name: "deadline from", render: (v) => renderDeadlineFrom(v as Record<string, unknown>) },
    { field: "warnBefore", name: "warn before", render: renderValue },
    { field: "warnAt", name: "warn at", render: renderValue },
    { field: "key", name: "key", render: renderValue },
    { field: "once", name: "first start only", render: renderValue },
    { field: "suspend", name: "suspend", render: (v) => renderSuspend(v as Record<string, unknown>) },
    { field: "calendar", name: "calendar", render: renderValue },
  ],
};

function renderDeadlineFrom(v: Record<string, unknown>): string {
  const parts: string[] = [];
  if (typeof v.due === "string") parts.push(`due time in data.${v.due}`);
  if (typeof v.within === "string") parts.push(`duration in data.${v.within}`);
  return parts.join(" or ") || "nothing";
}

function renderSuspend(v: Record<string, unknown>): string {
  const key = typeof v.key === "string" ? ` per ${v.key}` : "";
  const resume = v.resume === "continue" ? "continue" : "restart";
  const voided = v.void !== undefined ? `, void on ${renderMatchers(v.void as MatcherDoc[])}` : "";
  const bound = typeof v.maxHold === "string" ? `, at most ${v.maxHold}` : "";
  return `while ${renderMatchers(v.from as MatcherDoc[])} waits for ${renderMatchers(v.until as MatcherDoc[])}${key}${voided}${bound}, then ${resume}`;
}
