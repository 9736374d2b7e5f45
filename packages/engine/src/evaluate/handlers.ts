/** Registry of standard kinds at evaluation time (see ../compile/kinds.ts). */
import type { StandardHandler } from "./model.js";
import { timingHandler } from "./kinds/timing.js";
import { queueHandler } from "./kinds/queue.js";
import { escalationHandler } from "./kinds/escalation.js";

export const handlers: Record<string, StandardHandler> = {
  timing: timingHandler,
  queue: queueHandler,
  escalation: escalationHandler,
};
