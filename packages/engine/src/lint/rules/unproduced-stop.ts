/**
 * Code `lint_unproduced_stop` (error): a standard waits for a stop event that nothing
 * produces, so it can never be met: every obligation ends breached. "Produced" means
 * declared in the policy's `events` vocabulary (the contract integrations are written
 * against); a policy without a vocabulary accepts any type, so the lint is silent there.
 */
import { undeclaredEventLint } from "../undeclared-events.js";

export const unproducedStop = undeclaredEventLint("lint_unproduced_stop", ["stop"], (r) => `${r.standard.id} can never be met: no declared event produces its stop event "${r.event}"${r.hint}`);
