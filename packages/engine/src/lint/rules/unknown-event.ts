/**
 * Code `lint_unknown_event` (error): a standard starts, requires, cancels or suspends on
 * an event type that the policy's `events` vocabulary does not declare, so integrations
 * written against the vocabulary never send it. Only when a vocabulary exists. Stop
 * events have their own, more specific lint: `lint_unproduced_stop`.
 */
import { undeclaredEventLint } from "../undeclared-events.js";

export const unknownEvent = undeclaredEventLint("lint_unknown_event", ["start", "other"], (r) => `${r.standard.id}: event type "${r.event}" is not declared in "events"${r.hint}`);
